/* test-procfs.c: /proc parsers, against this process's own /proc files and hostile text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-procfs.h"

/* argv as the kernel saw it, saved before g_test_init() edits it. */
static char **saved_argv;

static char *
read_file (const char *path,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, &error));
  g_assert_no_error (error);
  return contents;
}

/* ---- /proc/PID/stat ---------------------------------------------------------------------- */

static void
test_stat_self (void)
{
  g_auto(TetherProcStat) stat = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_basename (saved_argv[0]);
  g_autofree char *comm = g_strndup (base, 15);
  gsize len;

  text = read_file ("/proc/self/stat", &len);
  g_test_message ("%s", text);

  g_assert_true (tether_proc_stat_parse (text, len, &stat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat.pid, ==, getpid ());
  g_assert_cmpint (stat.ppid, ==, getppid ());
  /* Under valgrind comm is valgrind's own ("memcheck-amd64-"): accept either. */
  if (g_strcmp0 (stat.comm, comm) != 0)
    g_assert_true (g_str_has_prefix (stat.comm, "memcheck"));
  g_assert_cmpint (stat.state, ==, 'R');
  g_assert_cmpint (stat.num_threads, >=, 1);
  g_assert_cmpuint (stat.vsize_bytes, >, 0);
  g_assert_cmpint (stat.rss_pages, >, 0);
  g_assert_cmpuint (stat.start_time_ticks, >, 0);
}

/* A stat line as Linux writes it, with a given comm. */
static char *
make_stat (const char *comm)
{
  return g_strdup_printf ("1234 (%s) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 "
                          "5391 8675328 503 18446744073709551615 94558306197504 94558306215473 "
                          "140726189462512 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n", comm);
}

static void
test_stat_fields (void)
{
  g_auto(TetherProcStat) stat = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = make_stat ("sleep");

  g_assert_true (tether_proc_stat_parse (text, strlen (text), &stat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat.pid, ==, 1234);
  g_assert_cmpstr (stat.comm, ==, "sleep");
  g_assert_cmpint (stat.state, ==, 'S');
  g_assert_cmpint (stat.ppid, ==, 1);
  g_assert_cmpuint (stat.utime_ticks, ==, 17);
  g_assert_cmpuint (stat.stime_ticks, ==, 4);
  g_assert_cmpint (stat.num_threads, ==, 3);
  g_assert_cmpuint (stat.start_time_ticks, ==, 5391);
  g_assert_cmpuint (stat.vsize_bytes, ==, 8675328);
  g_assert_cmpint (stat.rss_pages, ==, 503);
}

static void
test_stat_comm (void)
{
  static const struct
  {
    const char *comm;
    const char *expected;
  } cases[] = {
    { "comm with spaces", "comm with spaces" },
    { "a) (b) c", "a) (b) c" },
    { ") S 1 2 3", ") S 1 2 3" },
    { "((", "((" },
    { "", "" },
    { "[kthreadd]", "[kthreadd]" },
    /* A comm cut at 15 bytes in the middle of a UTF-8 sequence: made valid. */
    { "h\xc3\xa9llo w\xc3\xb6rld \xc3", "h\xc3\xa9llo w\xc3\xb6rld \xef\xbf\xbd" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(TetherProcStat) stat = { 0, };
      g_autoptr(GError) error = NULL;
      g_autofree char *text = make_stat (cases[i].comm);

      g_assert_true (tether_proc_stat_parse (text, strlen (text), &stat, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (stat.comm, ==, cases[i].expected);
      g_assert_cmpint (stat.state, ==, 'S');
      g_assert_cmpint (stat.rss_pages, ==, 503);
    }
}

static void
test_stat_bad (void)
{
  static const char * const bad[] = {
    "",
    "\n",
    "1234",
    "1234 (sleep",
    "1234 sleep) S 1",
    "(sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
    "x (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
    "-5 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
    "1234(sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
    /* Truncated before rss. */
    "1234 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328",
    "1234 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 ",
    /* Bad state, double spaces, junk numbers, overflows, negative times. */
    "1234 (sleep) 5 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
    "1234 (sleep) SS 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
    "1234 (sleep)  S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
    "1234 (sleep) S 1x 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
    "1234 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 -17 4 0 0 20 0 3 0 5391 8675328 503",
    "1234 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 18446744073709551616 4 0 0 20 0 3 0 "
    "5391 8675328 503",
    "1234 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 "
    "99999999999999999999999999 503",
    "1234 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 "
    "9223372036854775808",
    "1234 (sleep) S 1 1234 1234 0 -99999999999999999999 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 "
    "8675328 503",
    "1234 (sleep) S 9223372036854775808 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 "
    "8675328 503",
    "99999999999999999999 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 "
    "8675328 503",
    "1234 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 +503",
    "1234 (sleep) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 -3 0 5391 8675328 503",
    "1234 (sleep) S 1 1234 1234 0 - 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 8675328 503",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(TetherProcStat) stat = { 0, };
      g_autoptr(GError) error = NULL;

      g_assert_false (tether_proc_stat_parse (bad[i], strlen (bad[i]), &stat, &error));
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (stat.comm);
      g_test_message ("%s", error->message);
    }
}

static void
test_stat_messages (void)
{
  g_auto(TetherProcStat) stat = { 0, };
  g_autoptr(GError) error = NULL;
  const char *text = "1234 (a) S 1 1234 1234 0 -1 4194560 1385 0 0 0 17 4 0 0 20 0 3 0 5391 "
                     "8675328 12x";

  g_assert_false (tether_proc_stat_parse (text, strlen (text), &stat, &error));
  g_assert_cmpstr (error->message, ==,
                   "Malformed /proc/PID/stat: field 24 is “12x”, not a valid number");
  g_clear_error (&error);

  /* Cut right after field 10, "1385". */
  g_assert_false (tether_proc_stat_parse (text, 40, &stat, &error));
  g_assert_cmpstr (error->message, ==,
                   "Malformed /proc/PID/stat: the file ends before field 11 (24 needed)");
}

/* Every prefix of a real stat line: only complete ones parse, nothing crashes or leaks, and the
 * bytes past @len are never read (the copies are exactly @len long). */
static void
test_stat_truncated (void)
{
  g_autofree char *text = make_stat ("a) (b");
  gsize full = strlen (text);
  const char *rss_end = strstr (text, " 503 ") + 4;

  for (gsize cut = 0; cut <= full; cut++)
    {
      g_autofree char *copy = g_memdup2 (text, cut);
      g_auto(TetherProcStat) stat = { 0, };
      g_autoptr(GError) error = NULL;
      gboolean ok = tether_proc_stat_parse (copy, cut, &stat, &error);

      /* Cutting inside rss still leaves a number ("50"): only check from its end. */
      if (cut >= (gsize) (rss_end - text))
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (stat.rss_pages, ==, 503);
        }
      else if (cut < (gsize) (rss_end - text) - 3)
        {
          g_assert_false (ok);
          g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
        }
    }
}

/* ---- /proc/PID/status -------------------------------------------------------------------- */

static void
test_status_self (void)
{
  g_auto(TetherProcStatus) status = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_basename (saved_argv[0]);
  g_autofree char *name = g_strndup (base, 15);
  gsize len;

  text = read_file ("/proc/self/status", &len);

  g_assert_true (tether_proc_status_parse (text, len, &status, &error));
  g_assert_no_error (error);
  if (g_strcmp0 (status.name, name) != 0)
    g_assert_true (g_str_has_prefix (status.name, "memcheck"));
  g_assert_cmpint (status.state, ==, 'R');
  g_assert_cmpint (status.ppid, ==, getppid ());
  g_assert_cmpint (status.tracer_pid, >=, 0);
  g_assert_cmpint (status.uid_real, ==, getuid ());
  g_assert_cmpint (status.uid_effective, ==, geteuid ());
  g_assert_cmpint (status.threads, >=, 1);
  g_assert_cmpuint (status.vm_rss_bytes, >, 0);
  g_assert_cmpuint (status.vm_rss_bytes % 1024, ==, 0);
}

/* Lines of a real status file, kernel 6.x, of a kernel thread: no VmRSS. */
static const char kthread_status[] =
  "Name:\tkthreadd\n"
  "Umask:\t0000\n"
  "State:\tS (sleeping)\n"
  "Tgid:\t2\n"
  "Ngid:\t0\n"
  "Pid:\t2\n"
  "PPid:\t0\n"
  "TracerPid:\t0\n"
  "Uid:\t0\t0\t0\t0\n"
  "Gid:\t0\t0\t0\t0\n"
  "FDSize:\t64\n"
  "Groups:\t \n"
  "NStgid:\t2\n"
  "NSpid:\t2\n"
  "NSpgid:\t0\n"
  "NSsid:\t0\n"
  "Kthread:\t1\n"
  "Threads:\t1\n"
  "SigQ:\t0/31510\n"
  "SigPnd:\t0000000000000000\n"
  "Cpus_allowed:\tffffffff\n"
  "Cpus_allowed_list:\t0-31\n"
  "voluntary_ctxt_switches:\t62\n"
  "nonvoluntary_ctxt_switches:\t0\n";

static void
test_status_fields (void)
{
  g_auto(TetherProcStatus) status = { 0, };
  g_autoptr(GError) error = NULL;
  const char *text =
    "Name:\t  two\\nlines \\\\ and\\ttab \n"
    "State:\tt (tracing stop)\n"
    "PPid:\t4321\n"
    "TracerPid:\t777\n"
    "Uid:\t1000\t1001\t1002\t1003\n"
    "Threads:\t12\n"
    "VmRSS:\t   1234 kB\n";

  g_assert_true (tether_proc_status_parse (text, strlen (text), &status, &error));
  g_assert_no_error (error);
  /* Leading blanks of the name are the process's own; the escapes are undone. */
  g_assert_cmpstr (status.name, ==, "  two\nlines \\ and\ttab ");
  g_assert_cmpint (status.state, ==, 't');
  g_assert_cmpint (status.ppid, ==, 4321);
  g_assert_cmpint (status.tracer_pid, ==, 777);
  g_assert_cmpint (status.uid_real, ==, 1000);
  g_assert_cmpint (status.uid_effective, ==, 1001);
  g_assert_cmpint (status.threads, ==, 12);
  g_assert_cmpuint (status.vm_rss_bytes, ==, 1234 * 1024);
  tether_proc_status_clear (&status);

  g_assert_true (tether_proc_status_parse (kthread_status, sizeof kthread_status - 1, &status,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status.name, ==, "kthreadd");
  g_assert_cmpint (status.state, ==, 'S');
  g_assert_cmpint (status.ppid, ==, 0);
  g_assert_cmpint (status.uid_real, ==, 0);
  g_assert_cmpuint (status.vm_rss_bytes, ==, 0);
  tether_proc_status_clear (&status);

  /* Missing keys stay at their defaults; no trailing newline is fine. */
  g_assert_true (tether_proc_status_parse ("Umask:\t0022", 11, &status, &error));
  g_assert_no_error (error);
  g_assert_null (status.name);
  g_assert_cmpint (status.state, ==, 0);
  g_assert_cmpint (status.ppid, ==, -1);
  g_assert_cmpint (status.tracer_pid, ==, -1);
  g_assert_cmpint (status.uid_real, ==, -1);
  g_assert_cmpint (status.uid_effective, ==, -1);
  g_assert_cmpint (status.threads, ==, -1);
  g_assert_cmpuint (status.vm_rss_bytes, ==, 0);
  tether_proc_status_clear (&status);

  /* A name that is not UTF-8 is made valid. */
  g_assert_true (tether_proc_status_parse ("Name:\tbad\xff\n", 10, &status, &error));
  g_assert_cmpstr (status.name, ==, "bad\xef\xbf\xbd");
}

static void
test_status_bad (void)
{
  static const char * const bad[] = {
    "",
    "Name:\tx\nno colon here\n",
    ":\tvalue\n",
    "PPid:\tabc\n",
    "PPid:\t-1\n",
    "PPid:\t\n",
    "TracerPid:\t99999999999999999999\n",
    "Threads:\t1 2\n",
    "State:\t\n",
    "State:\t5 (odd)\n",
    "State:\tSleeping\n",
    "Uid:\t1000\n",
    "Uid:\t1000\tx\t1000\t1000\n",
    "Uid:\t1000\t1000\t1000\t1000\t1000\n",
    "Uid:\t4294967296\t0\t0\t0\n",
    "VmRSS:\t1234\n",
    "VmRSS:\t1234 MB\n",
    "VmRSS:\t kB\n",
    "VmRSS:\t-5 kB\n",
    "VmRSS:\t18014398509481984 kB\n",
    "VmRSS:\t99999999999999999999999 kB\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(TetherProcStatus) status = { 0, };
      g_autoptr(GError) error = NULL;

      g_assert_false (tether_proc_status_parse (bad[i], strlen (bad[i]), &status, &error));
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (status.name);
      g_test_message ("%s", error->message);
    }

  {
    g_auto(TetherProcStatus) status = { 0, };
    g_autoptr(GError) error = NULL;
    const char *text = "Name:\tx\nPPid:\t1\nThreads:\tmany\n";

    g_assert_false (tether_proc_status_parse (text, strlen (text), &status, &error));
    g_assert_cmpstr (error->message, ==,
                     "Malformed /proc/PID/status, line 3: “Threads” is “many”, not a number");
  }
}

/* ---- /proc/PID/cmdline ------------------------------------------------------------------- */

static void
test_cmdline_self (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) args = NULL;
  gsize len;

  text = read_file ("/proc/self/cmdline", &len);
  args = tether_proc_cmdline_parse ((const guint8 *) text, len);

  g_assert_nonnull (args);
  /* Under valgrind the kernel's cmdline is valgrind's, ending with ours. */
  g_assert_cmpuint (g_strv_length (args), >=, g_strv_length (saved_argv));
  for (guint i = 0; saved_argv[i] != NULL; i++)
    g_assert_cmpstr (args[g_strv_length (args) - g_strv_length (saved_argv) + i], ==,
                     saved_argv[i]);
}

static void
check_cmdline (const char         *data,
               gsize               len,
               const char * const *expected)
{
  g_auto(GStrv) args = tether_proc_cmdline_parse ((const guint8 *) data, len);

  g_assert_nonnull (args);
  g_assert_cmpstrv (args, expected);
}

static void
test_cmdline_cases (void)
{
  const char * const none[] = { NULL };
  const char * const empty[] = { "", NULL };
  const char * const a_b[] = { "a", "b", NULL };
  const char * const a_empty[] = { "a", "", NULL };
  const char * const a_empty_empty[] = { "a", "", "", NULL };
  const char * const a_empty_b[] = { "a", "", "b", NULL };
  const char * const rewritten[] = { "sshd: alice [priv]   ", NULL };
  const char * const binary[] = { "\xff\xfe", "\xc3\xa9t\xc3\xa9", NULL };

  check_cmdline ("", 0, none);
  check_cmdline (NULL, 0, none);
  check_cmdline ("\0", 1, empty);
  check_cmdline ("a\0b\0", 4, a_b);
  check_cmdline ("a\0b", 3, a_b);
  check_cmdline ("a\0\0", 3, a_empty);
  check_cmdline ("a\0\0\0", 4, a_empty_empty);
  check_cmdline ("a\0\0b\0", 5, a_empty_b);
  check_cmdline ("sshd: alice [priv]   ", 21, rewritten);
  /* Not UTF-8: kept as it is. */
  check_cmdline ("\xff\xfe\0\xc3\xa9t\xc3\xa9\0", 9, binary);
  /* Bounded by len. */
  check_cmdline ("a\0bXYZ", 3, a_b);
}

/* ---- /proc/stat and /etc/passwd ----------------------------------------------------------- */

static void
test_boot_time (void)
{
  g_autofree char *text = NULL;
  guint64 btime = 0;
  gsize len;

  text = read_file ("/proc/stat", &len);
  g_assert_true (tether_proc_boot_time_parse (text, len, &btime));
  /* After 2001 and not in the future. */
  g_assert_cmpuint (btime, >, 1000000000);
  g_assert_cmpuint (btime, <=, (guint64) (g_get_real_time () / G_USEC_PER_SEC));

#define BOOT(s, ok, want)                                                   \
  G_STMT_START {                                                            \
    btime = 7;                                                              \
    g_assert_true (tether_proc_boot_time_parse (s, strlen (s), &btime) == ok); \
    g_assert_cmpuint (btime, ==, want);                                     \
  } G_STMT_END

  BOOT ("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n", TRUE, 1700000000);
  BOOT ("btime 1700000000", TRUE, 1700000000);
  BOOT ("intr 1 2\nbtime 18446744073709551615\n", TRUE, G_MAXUINT64);
  BOOT ("", FALSE, 7);
  BOOT ("cpu 1 2 3\n", FALSE, 7);
  BOOT ("btime \n", FALSE, 7);
  BOOT ("btime abc\n", FALSE, 7);
  BOOT ("btime -1\n", FALSE, 7);
  BOOT ("btime 12 13\n", FALSE, 7);
  BOOT ("btime 18446744073709551616\n", FALSE, 7);
  BOOT ("xbtime 5\n", FALSE, 7);
  BOOT ("btime5\n", FALSE, 7);

#undef BOOT

  /* Bounded by len. */
  g_assert_true (tether_proc_boot_time_parse ("btime 123456", 9, &btime));
  g_assert_cmpuint (btime, ==, 123);
}

static void
test_passwd_real (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) users = NULL;
  struct passwd *pw;
  gsize len;

  if (!g_file_test ("/etc/passwd", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /etc/passwd");
      return;
    }

  text = read_file ("/etc/passwd", &len);
  users = tether_passwd_parse (text, len);
  g_assert_cmpuint (g_hash_table_size (users), >, 0);

  pw = getpwuid (0);
  if (pw != NULL)
    g_assert_cmpstr (g_hash_table_lookup (users, GINT_TO_POINTER (0)), ==, pw->pw_name);
  pw = getpwuid (getuid ());
  if (pw != NULL && strstr (text, pw->pw_name) != NULL)
    g_assert_cmpstr (g_hash_table_lookup (users, GINT_TO_POINTER (getuid ())), ==, pw->pw_name);
}

static void
test_passwd_cases (void)
{
  const char *text =
    "root:x:0:0:root:/root:/bin/bash\n"
    "# a comment:x:5:5\n"
    "\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "toofew:x\n"
    "baduid:x:12a:1::/:/bin/sh\n"
    "negative:x:-3:1::/:/bin/sh\n"
    ":x:4:4::/:/bin/sh\n"
    "+nisuser:x:6:6::/:\n"
    "huge:x:4294967294:4294967294::/:\n"
    "toohuge:x:99999999999999999999:1::/:\n"
    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
    "alias:x:1000:1000::/home/alice:/bin/bash\n"
    "caf\xc3\xa9:x:1001:1001::/:\n"
    "b\xff" "d:x:1002:1002::/:\n"
    "minimal:x:1003:";
  g_autoptr(GHashTable) users = tether_passwd_parse (text, strlen (text));

  g_assert_cmpuint (g_hash_table_size (users), ==, 6);
  g_assert_cmpstr (g_hash_table_lookup (users, GINT_TO_POINTER (0)), ==, "root");
  g_assert_cmpstr (g_hash_table_lookup (users, GINT_TO_POINTER (1)), ==, "daemon");
  /* The first entry for a uid wins, as with getpwuid(). */
  g_assert_cmpstr (g_hash_table_lookup (users, GINT_TO_POINTER (1000)), ==, "alice");
  g_assert_cmpstr (g_hash_table_lookup (users, GINT_TO_POINTER (1001)), ==, "caf\xc3\xa9");
  g_assert_cmpstr (g_hash_table_lookup (users, GINT_TO_POINTER (1002)), ==, "b\xef\xbf\xbd" "d");
  g_assert_cmpstr (g_hash_table_lookup (users, GINT_TO_POINTER (1003)), ==, "minimal");
  g_assert_false (g_hash_table_contains (users, GINT_TO_POINTER (4)));
  g_assert_false (g_hash_table_contains (users, GINT_TO_POINTER (5)));
  g_assert_false (g_hash_table_contains (users, GINT_TO_POINTER (6)));

  g_clear_pointer (&users, g_hash_table_unref);
  users = tether_passwd_parse ("", 0);
  g_assert_cmpuint (g_hash_table_size (users), ==, 0);
}

/* Random bytes and corruptions of real files into every parser: no crash, no leak. */
static void
test_fuzz (void)
{
  g_autofree char *stat_text = make_stat ("fuzz) (me");
  const char *sources[] = { stat_text, kthread_status, "btime 1700000000\n",
                            "root:x:0:0:root:/root:/bin/bash\n" };

  for (gsize s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      gsize len = strlen (sources[s]);

      for (guint round = 0; round < 500; round++)
        {
          g_autofree char *copy = g_memdup2 (sources[s], len);
          g_auto(TetherProcStat) stat = { 0, };
          g_auto(TetherProcStatus) status = { 0, };
          g_auto(GStrv) args = NULL;
          g_autoptr(GHashTable) users = NULL;
          g_autoptr(GError) error = NULL;
          guint64 btime;

          for (guint flips = g_test_rand_int_range (1, 5); flips > 0; flips--)
            copy[g_test_rand_int_range (0, (gint32) len)] = (char) g_test_rand_int_range (0, 256);

          if (!tether_proc_stat_parse (copy, len, &stat, &error))
            g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
          g_clear_error (&error);
          if (!tether_proc_status_parse (copy, len, &status, &error))
            g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
          else if (status.name != NULL)
            g_assert_true (g_utf8_validate (status.name, -1, NULL));
          args = tether_proc_cmdline_parse ((const guint8 *) copy, len);
          g_assert_nonnull (args);
          (void) tether_proc_boot_time_parse (copy, len, &btime);
          users = tether_passwd_parse (copy, len);
          g_assert_nonnull (users);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  saved_argv = g_strdupv (argv);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/procfs/stat/self", test_stat_self);
  g_test_add_func ("/procfs/stat/fields", test_stat_fields);
  g_test_add_func ("/procfs/stat/comm", test_stat_comm);
  g_test_add_func ("/procfs/stat/bad", test_stat_bad);
  g_test_add_func ("/procfs/stat/messages", test_stat_messages);
  g_test_add_func ("/procfs/stat/truncated", test_stat_truncated);
  g_test_add_func ("/procfs/status/self", test_status_self);
  g_test_add_func ("/procfs/status/fields", test_status_fields);
  g_test_add_func ("/procfs/status/bad", test_status_bad);
  g_test_add_func ("/procfs/cmdline/self", test_cmdline_self);
  g_test_add_func ("/procfs/cmdline/cases", test_cmdline_cases);
  g_test_add_func ("/procfs/boot-time", test_boot_time);
  g_test_add_func ("/procfs/passwd/real", test_passwd_real);
  g_test_add_func ("/procfs/passwd/cases", test_passwd_cases);
  g_test_add_func ("/procfs/fuzz", test_fuzz);

  {
    int ret = g_test_run ();

    g_strfreev (saved_argv);
    return ret;
  }
}
