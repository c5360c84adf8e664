/* fuzz-stop-reply.c: stop replies, thread ids and signal names
 *
 * Input: a stop reply payload (as after "Stop:" in a notification). Invariants: a failure sets an
 * error, a success none and a known kind; ids are -1 (none or all), 0 (any) or positive; the
 * reason is valid UTF-8; thread ids that parse are in range; signal names map back to numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tether-stop-reply.h"

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
  g_auto(TetherStopReply) reply = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup ((const char *)data, size);
  gint64 pid = -2;
  gint64 tid = -2;
  gboolean ok;

  ok = tether_stop_reply_parse ((const char *)data, size, &reply, &error);
  FUZZ_CHECK (ok == (error == NULL));
  if (ok)
    {
      FUZZ_CHECK (reply.kind <= TETHER_STOP_NO_RESUMED);
      FUZZ_CHECK (reply.pid >= -1 && reply.tid >= -1 && reply.core >= -1);
      FUZZ_CHECK (reply.reason == NULL || g_utf8_validate (reply.reason, -1, NULL));
    }
  else
    {
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
    }

  if (tether_thread_id_parse ((const char *)data, size, &pid, &tid))
    FUZZ_CHECK (pid >= -1 && tid >= -1);
  else
    FUZZ_CHECK (pid == -2 && tid == -2);

  /* Names from anywhere: a known one maps to a number whose name maps back. */
  {
    gint signo = tether_signal_from_name (text);

    if (signo >= 0)
      {
        const char *name = tether_signal_name (signo);

        FUZZ_CHECK (name != NULL);
        FUZZ_CHECK (tether_signal_from_name (name) == signo);
      }
  }
  if (size >= 1)
    {
      (void)tether_signal_name (data[0]);
      (void)tether_signal_description (data[0]);
    }

  return 0;
}
