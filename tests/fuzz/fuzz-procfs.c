/* fuzz-procfs.c: the parsers of /proc/PID/stat, /proc/PID/status, /proc/PID/cmdline, /proc/stat
 * and /etc/passwd, which read files from the far side of the link
 *
 * Input: the text of a file; every parser gets it. Invariants: a failure sets an error, a success
 * none; strings meant for people are valid UTF-8; cmdline splits into arguments that join back to
 * the input (its final NUL is optional).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tether-procfs.h"

static void
check_cmdline (const guint8 *data,
               gsize         size)
{
  g_auto(GStrv) argv = tether_proc_cmdline_parse (data, size);
  g_autoptr(GByteArray) joined = g_byte_array_new ();
  guint n;

  FUZZ_CHECK (argv != NULL);
  n = g_strv_length (argv);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_byte_array_append (joined, (const guint8 *)"", 1);
      g_byte_array_append (joined, (const guint8 *)argv[i], strlen (argv[i]));
    }

  if (n == 0)
    {
      FUZZ_CHECK (size == 0 || (size == 1 && data[0] == '\0'));
      return;
    }
  /* The arguments, separated by NULs, and the optional final NUL. */
  FUZZ_CHECK (joined->len == size || (joined->len + 1 == size && data[size - 1] == '\0'));
  FUZZ_CHECK (joined->len == 0 || memcmp (joined->data, data, joined->len) == 0);
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
  const char *text = (const char *)data;

  {
    g_auto(TetherProcStat) stat = { 0 };
    g_autoptr(GError) error = NULL;
    gboolean ok = tether_proc_stat_parse (text, size, &stat, &error);

    FUZZ_CHECK (ok == (error == NULL));
    if (ok)
      FUZZ_CHECK (stat.comm != NULL && g_utf8_validate (stat.comm, -1, NULL));
  }

  {
    g_auto(TetherProcStatus) status = { 0 };
    g_autoptr(GError) error = NULL;
    gboolean ok = tether_proc_status_parse (text, size, &status, &error);

    FUZZ_CHECK (ok == (error == NULL));
    if (ok)
      FUZZ_CHECK (status.name == NULL || g_utf8_validate (status.name, -1, NULL));
  }

  check_cmdline (data, size);

  {
    guint64 btime = 0;

    (void)tether_proc_boot_time_parse (text, size, &btime);
  }

  {
    g_autoptr(GHashTable) users = tether_passwd_parse (text, size);
    GHashTableIter iter;
    gpointer key, value;

    FUZZ_CHECK (users != NULL);
    g_hash_table_iter_init (&iter, users);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        FUZZ_CHECK (GPOINTER_TO_INT (key) >= 0);
        FUZZ_CHECK (value != NULL);
      }
  }

  return 0;
}
