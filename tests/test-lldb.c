/* test-lldb.c: TetherServer against a real lldb-server platform, over TCP and local:kind=lldb
 *
 * The same checks as test-server.c makes of gdbserver, through the same API, plus what lldb-server
 * does differently: parent PIDs in the listing, forwarded program output, a debug server per held
 * process that must not outlive its session, and detection of the kind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-test-util.h"

typedef struct
{
  TetherTestLldbPlatform *platform;
  TetherServer           *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *transport = data;

  if (g_str_equal (transport, "tcp"))
    {
      fixture->platform = tether_test_lldb_platform_start ();
      fixture->server = tether_test_connect (fixture->platform->options);
    }
  else
    fixture->server = tether_test_connect ("local:kind=lldb");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->server != NULL)
    tether_test_disconnect (g_steal_pointer (&fixture->server));
  g_clear_pointer (&fixture->platform, tether_test_lldb_platform_stop);
}

/* Detection and what the server says about itself */

static void
test_detect (Fixture       *fixture,
             gconstpointer  data)
{
  TetherServerCaps caps;
  g_auto(GStrv) details = NULL;
  g_auto(GStrv) names = NULL;
  gboolean has_triple = FALSE;

  g_assert_cmpint (tether_server_get_kind (fixture->server), ==, TETHER_SERVER_KIND_LLDB);
  g_assert_cmpstr (tether_server_get_kind_name (fixture->server), ==, "lldb-server platform");
  caps = tether_server_get_caps (fixture->server);
  g_assert_true (caps & TETHER_SERVER_CAN_LIST);
  g_assert_true (caps & TETHER_SERVER_LISTS_PARENTS);
  g_assert_true (caps & TETHER_SERVER_FILTERS_BY_NAME);
  g_assert_true (caps & TETHER_SERVER_FORWARDS_OUTPUT);
  g_assert_true (caps & TETHER_SERVER_CAN_ATTACH);
  g_assert_true (caps & TETHER_SERVER_ERROR_STRINGS);
  g_assert_false (caps & TETHER_SERVER_CAN_MONITOR);
  names = tether_server_caps_to_names (caps);
  g_assert_true (g_strv_contains ((const char * const *)names, "parent-pids"));

  details = tether_server_dup_details (fixture->server);
  for (guint i = 0; details[i] != NULL && details[i + 1] != NULL; i += 2)
    {
      if (g_str_equal (details[i], "triple"))
        has_triple = g_str_has_suffix (details[i + 1], "-linux-gnu");
    }
  g_assert_true (has_triple);
}

/* Listing */

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  TetherProcess *found;

  victim = tether_test_victim_start ("600");
  processes = tether_test_list_processes (fixture->server);
  found = tether_test_find_pid (processes, victim->pid);
  g_assert_cmpuint (processes->len, >, 3);
  g_assert_nonnull (found);
  g_assert_nonnull (tether_test_find_pid (processes, getpid ()));
  /* The arguments, exactly: spaces, markup characters and accents; and the parent, from the
   * server, without describing the process. */
  g_assert_cmpstr (tether_process_get_argv (found)[0], ==, victim->path);
  g_assert_cmpstr (tether_process_get_argv (found)[1], ==, "600");
  g_assert_true (g_str_has_prefix (tether_process_get_command_line (found), victim->path));
  g_assert_cmpint (tether_process_get_ppid (found), ==, getpid ());
  g_assert_cmpstr (tether_process_get_exe (found), ==, victim->path);
  g_assert_cmpstr (tether_process_get_name (found), ==, victim->name);
  g_assert_cmpstr (tether_process_get_user (found), ==, g_get_user_name ());
  g_assert_false (tether_process_get_has_details (found));
}

/* Listings take turns (the server keeps one position per connection): two at once, and a find
 * between them, each get the whole answer. */
static void
test_list_concurrent (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(TetherProcess) match = NULL;
  g_autoptr(GError) error = NULL;

  victim = tether_test_victim_start ("600");
  tether_server_list_processes_async (fixture->server, NULL, tether_test_store_result, &first);
  tether_server_find_process_async (fixture->server, victim->name, TETHER_MATCH_ONLY, NULL,
                                    tether_test_store_result, &found);
  tether_server_list_processes_async (fixture->server, NULL, tether_test_store_result, &second);
  a = tether_server_list_processes_finish (fixture->server, tether_test_wait (&first, 20000),
                                           &error);
  g_assert_no_error (error);
  match = tether_server_find_process_finish (fixture->server, tether_test_wait (&found, 20000),
                                             NULL, &error);
  g_assert_no_error (error);
  b = tether_server_list_processes_finish (fixture->server, tether_test_wait (&second, 20000),
                                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (tether_test_find_pid (a, victim->pid));
  g_assert_nonnull (tether_test_find_pid (b, victim->pid));
  g_assert_cmpint (tether_process_get_pid (match), ==, victim->pid);
  g_assert_cmpuint (ABS ((int)a->len - (int)b->len), <, 20);
}

static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(TetherProcess) process = NULL;
  g_autoptr(TetherProcess) missing = tether_process_new (G_MAXINT32 - 7);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *argv;

  victim = tether_test_victim_start ("600");
  process = tether_process_new (victim->pid);
  tether_test_describe (fixture->server, process);

  g_assert_true (tether_process_get_has_details (process));
  g_assert_cmpint (tether_process_get_ppid (process), ==, getpid ());
  argv = tether_process_get_argv (process);
  g_assert_nonnull (argv);
  g_assert_cmpstr (argv[0], ==, victim->path);
  g_assert_cmpstr (argv[1], ==, "600");
  g_assert_null (argv[2]);
  /* lldb-server has no vFile:readlink: the path comes from qProcessInfoPID. */
  g_assert_cmpstr (tether_process_get_exe (process), ==, victim->path);
  g_assert_cmpint (tether_process_get_uid (process), ==, getuid ());
  g_assert_cmpint (tether_process_get_threads (process), ==, 1);
  g_assert_cmpuint (tether_process_get_rss_bytes (process), >, 0);
  g_assert_cmpint (tether_process_get_tracer_pid (process), ==, 0);
  g_assert_cmpstr (tether_process_get_state (process), ==, "S");
  g_assert_cmpint (ABS (tether_process_get_start_time (process) -
                        g_get_real_time () / G_USEC_PER_SEC), <, 60);

  tether_server_describe_process_async (fixture->server, missing, NULL, tether_test_store_result,
                                        &result);
  g_assert_false (tether_server_describe_process_finish (fixture->server,
                                                         tether_test_wait (&result, 20000),
                                                         &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS);
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  tether_test_check_find (fixture->server);
}

/* Attach: a debug server per process, which ends with the session. */

/* Attaches to @victim (left stopped unless @resume) and returns the debug server tracing it. */
static gint64
attach_debug_server (TetherServer     *server,
                     TetherTestVictim *victim,
                     gboolean          resume)
{
  g_autoptr(GError) error = NULL;
  gint64 debug_server;

  g_assert_true (tether_test_attach (server, victim->pid, resume, &error));
  g_assert_no_error (error);
  debug_server = tether_test_tracer_of (victim->pid);
  g_assert_cmpint (debug_server, >, 0);
  return debug_server;
}

/* @debug_server is gone, and @victim runs on untraced. */
static void
assert_released (TetherTestVictim *victim,
                 gint64            debug_server)
{
  g_assert_true (tether_test_wait_gone ((GPid)debug_server, 5000));
  g_assert_cmpint (tether_test_tracer_of (victim->pid), ==, 0);
  g_assert_cmpint (tether_test_proc_state (victim->pid, 'S'), ==, 'S');
}

static void
test_attach_detach (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;
  gint64 debug_server;

  victim = tether_test_victim_start ("600");
  /* The tracer is the debug server the platform started, not the platform. */
  debug_server = attach_debug_server (fixture->server, victim, FALSE);
  if (fixture->platform != NULL)
    g_assert_cmpint (debug_server, !=, fixture->platform->pid);
  g_assert_cmpint (tether_test_proc_state (victim->pid, 't'), ==, 't');

  /* lldb-server leaves traced processes out of its listing; Tether puts its own back. */
  {
    g_autoptr(GPtrArray) processes = tether_test_list_processes (fixture->server);
    TetherProcess *held = tether_test_find_pid (processes, victim->pid);

    g_assert_nonnull (held);
    g_assert_cmpstr (tether_process_get_exe (held), ==, victim->path);
  }

  tether_test_check_held (fixture->server, victim->pid);

  /* Left running and untraced, and its debug server is gone. */
  assert_released (victim, debug_server);
  g_assert_cmpuint (tether_server_dup_held_pids (fixture->server)->len, ==, 0);
}

static void
test_attach_resume (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(GArray) held = NULL;
  gint64 debug_server;

  victim = tether_test_victim_start ("600");
  debug_server = attach_debug_server (fixture->server, victim, TRUE);
  g_assert_cmpint (tether_test_proc_state (victim->pid, 'S'), ==, 'S');
  held = tether_server_dup_held_pids (fixture->server);
  g_assert_cmpuint (held->len, ==, 1);

  /* Disconnecting releases it, running, and ends its debug server. */
  tether_test_disconnect (g_steal_pointer (&fixture->server));
  assert_released (victim, debug_server);
}

/* Dropping the server while a held process runs: it still goes, and its session with it (the
 * debug server lets go of the process and exits when its connection closes). */
static void
test_attach_dispose (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;
  gint64 debug_server;

  victim = tether_test_victim_start ("600");
  debug_server = attach_debug_server (fixture->server, victim, TRUE);

  g_assert_finalize_object (g_steal_pointer (&fixture->server));
  assert_released (victim, debug_server);
}

static gboolean
holds_nothing (gpointer data)
{
  g_autoptr(GArray) held = tether_server_dup_held_pids (data);

  return held->len == 0;
}

/* A debug server killed behind Tether's back ends its session. */
static void
test_debug_server_killed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;
  gint64 debug_server;

  victim = tether_test_victim_start ("600");
  debug_server = attach_debug_server (fixture->server, victim, FALSE);

  g_assert_cmpint (kill ((pid_t)debug_server, SIGKILL), ==, 0);
  g_assert_true (tether_test_poll_until (holds_nothing, fixture->server, 10000));
  /* The kernel lets go of the process a moment after the debug server's socket closes. */
  g_assert_true (tether_test_wait_gone ((GPid)debug_server, 5000));
  g_assert_cmpint (tether_test_tracer_of (victim->pid), ==, 0);
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_CONNECTED);
}

static void
test_attach_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TetherTestVictim) gone = NULL;
  g_autoptr(GError) error = NULL;
  GPid gone_pid;

  gone = tether_test_victim_start ("600");
  gone_pid = gone->pid;
  g_clear_pointer (&gone, tether_test_victim_stop);

  /* /proc says why, and with error strings on, the message carries the server's own words. */
  g_assert_false (tether_test_attach (fixture->server, gone_pid, FALSE, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS);
  g_assert_nonnull (strstr (error->message, "the server said"));
  g_assert_cmpuint (tether_server_dup_held_pids (fixture->server)->len, ==, 0);
}

/* Kill of a process not held: attached first, then killed. */
static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;

  victim = tether_test_victim_start ("600");
  tether_test_control (fixture->server, victim->pid, TETHER_CONTROL_KILL);
  g_assert_true (tether_test_wait_gone (victim->pid, 5000));
  g_assert_cmpuint (tether_server_dup_held_pids (fixture->server)->len, ==, 0);
}

/* Create */

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  /* Spaces, quotes and an empty argument: lldb-server passes them exactly, with no shell. */
  const char *argv[] = { "/bin/sh", "-c", "exec sleep 600", "first arg <&>\"'", "", "é", NULL };
  static const char expected[] = "/bin/sh\0-c\0exec sleep 600\0first arg <&>\"'\0\0é";
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autofree char *cwd = g_dir_make_tmp ("tether cwd é XXXXXX", NULL);
  g_autofree char *cmdline = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *cwd_link = NULL;
  g_autofree char *cwd_path = NULL;
  g_autofree char *value = NULL;
  g_autofree char *home = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gint64 debug_server;
  gsize len = 0;
  gint64 pid;

  tether_create_options_set_cwd (options, cwd);
  tether_create_options_setenv (options, "TETHER_TEST_VALUE", "spaces and <&>\"' é");
  tether_create_options_unsetenv (options, "HOME");
  tether_create_options_set_stopped (options, TRUE);

  pid = tether_test_create (fixture->server, options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pid, >, 0);
  g_assert_true (tether_server_is_created (fixture->server, pid));
  g_assert_cmpint (tether_test_proc_state (pid, 't'), ==, 't');
  debug_server = tether_test_tracer_of (pid);
  g_assert_cmpint (debug_server, >, 0);

  cmdline_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/cmdline", pid);
  g_assert_true (g_file_get_contents (cmdline_path, &cmdline, &len, NULL));
  g_assert_cmpmem (cmdline, len, expected, sizeof expected);

  cwd_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/cwd", pid);
  cwd_link = g_file_read_link (cwd_path, NULL);
  g_assert_cmpstr (cwd_link, ==, cwd);
  value = tether_test_environ_var (pid, "TETHER_TEST_VALUE");
  g_assert_cmpstr (value, ==, "spaces and <&>\"' é");
  home = tether_test_environ_var (pid, "HOME");
  g_assert_null (home);
  /* The rest of the server's environment is inherited. */
  path = tether_test_environ_var (pid, "PATH");
  g_assert_nonnull (path);

  tether_test_control (fixture->server, pid, TETHER_CONTROL_KILL);
  g_assert_true (tether_test_wait_gone ((GPid)pid, 5000));
  g_assert_true (tether_test_wait_gone ((GPid)debug_server, 5000));
  g_rmdir (cwd);
}

typedef struct
{
  gint64   pid;
  GString *output;
  gint     exit_code;
  gboolean exited;
} Events;

static void
output_cb (TetherServer *server,
           gint64        pid,
           GBytes       *bytes,
           Events       *events)
{
  if (pid == events->pid)
    g_string_append_len (events->output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
exited_cb (TetherServer *server,
           gint64        pid,
           gint          exit_code,
           guint         signal,
           Events       *events)
{
  if (pid == events->pid)
    {
      events->exited = TRUE;
      events->exit_code = exit_code;
    }
}

static gboolean
has_exited (gpointer data)
{
  return ((Events *)data)->exited;
}

/* The program's output comes back as process-output; its exit as process-exited, and its debug
 * server is gone with it. */
static void
test_create_output (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Some volume too: many O packets, some of them large; children (SIGCHLD passes through);
   * and an exec, which the session goes on through. */
  const char *argv[] = { "/bin/sh", "-c",
                         "echo \"out: $0\"; echo err: $1 >&2; seq 1 20000; echo end; "
                         "exec /bin/sh -c 'exit 3'", "é x", "two", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autoptr(GError) error = NULL;
  Events events = { 0 };
  gint64 debug_server;

  events.output = g_string_new (NULL);
  events.pid = -1;
  g_signal_connect (fixture->server, "process-output", G_CALLBACK (output_cb), &events);
  g_signal_connect (fixture->server, "process-exited", G_CALLBACK (exited_cb), &events);

  /* Stopped at first, to know its PID before it runs. */
  tether_create_options_set_stopped (options, TRUE);
  events.pid = tether_test_create (fixture->server, options, &error);
  g_assert_no_error (error);
  debug_server = tether_test_tracer_of (events.pid);
  tether_test_control (fixture->server, events.pid, TETHER_CONTROL_CONTINUE);

  g_assert_true (tether_test_poll_until (has_exited, &events, 20000));
  /* The session ended with the process, and its debug server with it. */
  g_assert_true (tether_test_wait_gone ((GPid)debug_server, 5000));
  g_assert_cmpint (events.exit_code, ==, 3);
  g_assert_nonnull (strstr (events.output->str, "out: é x"));
  g_assert_nonnull (strstr (events.output->str, "err: two"));
  g_assert_nonnull (strstr (events.output->str, "\n9999\r\n10000\r\n10001\r\n"));
  g_assert_true (g_str_has_suffix (events.output->str, "20000\r\nend\r\n"));
  g_assert_cmpuint (tether_server_dup_held_pids (fixture->server)->len, ==, 0);

  g_signal_handlers_disconnect_by_data (fixture->server, &events);
  g_string_free (events.output, TRUE);
}

/* Disconnecting with kill_created kills a running created process and ends its debug server. */
static void
test_disconnect_kills_created (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *argv[] = { "/bin/sleep", "600", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TetherServer *server = fixture->server;
  gint64 debug_server;
  gint64 pid;

  tether_create_options_set_stopped (options, FALSE);
  pid = tether_test_create (server, options, &error);
  g_assert_no_error (error);
  /* Stopped at once, before its resume has even gone out: the interrupt follows the resume. */
  tether_test_control (server, pid, TETHER_CONTROL_STOP);
  g_assert_cmpint (tether_test_proc_state (pid, 't'), ==, 't');
  tether_test_control (server, pid, TETHER_CONTROL_CONTINUE);
  g_assert_cmpint (tether_test_proc_state (pid, 'S'), ==, 'S');
  debug_server = tether_test_tracer_of (pid);
  g_assert_cmpint (debug_server, >, 0);

  fixture->server = NULL;
  tether_server_disconnect_async (server, TRUE, FALSE, NULL, tether_test_store_result, &result);
  g_assert_true (tether_server_disconnect_finish (server, tether_test_wait (&result, 20000),
                                                  &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_finalize_object (server);
  g_assert_true (tether_test_wait_gone ((GPid)pid, 5000));
  g_assert_true (tether_test_wait_gone ((GPid)debug_server, 5000));
}

/* Through the shell, when asked: variables expand, and white space stays in its argument. */
static void
test_create_shell (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *argv[] = { "/bin/echo", "$TETHER_SHELL_TEST", "a  b", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autoptr(GError) error = NULL;
  Events events = { .pid = -1 };

  events.output = g_string_new (NULL);
  g_signal_connect (fixture->server, "process-output", G_CALLBACK (output_cb), &events);
  g_signal_connect (fixture->server, "process-exited", G_CALLBACK (exited_cb), &events);
  tether_create_options_set_use_shell (options, TRUE);
  tether_create_options_setenv (options, "TETHER_SHELL_TEST", "expanded");
  events.pid = tether_test_create (fixture->server, options, &error);
  g_assert_no_error (error);
  tether_test_control (fixture->server, events.pid, TETHER_CONTROL_CONTINUE);
  g_assert_true (tether_test_poll_until (has_exited, &events, 20000));
  g_assert_cmpstr (events.output->str, ==, "expanded a  b\r\n");

  g_signal_handlers_disconnect_by_data (fixture->server, &events);
  g_string_free (events.output, TRUE);
}

static void
test_create_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *argv[] = { "/nonexistent/program", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (tether_test_create (fixture->server, options, &error), <=, 0);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent/program"));
  g_assert_cmpuint (tether_server_dup_held_pids (fixture->server)->len, ==, 0);
}

static void
skip_without_lldb_server (void)
{
  g_test_skip ("lldb-server is not installed (Debian: lldb-14)");
}

int
main (int   argc,
      char *argv[])
{
  static const char * const transports[] = { "tcp", "local" };
  static const struct
  {
    const char *name;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "detect", test_detect },
    { "list", test_list },
    { "list-concurrent", test_list_concurrent },
    { "describe", test_describe },
    { "find", test_find },
    { "attach-detach", test_attach_detach },
    { "attach-resume", test_attach_resume },
    { "attach-dispose", test_attach_dispose },
    { "attach-errors", test_attach_errors },
    { "debug-server-killed", test_debug_server_killed },
    { "kill", test_kill },
    { "create", test_create },
    { "create-output", test_create_output },
    { "create-shell", test_create_shell },
    { "create-missing", test_create_missing },
    { "disconnect-kills-created", test_disconnect_kills_created },
  };

  g_autofree char *program = tether_test_find_lldb_server ();

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    for (guint j = 0; j < G_N_ELEMENTS (tests); j++)
      {
        g_autofree char *path = g_strdup_printf ("/lldb/%s/%s", transports[i], tests[j].name);

        if (program != NULL)
          g_test_add (path, Fixture, transports[i], fixture_set_up, tests[j].func,
                      fixture_tear_down);
        else
          g_test_add_func (path, skip_without_lldb_server);
      }

  return g_test_run ();
}
