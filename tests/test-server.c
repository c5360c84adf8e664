/* test-server.c: TetherServer against a real gdbserver, over TCP and over local pipes
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

/* Each test runs once over TCP (a gdbserver the test starts on a loopback port it picks) and once
 * over "local:" pipes (a gdbserver Tether starts itself). */
typedef struct
{
  TetherTestGdbserver *gdbserver;
  TetherServer        *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *transport = data;

  if (g_str_equal (transport, "tcp"))
    {
      fixture->gdbserver = tether_test_gdbserver_start ();
      fixture->server = tether_test_connect (fixture->gdbserver->options);
    }
  else
    fixture->server = tether_test_connect ("local:");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->server != NULL)
    tether_test_disconnect (g_steal_pointer (&fixture->server));
  g_clear_pointer (&fixture->gdbserver, tether_test_gdbserver_stop);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(GPtrArray) processes = tether_test_list_processes (fixture->server);
  TetherProcess *found = tether_test_find_pid (processes, victim->pid);
  TetherProcess *self_process = tether_test_find_pid (processes, getpid ());

  g_assert_cmpuint (processes->len, >, 3);
  g_assert_nonnull (found);
  g_assert_nonnull (self_process);
  /* The command line is the exact path, with its spaces, markup characters and accents. */
  g_assert_true (g_str_has_prefix (tether_process_get_command_line (found), victim->path));
  g_assert_true (g_str_has_suffix (tether_process_get_command_line (found), " 600"));
  g_assert_nonnull (tether_process_get_user (found));
}

static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(TetherProcess) process = tether_process_new (victim->pid);
  const char * const *argv;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherProcess) missing = tether_process_new (G_MAXINT32 - 7);

  tether_test_describe (fixture->server, process);

  g_assert_true (tether_process_get_has_details (process));
  g_assert_cmpint (tether_process_get_ppid (process), ==, getpid ());
  argv = tether_process_get_argv (process);
  g_assert_nonnull (argv);
  g_assert_cmpstr (argv[0], ==, victim->path);
  g_assert_cmpstr (argv[1], ==, "600");
  g_assert_null (argv[2]);
  g_assert_cmpstr (tether_process_get_exe (process), ==, victim->path);
  g_assert_cmpint (tether_process_get_uid (process), ==, getuid ());
  g_assert_cmpint (tether_process_get_threads (process), ==, 1);
  g_assert_cmpuint (tether_process_get_rss_bytes (process), >, 0);
  g_assert_cmpint (tether_process_get_tracer_pid (process), ==, 0);
  g_assert_cmpstr (tether_process_get_state (process), ==, "S");
  /* Started within the last minute, by the wall clock. */
  g_assert_cmpint (ABS (tether_process_get_start_time (process) - g_get_real_time () / G_USEC_PER_SEC),
                   <, 60);

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

static void
test_attach_detach (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(GError) error = NULL;

  g_assert_true (tether_test_attach (fixture->server, victim->pid, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tether_test_tracer_of (victim->pid), >, 0);
  g_assert_cmpint (tether_test_proc_state (victim->pid, 't'), ==, 't');

  tether_test_check_held (fixture->server, victim->pid);

  /* Left running and untraced. */
  g_assert_cmpint (tether_test_tracer_of (victim->pid), ==, 0);
  g_assert_cmpint (tether_test_proc_state (victim->pid, 'S'), ==, 'S');
}

static void
test_attach_resume (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) held = NULL;

  g_assert_true (tether_test_attach (fixture->server, victim->pid, TRUE, &error));
  g_assert_cmpint (tether_test_tracer_of (victim->pid), >, 0);
  g_assert_cmpint (tether_test_proc_state (victim->pid, 'S'), ==, 'S');
  held = tether_server_dup_held_pids (fixture->server);
  g_assert_cmpuint (held->len, ==, 1);

  /* Disconnecting releases it: running, untraced. */
  tether_test_disconnect (g_steal_pointer (&fixture->server));
  g_assert_cmpint (tether_test_tracer_of (victim->pid), ==, 0);
  g_assert_cmpint (tether_test_proc_state (victim->pid, 'S'), ==, 'S');
}

static void
test_failed_attach_resets (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(TetherTestVictim) gone = tether_test_victim_start ("600");
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;
  GPid gone_pid = gone->pid;
  TetherRspConnection *connection = tether_server_get_connection (fixture->server);

  /* Hold one process across the failure: it must stay held and controllable. */
  g_assert_true (tether_test_attach (fixture->server, victim->pid, TRUE, &error));
  g_clear_pointer (&gone, tether_test_victim_stop);

  g_assert_false (tether_test_attach (fixture->server, gone_pid, FALSE, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS);
  g_clear_error (&error);

  /* gdbserver reset its session behind the failure; the next requests still work. */
  processes = tether_test_list_processes (fixture->server);
  g_assert_nonnull (tether_test_find_pid (processes, victim->pid));
  g_assert_cmpuint (tether_rsp_connection_get_session_resets (connection), >=, 1);
  g_assert_true (tether_rsp_connection_get_non_stop (connection));

  tether_test_control (fixture->server, victim->pid, TETHER_CONTROL_STOP);
  g_assert_cmpint (tether_test_proc_state (victim->pid, 't'), ==, 't');
  tether_test_control (fixture->server, victim->pid, TETHER_CONTROL_DETACH);
  g_assert_cmpint (tether_test_tracer_of (victim->pid), ==, 0);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  const char *argv[] = { "/bin/sh", "-c", "exec sleep 600", "first arg <&>\"", "é", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autofree char *cwd = g_dir_make_tmp ("tether cwd é XXXXXX", NULL);
  g_autofree char *cmdline = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *cwd_link = NULL;
  g_autofree char *cwd_path = NULL;
  g_autofree char *value = NULL;
  g_autofree char *home = NULL;
  g_autoptr(GError) error = NULL;
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

  /* Stopped at its first instruction, under the debugger. */
  g_assert_cmpint (tether_test_proc_state (pid, 't'), ==, 't');
  g_assert_cmpint (tether_test_tracer_of (pid), >, 0);

  cmdline_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/cmdline", pid);
  g_assert_true (g_file_get_contents (cmdline_path, &cmdline, &len, NULL));
  g_assert_cmpmem (cmdline, len,
                   "/bin/sh\0-c\0exec sleep 600\0first arg <&>\"\0é", sizeof "/bin/sh\0-c\0exec sleep 600\0first arg <&>\"\0é");

  cwd_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/cwd", pid);
  cwd_link = g_file_read_link (cwd_path, NULL);
  g_assert_cmpstr (cwd_link, ==, cwd);
  value = tether_test_environ_var (pid, "TETHER_TEST_VALUE");
  g_assert_cmpstr (value, ==, "spaces and <&>\"' é");
  home = tether_test_environ_var (pid, "HOME");
  g_assert_null (home);

  tether_test_control (fixture->server, pid, TETHER_CONTROL_KILL);
  g_assert_true (tether_test_wait_gone ((GPid)pid, 5000));
  g_rmdir (cwd);
}

static void
test_create_empty_environment (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *argv[] = { "/bin/sleep", "600", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  gint64 pid;

  tether_create_options_set_environment_base (options, TETHER_ENVIRONMENT_EMPTY);
  tether_create_options_setenv (options, "ONLY", "this");
  tether_create_options_set_stopped (options, FALSE);

  pid = tether_test_create (fixture->server, options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_test_proc_state (pid, 'S'), ==, 'S');

  path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/environ", pid);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, "ONLY=this", sizeof "ONLY=this");

  /* Disconnecting with kill_created ends it. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    TetherServer *server = g_steal_pointer (&fixture->server);

    tether_server_disconnect_async (server, TRUE, FALSE, NULL, tether_test_store_result, &result);
    tether_server_disconnect_finish (server, tether_test_wait (&result, 20000), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    g_assert_finalize_object (server);
  }
  g_assert_true (tether_test_wait_gone ((GPid)pid, 5000));
}

static void
test_create_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *missing_argv[] = { "/nonexistent/program", NULL };
  const char *quote_argv[] = { "/bin/echo", "it's", "a b", NULL };
  const char *sleep_argv[] = { "/bin/sleep", "1", NULL };
  g_autoptr(TetherCreateOptions) missing = tether_create_options_new (missing_argv);
  g_autoptr(TetherCreateOptions) quote = tether_create_options_new (quote_argv);
  g_autoptr(TetherCreateOptions) bad_cwd = tether_create_options_new (sleep_argv);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (tether_test_create (fixture->server, missing, &error), <, 0);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/program"));
  g_clear_error (&error);

  g_assert_cmpint (tether_test_create (fixture->server, quote, &error), <, 0);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  tether_create_options_set_cwd (bad_cwd, "/nonexistent/dir");
  g_assert_cmpint (tether_test_create (fixture->server, bad_cwd, &error), <, 0);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dir"));
}

static void
on_exited (TetherServer *server,
           gint64        pid,
           gint          code,
           guint         signal,
           gpointer      user_data)
{
  gint64 *seen = user_data;

  seen[0] = pid;
  seen[1] = signal;
}

static void
test_exit_event (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(GError) error = NULL;
  gint64 seen[2] = { 0, 0 };
  gint64 deadline;

  g_signal_connect (fixture->server, "process-exited", G_CALLBACK (on_exited), seen);
  g_assert_true (tether_test_attach (fixture->server, victim->pid, TRUE, &error));

  /* Killed outside Tether: the event arrives at once, unasked. */
  kill (victim->pid, SIGKILL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (seen[0] == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (seen[0], ==, victim->pid);
  g_assert_cmpint (seen[1], ==, 9);
  g_assert_false (tether_server_is_created (fixture->server, victim->pid));
  g_signal_handlers_disconnect_by_func (fixture->server, on_exited, seen);
}

static void
test_monitor (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  tether_server_monitor_async (fixture->server, "help", NULL, tether_test_store_result, &result);
  output = tether_server_monitor_finish (fixture->server, tether_test_wait (&result, 20000),
                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (output, "monitor commands"));
}

static void
test_local_server_ends (void)
{
  TetherServer *server = tether_test_connect ("local:");
  g_autoptr(GPtrArray) processes = tether_test_list_processes (server);
  GPid child = 0;

  /* The local gdbserver is Tether's child and shows in its own listing. */
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);
      const char *command = tether_process_get_command_line (process);

      if (command != NULL && strstr (command, "gdbserver --multi -") != NULL &&
          tether_process_get_pid (process) != getpid ())
        {
          g_autofree char *ppid = tether_test_proc_status ((GPid)tether_process_get_pid (process),
                                                           "PPid");

          if (ppid != NULL && g_ascii_strtoll (ppid, NULL, 10) == getpid ())
            child = (GPid)tether_process_get_pid (process);
        }
    }
  g_assert_cmpint (child, >, 0);

  tether_test_disconnect (server);
  g_assert_true (tether_test_wait_gone (child, 5000));
}

static gboolean
check_attach (TetherServer  *server,
              gint64         pid,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_server_check_attach_async (server, pid, NULL, tether_test_store_result, &result);
  return tether_server_check_attach_finish (server, tether_test_wait (&result, 20000), error);
}

/* A process another debugger holds: the check and the failed attach both name the tracer. */
static void
test_already_traced (void)
{
  g_autoptr(TetherTestGdbserver) first = tether_test_gdbserver_start ();
  g_autoptr(TetherTestGdbserver) second = tether_test_gdbserver_start ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  TetherServer *holder = tether_test_connect (first->options);
  TetherServer *other = tether_test_connect (second->options);
  g_autofree char *tracer = g_strdup_printf ("%d", first->pid);
  g_autoptr(GError) error = NULL;

  g_assert_true (check_attach (other, victim->pid, &error));
  g_assert_no_error (error);
  g_assert_true (tether_test_attach (holder, victim->pid, TRUE, &error));

  g_assert_false (check_attach (other, victim->pid, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_ALREADY_TRACED);
  g_assert_nonnull (strstr (error->message, tracer));
  g_assert_nonnull (strstr (error->message, "gdbserver"));
  g_clear_error (&error);

  g_assert_false (tether_test_attach (other, victim->pid, FALSE, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_ALREADY_TRACED);
  g_assert_nonnull (strstr (error->message, tracer));
  g_clear_error (&error);

  tether_test_disconnect (other);
  tether_test_disconnect (holder);
  g_assert_cmpint (tether_test_tracer_of (victim->pid), ==, 0);
}

/* A server that runs as another user than the process: explained, not a bare E01. */
static void
test_other_user (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = NULL;
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  TetherServer *server;

  if (getuid () != 0 || setpriv == NULL)
    {
      g_test_skip ("needs root and setpriv to run a server as another user");
      return;
    }

  gdbserver = tether_test_gdbserver_start_as_nobody ();
  victim = tether_test_victim_start ("600");
  server = tether_test_connect (gdbserver->options);

  g_assert_false (check_attach (server, victim->pid, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "uid 0"));
  g_assert_nonnull (strstr (error->message, "uid 65534"));
  g_clear_error (&error);

  g_assert_false (tether_test_attach (server, victim->pid, FALSE, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PERMISSION);
  g_clear_error (&error);

  tether_test_disconnect (server);
  g_assert_cmpint (tether_test_tracer_of (victim->pid), ==, 0);
}

static void
add (const char   *name,
     void        (*func) (Fixture *, gconstpointer))
{
  const char *transports[] = { "tcp", "local" };

  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/%s/%s", transports[i], name);

      g_test_add (path, Fixture, transports[i], fixture_set_up, func, fixture_tear_down);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add ("list", test_list);
  add ("describe", test_describe);
  add ("find", test_find);
  add ("attach-detach", test_attach_detach);
  add ("attach-resume", test_attach_resume);
  add ("failed-attach-resets", test_failed_attach_resets);
  add ("create", test_create);
  add ("create-empty-environment", test_create_empty_environment);
  add ("create-errors", test_create_errors);
  add ("exit-event", test_exit_event);
  add ("monitor", test_monitor);
  g_test_add_func ("/server/local/ends-server", test_local_server_ends);
  g_test_add_func ("/server/tcp/already-traced", test_already_traced);
  g_test_add_func ("/server/tcp/other-user", test_other_user);

  return g_test_run ();
}
