/* fuzz-options.c: the connection-string parser
 *
 * Input: a connection string. Invariants: a failure is a TETHER_ERROR_INVALID_OPTIONS with a
 * non-empty UTF-8 message; a success prints (tether_options_to_string) to a string that parses
 * again into equal options and prints the same; describing and classifying it never fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tether-error.h"
#include "tether-options.h"

static void
check_equal (TetherOptions *a,
             TetherOptions *b)
{
  FUZZ_CHECK (tether_options_get_transport (a) == tether_options_get_transport (b));
  FUZZ_CHECK (g_strcmp0 (tether_options_get_host (a), tether_options_get_host (b)) == 0);
  FUZZ_CHECK (tether_options_get_port (a) == tether_options_get_port (b));
  FUZZ_CHECK (tether_options_get_ip_version (a) == tether_options_get_ip_version (b));
  FUZZ_CHECK (g_strcmp0 (tether_options_get_user (a), tether_options_get_user (b)) == 0);
  FUZZ_CHECK (g_strcmp0 (tether_options_get_gdbserver (a), tether_options_get_gdbserver (b)) == 0);
  FUZZ_CHECK (g_strcmp0 (tether_options_get_device (a), tether_options_get_device (b)) == 0);
  FUZZ_CHECK (tether_options_get_baud (a) == tether_options_get_baud (b));
  FUZZ_CHECK (tether_options_is_loopback (a) == tether_options_is_loopback (b));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *string = g_strndup ((const char *)data, size);
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(TetherOptions) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *reprinted = NULL;
  g_autofree char *description = NULL;

  options = tether_options_parse (string, &error);
  if (options == NULL)
    {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (error->domain == TETHER_ERROR && error->code == TETHER_ERROR_INVALID_OPTIONS);
      FUZZ_CHECK (error->message[0] != '\0');
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  FUZZ_CHECK (error == NULL);

  printed = tether_options_to_string (options);
  FUZZ_CHECK (printed != NULL && g_utf8_validate (printed, -1, NULL));
  again = tether_options_parse (printed, &error);
  if (again == NULL)
    {
      fprintf (stderr, "“%s” printed as “%s”, which does not parse: %s\n",
               string, printed, error->message);
      abort ();
    }
  check_equal (options, again);
  reprinted = tether_options_to_string (again);
  FUZZ_CHECK (strcmp (printed, reprinted) == 0);

  description = tether_options_describe (options);
  FUZZ_CHECK (description != NULL && g_utf8_validate (description, -1, NULL));
  (void)tether_options_is_unauthenticated_network (options);

  return 0;
}
