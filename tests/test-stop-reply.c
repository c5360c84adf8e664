/* test-stop-reply.c: stop replies, thread ids and GDB's signal table
 *
 * The first replies are real: captured from gdbserver 13.1 (Debian 12) with `set debug remote 1`
 * while gdb attached, ran, broke, caught syscalls and vforks, and saw processes exit and die.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-error.h"
#include "tether-stop-reply.h"

typedef struct
{
  const char     *payload;
  TetherStopKind  kind;
  guint           signal;
  guint           exit_code;
  gint64          pid;
  gint64          tid;
  gint            core;
  const char     *reason;
} GoodReply;

static const GoodReply good_replies[] = {
  /* Captured from gdbserver 13.1. */
  { "T0006:30eed11ffe7f0000;07:d8edd11ffe7f0000;10:0375b479567f0000;thread:p1609.1609;core:1;",
    TETHER_STOP_SIGNALLED, 0, 0, 0x1609, 0x1609, 1, NULL },
  { "T05swbreak:;06:d0e5ffffff7f0000;07:18e3ffffff7f0000;10:60c0fcf7ff7f0000;thread:p17ba.17ba;"
    "core:1;",
    TETHER_STOP_SIGNALLED, 5, 0, 0x17ba, 0x17ba, 1, "swbreak" },
  { "T1e06:0000000000000000;07:08e2ffffff7f0000;10:67e2e0f7ff7f0000;thread:p17c1.17c1;core:0;",
    TETHER_STOP_SIGNALLED, 30, 0, 0x17c1, 0x17c1, 0, NULL },
  { "T05syscall_entry:27;06:0300000000000000;07:48e5ffffff7f0000;10:e774eaf7ff7f0000;"
    "thread:p17c8.17c8;core:0;",
    TETHER_STOP_SIGNALLED, 5, 0, 0x17c8, 0x17c8, 0, "syscall_entry" },
  { "T05syscall_return:27;06:0300000000000000;07:48e5ffffff7f0000;10:e774eaf7ff7f0000;"
    "thread:p17c8.17c8;core:0;",
    TETHER_STOP_SIGNALLED, 5, 0, 0x17c8, 0x17c8, 0, "syscall_return" },
  { "T05vfork:p17c9.17c9;06:0000000000000000;07:30e3ffffff7f0000;10:b863eaf7ff7f0000;"
    "thread:p17c8.17c8;core:0;",
    TETHER_STOP_SIGNALLED, 5, 0, 0x17c8, 0x17c8, 0, "vfork" },
  { "T05vforkdone:;06:0000000000000000;07:30e3ffffff7f0000;10:b863eaf7ff7f0000;"
    "thread:p17c8.17c8;core:0;",
    TETHER_STOP_SIGNALLED, 5, 0, 0x17c8, 0x17c8, 0, "vforkdone" },
  { "W0;process:17ba", TETHER_STOP_EXITED, 0, 0, 0x17ba, -1, -1, NULL },
  { "W3;process:17c8", TETHER_STOP_EXITED, 0, 3, 0x17c8, -1, -1, NULL },
  { "X1e;process:17c1", TETHER_STOP_TERMINATED, 30, 0, 0x17c1, -1, -1, NULL },

  /* Written from the protocol's documentation. */
  { "T05thread:p1a2b.1a2b;core:1;06:0000000000000000;07:ffffffffffffffff;",
    TETHER_STOP_SIGNALLED, 5, 0, 0x1a2b, 0x1a2b, 1, NULL },
  { "T05hwbreak:;thread:p1.2;", TETHER_STOP_SIGNALLED, 5, 0, 1, 2, -1, "hwbreak" },
  { "T05watch:7ffe1234abcd;thread:p1.2;", TETHER_STOP_SIGNALLED, 5, 0, 1, 2, -1, "watch" },
  { "T05rwatch:10;", TETHER_STOP_SIGNALLED, 5, 0, -1, -1, -1, "rwatch" },
  { "T05awatch:DEADBEEF;", TETHER_STOP_SIGNALLED, 5, 0, -1, -1, -1, "awatch" },
  { "T05library:;thread:p10.11;", TETHER_STOP_SIGNALLED, 5, 0, 0x10, 0x11, -1, "library" },
  { "T05replaylog:begin;", TETHER_STOP_SIGNALLED, 5, 0, -1, -1, -1, "replaylog" },
  { "T05fork:p20.20;thread:p1f.1f;", TETHER_STOP_SIGNALLED, 5, 0, 0x1f, 0x1f, -1, "fork" },
  { "T05exec:2f62696e2f6c73;thread:p1f.1f;", TETHER_STOP_SIGNALLED, 5, 0, 0x1f, 0x1f, -1, "exec" },
  { "T05create:;thread:p1f.20;", TETHER_STOP_SIGNALLED, 5, 0, 0x1f, 0x20, -1, "create" },
  /* The last pair's ';' is optional; registers may be "xx" (unavailable); unknown keys skipped. */
  { "T11thread:p1.1;core:a", TETHER_STOP_SIGNALLED, 17, 0, 1, 1, 10, NULL },
  { "T0510:xxxxxxxx;newfangled:whatever;thread:5;", TETHER_STOP_SIGNALLED, 5, 0, -1, 5, -1, NULL },
  { "T05thread:p1a2b;", TETHER_STOP_SIGNALLED, 5, 0, 0x1a2b, -1, -1, NULL },
  { "T05", TETHER_STOP_SIGNALLED, 5, 0, -1, -1, -1, NULL },
  { "S05", TETHER_STOP_SIGNALLED, 5, 0, -1, -1, -1, NULL },
  { "SfF", TETHER_STOP_SIGNALLED, 255, 0, -1, -1, -1, NULL },
  { "W00", TETHER_STOP_EXITED, 0, 0, -1, -1, -1, NULL },
  { "Wff;process:1a2b;", TETHER_STOP_EXITED, 0, 255, 0x1a2b, -1, -1, NULL },
  { "X09;process:1a2b", TETHER_STOP_TERMINATED, 9, 0, 0x1a2b, -1, -1, NULL },
  { "X0b", TETHER_STOP_TERMINATED, 11, 0, -1, -1, -1, NULL },
  { "N", TETHER_STOP_NO_RESUMED, 0, 0, -1, -1, -1, NULL },
};

static void
test_good_replies (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (good_replies); i++)
    {
      const GoodReply *want = &good_replies[i];
      g_auto(TetherStopReply) reply = { 0, };
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", want->payload);
      g_assert_true (tether_stop_reply_parse (want->payload, strlen (want->payload), &reply,
                                              &error));
      g_assert_no_error (error);
      g_assert_cmpint (reply.kind, ==, want->kind);
      g_assert_cmpuint (reply.signal, ==, want->signal);
      g_assert_cmpuint (reply.exit_code, ==, want->exit_code);
      g_assert_cmpint (reply.pid, ==, want->pid);
      g_assert_cmpint (reply.tid, ==, want->tid);
      g_assert_cmpint (reply.core, ==, want->core);
      g_assert_cmpstr (reply.reason, ==, want->reason);
    }
}

static const char * const bad_replies[] = {
  "",
  "T",
  "T5",
  "T0g",
  "Tg0",
  "T05thread",
  "T05thread;core:1;",
  "T05:1234;",
  "T05;;",
  "T05thread:;",
  "T05thread:q1;",
  "T05thread:p1.2.3;",
  "T05thread:P1.2;",
  "T05core:zz;",
  "T05core:;",
  "T05core:100000000;",
  "T05watch:;",
  "T05watch:xyz;",
  "T05syscall_entry:;",
  "T05fork:;",
  "T05fork:nonsense;",
  "T05exec:hello;",
  "S",
  "S5",
  "S05;thread:p1.1;",
  "S05x",
  "W",
  "W;process:1",
  "Wzz",
  "W-1",
  "W100000000",
  "W00;",
  "W00;foo:1",
  "W00;process:",
  "W00;process:zz",
  "W00;process:-1",
  "W00;process:8000000000000000",
  "X",
  "Xg",
  "X09;process:1;process:2",
  "N1",
  "OK",
  "E01",
  "O48656c6c6f",
  "w00;p1.1",
  "?",
};

static void
test_bad_replies (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_replies); i++)
    {
      g_auto(TetherStopReply) reply = { 0, };
      g_autoptr(GError) error = NULL;

      g_assert_false (tether_stop_reply_parse (bad_replies[i], strlen (bad_replies[i]), &reply,
                                               &error));
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_test_message ("“%s”: %s", bad_replies[i], error->message);
      /* On failure nothing is left to free. */
      g_assert_null (reply.reason);
    }
}

static void
test_error_messages (void)
{
  g_auto(TetherStopReply) reply = { 0, };
  g_autoptr(GError) error = NULL;
  const char binary[] = "T05\xff\x01nocolon;";
  g_autofree char *long_reply = NULL;

  /* The message quotes the reply and says what is wrong where. */
  g_assert_false (tether_stop_reply_parse ("T05thread:p1.1;bogus;", 21, &reply, &error));
  g_assert_nonnull (strstr (error->message, "T05thread:p1.1;bogus;"));
  g_assert_nonnull (strstr (error->message, "“bogus” has no ':' (at byte 15)"));
  g_clear_error (&error);

  /* Bytes from the wire are escaped, so the message stays printable UTF-8. */
  g_assert_false (tether_stop_reply_parse (binary, sizeof binary - 1, &reply, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "\\377\\001"));
  g_clear_error (&error);

  /* A huge reply is quoted only in part. */
  long_reply = g_strnfill (100000, 'Q');
  g_assert_false (tether_stop_reply_parse (long_reply, 100000, &reply, &error));
  g_assert_cmpuint (strlen (error->message), <, 300);
  g_clear_error (&error);
}

static void
test_length_bounded (void)
{
  g_auto(TetherStopReply) reply = { 0, };
  g_autoptr(GError) error = NULL;
  /* Only the first @len bytes count: the rest of the buffer must never be read. */
  const char buffer[] = "T05thread:p1.2;core:3;GARBAGE";

  g_assert_true (tether_stop_reply_parse (buffer, strlen ("T05thread:p1.2;core:3;"), &reply,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (reply.core, ==, 3);
  tether_stop_reply_clear (&reply);

  g_assert_true (tether_stop_reply_parse (buffer, strlen ("T05thread:p1.2"), &reply, &error));
  g_assert_cmpint (reply.pid, ==, 1);
  g_assert_cmpint (reply.tid, ==, 2);
  g_assert_cmpint (reply.core, ==, -1);
  tether_stop_reply_clear (&reply);

  /* Cut inside the signal. */
  g_assert_false (tether_stop_reply_parse (buffer, 2, &reply, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
}

static void
test_reason_last_wins (void)
{
  g_auto(TetherStopReply) reply = { 0, };

  g_assert_true (tether_stop_reply_parse ("T05swbreak:;hwbreak:;", 21, &reply, NULL));
  g_assert_cmpstr (reply.reason, ==, "hwbreak");
}

/* Every prefix and random corruptions of real replies: must return, never crash or leak. */
static void
test_fuzz (void)
{
  guint n_ok = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (good_replies); i++)
    {
      const char *payload = good_replies[i].payload;
      gsize len = strlen (payload);

      for (gsize cut = 0; cut <= len; cut++)
        {
          g_autofree char *copy = g_memdup2 (payload, cut);
          g_auto(TetherStopReply) reply = { 0, };
          g_autoptr(GError) error = NULL;

          if (tether_stop_reply_parse (copy, cut, &reply, &error))
            n_ok++;
          else
            g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
        }

      for (guint round = 0; round < 200; round++)
        {
          g_autofree char *copy = g_memdup2 (payload, len);
          g_auto(TetherStopReply) reply = { 0, };
          g_autoptr(GError) error = NULL;

          for (guint flips = g_test_rand_int_range (1, 4); flips > 0; flips--)
            copy[g_test_rand_int_range (0, (gint32) len)] = (char) g_test_rand_int_range (0, 256);

          if (tether_stop_reply_parse (copy, len, &reply, &error))
            n_ok++;
          else
            g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
        }
    }

  g_assert_cmpuint (n_ok, >, 0);
}

typedef struct
{
  const char *text;
  gint64      pid;
  gint64      tid;
} GoodId;

static void
test_thread_ids (void)
{
  static const GoodId good[] = {
    { "p1a2b.1a2b", 0x1a2b, 0x1a2b },
    { "p1A2B.1a2C", 0x1a2b, 0x1a2c },
    { "p1a2b", 0x1a2b, -1 },
    { "p-1", -1, -1 },
    { "p-1.-1", -1, -1 },
    { "p1a.-1", 0x1a, -1 },
    { "p1a.0", 0x1a, 0 },
    { "p0", 0, -1 },
    { "p0.0", 0, 0 },
    { "1a2b", -1, 0x1a2b },
    { "-1", -1, -1 },
    { "0", -1, 0 },
    { "7fffffffffffffff", -1, G_MAXINT64 },
    { "p0000000000000000000001.2", 1, 2 },
  };
  static const char * const bad[] = {
    "", "p", "p.", "p.1", "p1.", "p1.2.3", "P1.2", "1.2", "pp1", "p1.-2", "p-2", "-2", "-", "p-",
    "p-1.5", "-0", "+1", " 1", "1 ", "g", "p1.g", "8000000000000000", "p8000000000000000.1",
    "ffffffffffffffffff", "p1;2",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 pid = 42;
      gint64 tid = 42;

      g_test_message ("%s", good[i].text);
      g_assert_true (tether_thread_id_parse (good[i].text, strlen (good[i].text), &pid, &tid));
      g_assert_cmpint (pid, ==, good[i].pid);
      g_assert_cmpint (tid, ==, good[i].tid);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 pid = 42;
      gint64 tid = 42;

      g_test_message ("bad: “%s”", bad[i]);
      g_assert_false (tether_thread_id_parse (bad[i], strlen (bad[i]), &pid, &tid));
      /* Outputs are untouched on failure. */
      g_assert_cmpint (pid, ==, 42);
      g_assert_cmpint (tid, ==, 42);
    }

  /* Bounded by len, not by a NUL. */
  {
    gint64 pid, tid;

    g_assert_true (tether_thread_id_parse ("p12.34XYZ", 6, &pid, &tid));
    g_assert_cmpint (pid, ==, 0x12);
    g_assert_cmpint (tid, ==, 0x34);
    g_assert_true (tether_thread_id_parse ("p12.34", 3, &pid, &tid));
    g_assert_cmpint (pid, ==, 0x12);
    g_assert_cmpint (tid, ==, -1);
  }
}

static void
test_signal_table (void)
{
  /* GDB's numbering, not Linux's. The full order was checked against `gdb -batch -ex 'info
   * signals'` (GDB 13.1), which lists the table in enum order. */
  static const struct
  {
    guint       number;
    const char *name;
    const char *description;
  } known[] = {
    { 1, "SIGHUP", "Hangup" },
    { 2, "SIGINT", "Interrupt" },
    { 5, "SIGTRAP", "Trace/breakpoint trap" },
    { 6, "SIGABRT", "Aborted" },
    { 7, "SIGEMT", "Emulation trap" },
    { 9, "SIGKILL", "Killed" },
    { 10, "SIGBUS", "Bus error" },
    { 11, "SIGSEGV", "Segmentation fault" },
    { 12, "SIGSYS", "Bad system call" },
    { 15, "SIGTERM", "Terminated" },
    { 17, "SIGSTOP", "Stopped (signal)" },
    { 18, "SIGTSTP", "Stopped (user)" },
    { 19, "SIGCONT", "Continued" },
    { 20, "SIGCHLD", "Child status changed" },
    { 29, "SIGLOST", "Resource lost" },
    { 30, "SIGUSR1", "User defined signal 1" },
    { 31, "SIGUSR2", "User defined signal 2" },
    { 32, "SIGPWR", "Power fail/restart" },
    { 33, "SIGPOLL", "Pollable event occurred" },
    { 44, "SIGPRIO", "SIGPRIO" },
    { 45, "SIG33", "Real-time event 33" },
    { 75, "SIG63", "Real-time event 63" },
    { 76, "SIGCANCEL", "LWP internal signal" },
    { 77, "SIG32", "Real-time event 32" },
    { 78, "SIG64", "Real-time event 64" },
    { 79, "SIG65", "Real-time event 65" },
    { 141, "SIG127", "Real-time event 127" },
    { 142, "SIGINFO", "Information request" },
    { 145, "EXC_BAD_ACCESS", "Could not access memory" },
    { 150, "EXC_BREAKPOINT", "Breakpoint" },
    { 151, "SIGLIBRT", "librt internal signal" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_assert_cmpstr (tether_signal_name (known[i].number), ==, known[i].name);
      g_assert_cmpstr (tether_signal_description (known[i].number), ==, known[i].description);
      g_assert_cmpint (tether_signal_from_name (known[i].name), ==, known[i].number);
    }

  /* Signal 0 (no signal) has a description but no name, like GDB_SIGNAL_0; so do
   * GDB_SIGNAL_UNKNOWN (143) and GDB_SIGNAL_DEFAULT (144, not even a description). */
  g_assert_null (tether_signal_name (0));
  g_assert_cmpstr (tether_signal_description (0), ==, "Signal 0");
  g_assert_null (tether_signal_name (143));
  g_assert_cmpstr (tether_signal_description (143), ==, "Unknown signal");
  g_assert_null (tether_signal_name (144));
  g_assert_null (tether_signal_name (152));
  g_assert_null (tether_signal_description (152));
  g_assert_null (tether_signal_name (G_MAXUINT));

  /* Every name maps back to its number; every real-time name follows its pattern. */
  for (guint i = 0; i < 200; i++)
    {
      const char *name = tether_signal_name (i);

      if (name != NULL)
        {
          g_assert_cmpint (tether_signal_from_name (name), ==, i);
          g_assert_nonnull (tether_signal_description (i));
        }
    }
  for (guint rt = 33; rt <= 127; rt++)
    {
      g_autofree char *name = g_strdup_printf ("SIG%u", rt);
      g_autofree char *description = g_strdup_printf ("Real-time event %u", rt);
      gint number = tether_signal_from_name (name);

      if (rt == 64)
        g_assert_cmpint (number, ==, 78);
      else if (rt < 64)
        g_assert_cmpint (number, ==, 45 + (gint) rt - 33);
      else
        g_assert_cmpint (number, ==, 79 + (gint) rt - 65);
      g_assert_cmpstr (tether_signal_description ((guint) number), ==, description);
    }
}

static void
test_signal_from_name (void)
{
  g_assert_cmpint (tether_signal_from_name ("SIGKILL"), ==, 9);
  g_assert_cmpint (tether_signal_from_name ("KILL"), ==, 9);
  g_assert_cmpint (tether_signal_from_name ("kill"), ==, 9);
  g_assert_cmpint (tether_signal_from_name ("sigkill"), ==, 9);
  g_assert_cmpint (tether_signal_from_name ("SigStop"), ==, 17);
  g_assert_cmpint (tether_signal_from_name ("usr1"), ==, 30);
  g_assert_cmpint (tether_signal_from_name ("SIG32"), ==, 77);
  g_assert_cmpint (tether_signal_from_name ("32"), ==, -1);
  g_assert_cmpint (tether_signal_from_name ("EXC_BREAKPOINT"), ==, 150);

  g_assert_cmpint (tether_signal_from_name (""), ==, -1);
  g_assert_cmpint (tether_signal_from_name ("SIG"), ==, -1);
  g_assert_cmpint (tether_signal_from_name ("SIGFOO"), ==, -1);
  g_assert_cmpint (tether_signal_from_name ("KILLS"), ==, -1);
  g_assert_cmpint (tether_signal_from_name ("SIGKILL "), ==, -1);
  g_assert_cmpint (tether_signal_from_name ("BREAKPOINT"), ==, -1);
  g_assert_cmpint (tether_signal_from_name ("9"), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stop-reply/good", test_good_replies);
  g_test_add_func ("/stop-reply/bad", test_bad_replies);
  g_test_add_func ("/stop-reply/error-messages", test_error_messages);
  g_test_add_func ("/stop-reply/length-bounded", test_length_bounded);
  g_test_add_func ("/stop-reply/reason-last-wins", test_reason_last_wins);
  g_test_add_func ("/stop-reply/fuzz", test_fuzz);
  g_test_add_func ("/thread-id/parse", test_thread_ids);
  g_test_add_func ("/signal/table", test_signal_table);
  g_test_add_func ("/signal/from-name", test_signal_from_name);

  return g_test_run ();
}
