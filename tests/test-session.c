/* test-session.c: TetherSession, TetherThread and the server's recovery, against real gdbservers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "tether-error.h"
#include "tether-server-recover.h"
#include "tether-session.h"
#include "tether-test-session.h"
#include "tether-thread.h"

static gboolean
session_has_threads (gpointer data)
{
  return g_list_model_get_n_items (tether_session_get_threads (data)) > 0;
}

static void
control (TetherSession *session,
         TetherControl  what,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_session_control_async (session, what, NULL, tether_test_store_result, &result);
  tether_session_control_finish (session, tether_test_wait (&result, 20000), error);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *)user_data)++;
}

static void
test_thread_properties (void)
{
  TetherThread *thread = tether_thread_new (42, "worker", 1);
  g_autofree char *name = NULL;
  gint64 tid;
  gint core;

  g_object_get (thread, "tid", &tid, "name", &name, "core", &core, NULL);
  g_assert_cmpint (tid, ==, 42);
  g_assert_cmpstr (name, ==, "worker");
  g_assert_cmpint (core, ==, 1);
  g_assert_cmpint (tether_thread_get_core (thread), ==, 1);
  g_assert_finalize_object (thread);
}

static void
test_session_attach_control (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  TetherServer *server = tether_test_connect (gdbserver->options);
  g_autoptr(GError) error = NULL;
  g_autofree char *tracer = NULL;
  g_autofree char *title = NULL;
  g_autofree char *gdbserver_pid = g_strdup_printf ("%d", (int)gdbserver->pid);
  TetherSession *session;
  guint notified = 0;

  session = tether_test_attach_session (server, victim->pid, FALSE, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *)&session);
  g_signal_connect (session, "notify::can-continue", G_CALLBACK (count_cb), &notified);

  /* Stopped on attach, traced, with its thread listed. */
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);
  g_assert_cmpint (tether_session_get_pid (session), ==, victim->pid);
  g_assert_false (tether_session_get_created (session));
  g_assert_true (tether_session_get_live (session));
  g_assert_true (tether_session_get_can_continue (session));
  g_assert_false (tether_session_get_can_stop (session));
  g_assert_true (tether_session_get_can_detach (session));
  g_assert_true (tether_session_get_can_kill (session));
  title = g_strdup_printf ("victim (%d)", (int)victim->pid);
  g_assert_cmpstr (tether_session_get_title (session), ==, title);
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));
  tracer = tether_test_proc_status (victim->pid, "TracerPid");
  g_assert_cmpstr (tracer, ==, gdbserver_pid);
  g_assert_true (tether_test_poll_until (session_has_threads, session, 10000));
  {
    g_autoptr(TetherThread) thread = NULL;

    thread = g_list_model_get_item (tether_session_get_threads (session), 0);

    g_assert_cmpint (tether_thread_get_tid (thread), ==, victim->pid);
  }

  /* Continue: running again. */
  control (session, TETHER_CONTROL_CONTINUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_RUNNING);
  g_assert_cmpstr (tether_session_get_state_text (session), ==, "Running");
  g_assert_false (tether_session_get_can_continue (session));
  g_assert_true (tether_session_get_can_stop (session));
  g_assert_cmpuint (notified, >, 0);
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));

  /* Stop. */
  control (session, TETHER_CONTROL_STOP, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));

  /* Detach: it runs on, untraced. */
  control (session, TETHER_CONTROL_DETACH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_DETACHED);
  g_assert_false (tether_session_get_live (session));
  g_assert_false (tether_session_get_can_detach (session));
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));
  g_free (tracer);
  tracer = tether_test_proc_status (victim->pid, "TracerPid");
  g_assert_cmpstr (tracer, ==, "0");

  /* Nothing to do once detached: an error, and no request. */
  control (session, TETHER_CONTROL_CONTINUE, &error);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_BUSY);
  g_clear_error (&error);

  g_object_unref (session);
  g_assert_null (session);
  tether_test_disconnect (server);
}

static void
test_session_killed_outside (gconstpointer data)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  TetherServer *server = tether_test_connect (gdbserver->options);
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = tether_test_attach_session (server, victim->pid, GPOINTER_TO_INT (data), &error);
  g_assert_no_error (error);

  /* SIGKILL from outside Tether: the server's notification updates the session at once. */
  g_assert_cmpint (kill (victim->pid, SIGKILL), ==, 0);
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_KILLED, 10000));
  g_assert_cmpuint (tether_session_get_signal (session), ==, 9);
  g_assert_cmpstr (tether_session_get_state_text (session), ==, "Killed by SIGKILL (Killed)");
  g_assert_false (tether_session_get_live (session));
  g_assert_false (tether_session_get_can_kill (session));
  g_assert_cmpuint (g_list_model_get_n_items (tether_session_get_threads (session)), ==, 0);

  g_clear_object (&session);
  tether_test_disconnect (server);
}

static void
test_session_create (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  TetherServer *server = tether_test_connect (gdbserver->options);
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(TetherSession) short_lived = NULL;
  g_autoptr(TetherCreateOptions) options = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tether session cwd XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *cmdline = NULL;
  g_autofree char *cwd = NULL;
  g_autofree char *environ = NULL;
  gsize len;
  const char *argv[] = { "/bin/sleep", "600", NULL };
  const char *exit_argv[] = { "/bin/sh", "-c", "exit 3", NULL };
  gint64 pid;

  g_assert_no_error (error);
  options = tether_create_options_new (argv);
  tether_create_options_set_cwd (options, dir);
  tether_create_options_setenv (options, "TETHER_SESSION_TEST", "a value");
  tether_create_options_set_stopped (options, TRUE);
  tether_session_create_async (server, options, NULL, tether_test_store_result, &result);
  session = tether_session_create_finish (tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  pid = tether_session_get_pid (session);
  g_assert_true (tether_session_get_created (session));
  g_assert_cmpstr (tether_session_get_name (session), ==, "sleep");
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);
  g_assert_cmpuint (tether_session_get_signal (session), ==, 5);

  /* Its argv, working directory and environment, as the kernel has them. */
  path = g_strdup_printf ("/proc/%d/cmdline", (int)pid);
  g_assert_true (g_file_get_contents (path, &cmdline, &len, NULL));
  g_assert_cmpmem (cmdline, len, "/bin/sleep\0" "600", sizeof "/bin/sleep\0" "600");
  g_free (path);
  path = g_strdup_printf ("/proc/%d/cwd", (int)pid);
  cwd = g_file_read_link (path, NULL);
  g_assert_cmpstr (cwd, ==, dir);
  g_free (path);
  path = g_strdup_printf ("/proc/%d/environ", (int)pid);
  g_assert_true (g_file_get_contents (path, &environ, &len, NULL));
  g_assert_nonnull (memmem (environ, len, "TETHER_SESSION_TEST=a value",
                            sizeof "TETHER_SESSION_TEST=a value"));

  /* Kill: killed by SIGKILL, and gone. */
  control (session, TETHER_CONTROL_KILL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_KILLED);
  g_assert_true (tether_test_wait_gone ((GPid)pid, 5000));

  /* A created process that exits by itself reports its code. */
  g_clear_pointer (&options, tether_create_options_free);
  options = tether_create_options_new (exit_argv);
  tether_create_options_set_stopped (options, FALSE);
  tether_session_create_async (server, options, NULL, tether_test_store_result, &result);
  short_lived = tether_session_create_finish (tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_true (tether_test_wait_session_state (short_lived, TETHER_SESSION_EXITED, 10000));
  g_assert_cmpint (tether_session_get_exit_code (short_lived), ==, 3);
  g_assert_cmpstr (tether_session_get_state_text (short_lived), ==, "Exited with code 3");

  g_clear_object (&session);
  g_clear_object (&short_lived);
  g_clear_object (&result);
  tether_test_disconnect (server);
  g_rmdir (dir);
}

static void
test_session_refused (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  TetherServer *server = tether_test_connect (gdbserver->options);
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GError) error = NULL;

  /* PID 0x7ffffff0 does not exist: the explanation, not a bare E01. */
  session = tether_test_attach_session (server, 0x7ffffff0, FALSE, &error);
  g_assert_null (session);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS);
  g_assert_null (strstr (error->message, "E01"));
  tether_test_disconnect (server);
}

/* The link cut, the process stays stopped on the server; a new connection finds it again. */
static void
test_session_lost_and_recovered (void)
{
  TetherTestLink *link = tether_test_link_new ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tracer = NULL;

  session = tether_test_attach_session (link->server, victim->pid, FALSE, &error);
  g_assert_no_error (error);

  tether_test_link_cut (link, session);
  g_assert_true (tether_session_get_live (session));
  g_assert_false (tether_session_get_can_continue (session));
  g_assert_nonnull (strstr (tether_session_get_state_text (session), "may still be stopped"));
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));

  tether_test_link_restore (link);
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_STOPPED, 20000));
  g_assert_true (tether_session_get_recovered (session));
  g_assert_true (tether_session_get_can_continue (session));
  g_assert_false (tether_server_is_created (link->server, victim->pid));

  /* Held again: detaching works and leaves it running, untraced. */
  control (session, TETHER_CONTROL_DETACH, &error);
  g_assert_no_error (error);
  g_assert_false (tether_session_get_recovered (session));
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));
  tracer = tether_test_proc_status (victim->pid, "TracerPid");
  g_assert_cmpstr (tracer, ==, "0");

  g_clear_object (&session);
  tether_test_link_free (link);
}

/* Killed while the link was down: after the reconnect, the session says it exited meanwhile.
 * (A second process stays held: gdbserver 13.1 exits when the last process it debugs ends while
 * no client is connected.) */
static void
test_session_lost_and_gone (void)
{
  TetherTestLink *link = tether_test_link_new ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(TetherTestVictim) keeper = tether_test_victim_start ("600");
  g_autoptr(TetherSession) kept = NULL;
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = tether_test_attach_session (link->server, victim->pid, TRUE, &error);
  g_assert_no_error (error);
  kept = tether_test_attach_session (link->server, keeper->pid, FALSE, &error);
  g_assert_no_error (error);
  tether_test_link_cut (link, session);

  g_assert_cmpint (kill (victim->pid, SIGKILL), ==, 0);
  g_assert_true (tether_test_wait_gone (victim->pid, 5000));
  tether_test_link_restore (link);
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_EXITED, 20000));
  g_assert_nonnull (strstr (tether_session_get_error_message (session),
                            "exited while the connection was lost"));
  g_assert_false (tether_session_get_live (session));
  g_assert_true (tether_test_wait_session_state (kept, TETHER_SESSION_STOPPED, 20000));
  g_assert_true (tether_session_get_recovered (kept));

  g_clear_object (&session);
  g_clear_object (&kept);
  tether_test_link_free (link);
}

/* A process running when the link went is found running again, and Stop then stops it. */
static void
test_session_lost_running (void)
{
  TetherTestLink *link = tether_test_link_new ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = tether_test_attach_session (link->server, victim->pid, TRUE, &error);
  g_assert_no_error (error);
  tether_test_link_cut (link, session);

  tether_test_link_restore (link);
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_RUNNING, 20000));
  g_assert_true (tether_session_get_recovered (session));

  control (session, TETHER_CONTROL_STOP, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));

  g_clear_object (&session);
  tether_test_link_free (link);
}

static void
count_asked_cb (TetherRspConnection *connection,
                guint                direction,
                GBytes              *payload,
                gint64               rtt_us,
                gpointer             user_data)
{
  static const char * const asking[] = { "qAttached", "?", "vStopped", "qfThreadInfo",
                                         "qsThreadInfo" };
  gsize len;
  const char *data = g_bytes_get_data (payload, &len);

  if (direction != TETHER_RSP_LOG_SENT)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (asking); i++)
    if (len >= strlen (asking[i]) && memcmp (data, asking[i], strlen (asking[i])) == 0)
      (*(guint *)user_data)++;
}

static GArray *
recover (TetherServer *server,
         const gint64 *pids,
         guint         n_pids)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *found;

  tether_server_recover_async (server, pids, n_pids, NULL, tether_test_store_result, &result);
  found = tether_server_recover_finish (server, tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  return found;
}

/* One reconnect holds again, as the server has them, an attached process stopped by a signal and
 * a created one left running; the sessions and tether_server_recover_async() (which sends
 * nothing) then say so. */
static void
test_session_recover_reconnect (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  TetherFaultProxy *proxy = tether_fault_proxy_new (gdbserver->port);
  g_autofree char *options = tether_fault_proxy_dup_options (proxy);
  TetherServer *server = tether_test_connect (options);
  g_autoptr(TetherCreateOptions) create = NULL;
  g_autoptr(TetherSession) attached = NULL;
  g_autoptr(TetherSession) created = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) early = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) held = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sleep", "600", NULL };
  TetherRecoveredProcess *p;
  guint signal, asked = 0;
  gulong logger;
  gint64 pid;

  /* Attached, then stopped by a signal of its own (SIGWINCH: harmless when passed on). */
  attached = tether_test_attach_session (server, victim->pid, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kill (victim->pid, SIGWINCH), ==, 0);
  g_assert_true (tether_test_wait_session_state (attached, TETHER_SESSION_STOPPED, 20000));
  signal = tether_session_get_signal (attached);
  g_assert_cmpuint (signal, !=, 0);

  /* Created, running. */
  create = tether_create_options_new (argv);
  tether_create_options_set_stopped (create, FALSE);
  tether_session_create_async (server, create, NULL, tether_test_store_result, &result);
  created = tether_session_create_finish (tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  pid = tether_session_get_pid (created);
  g_assert_cmpint (tether_session_get_state (created), ==, TETHER_SESSION_RUNNING);

  tether_fault_proxy_set_mode (proxy, TETHER_FAULT_BOTH, TETHER_FAULT_CUT_AFTER, 0);
  tether_session_refresh_threads (attached);
  g_assert_true (tether_test_wait_session_state (attached, TETHER_SESSION_LOST, 20000));
  g_assert_true (tether_test_wait_session_state (created, TETHER_SESSION_LOST, 20000));
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));

  /* Asked while connecting: the answer waits for the reconnect. */
  tether_fault_proxy_set_mode (proxy, TETHER_FAULT_BOTH, TETHER_FAULT_PASS, 0);
  tether_server_connect_async (server, NULL, tether_test_store_result, &result);
  g_assert_cmpint (tether_server_get_state (server), ==, TETHER_SERVER_CONNECTING);
  {
    gint64 pids[] = { victim->pid };
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) cancelled = NULL;

    tether_server_recover_async (server, pids, G_N_ELEMENTS (pids), NULL,
                                 tether_test_store_result, &early);
    /* One given up while waiting: cancelled, at once. */
    tether_server_recover_async (server, pids, G_N_ELEMENTS (pids), cancellable,
                                 tether_test_store_result, &cancelled);
    g_cancellable_cancel (cancellable);
    g_assert_null (tether_server_recover_finish (server, tether_test_wait (&cancelled, 20000),
                                                 &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  tether_server_connect_finish (server, tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  found = tether_server_recover_finish (server, tether_test_wait (&early, 20000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);

  /* Held again by the reconnect itself, created or not as before. */
  held = tether_server_dup_held_pids (server);
  g_assert_cmpuint (held->len, ==, 2);
  g_assert_true (tether_server_is_created (server, pid));
  g_assert_false (tether_server_is_created (server, victim->pid));

  /* Reported from what is held: no question goes to the server. */
  logger = g_signal_connect (tether_server_get_connection (server), "packet-logged",
                             G_CALLBACK (count_asked_cb), &asked);
  {
    gint64 pids[] = { pid, 0x7ffffff0, victim->pid };

    found = recover (server, pids, G_N_ELEMENTS (pids));
  }
  g_signal_handler_disconnect (tether_server_get_connection (server), logger);
  g_assert_cmpuint (asked, ==, 0);
  g_assert_cmpuint (found->len, ==, 2);
  p = &g_array_index (found, TetherRecoveredProcess, 0);
  g_assert_cmpint (p->pid, ==, pid);
  g_assert_true (p->created);
  g_assert_false (p->stopped);
  g_assert_cmpuint (p->signal, ==, 0);
  p = &g_array_index (found, TetherRecoveredProcess, 1);
  g_assert_cmpint (p->pid, ==, victim->pid);
  g_assert_false (p->created);
  g_assert_true (p->stopped);
  g_assert_cmpuint (p->signal, ==, signal);

  /* The sessions follow; the processes are as they were. */
  g_assert_true (tether_test_wait_session_state (attached, TETHER_SESSION_STOPPED, 20000));
  g_assert_true (tether_session_get_recovered (attached));
  g_assert_cmpuint (tether_session_get_signal (attached), ==, signal);
  g_assert_true (tether_test_wait_session_state (created, TETHER_SESSION_RUNNING, 20000));
  g_assert_true (tether_session_get_recovered (created));
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));
  g_assert_true (tether_test_wait_state (pid, 'S', 5000));

  /* Held again: the created one can be killed, and a disconnect detaches the attached one. */
  control (created, TETHER_CONTROL_KILL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_session_get_state (created), ==, TETHER_SESSION_KILLED);
  g_assert_true (tether_test_wait_gone (pid, 5000));
  g_clear_object (&attached);
  g_clear_object (&created);
  g_clear_object (&result);
  g_clear_object (&early);
  tether_test_disconnect (server);
  tether_fault_proxy_free (proxy);
  {
    g_autofree char *tracer = tether_test_proc_status (victim->pid, "TracerPid");

    g_assert_cmpstr (tracer, ==, "0");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thread/properties", test_thread_properties);
  g_test_add_func ("/session/attach-control", test_session_attach_control);
  g_test_add_data_func ("/session/killed-outside/running", GINT_TO_POINTER (TRUE),
                        test_session_killed_outside);
  g_test_add_data_func ("/session/killed-outside/stopped", GINT_TO_POINTER (FALSE),
                        test_session_killed_outside);
  g_test_add_func ("/session/create", test_session_create);
  g_test_add_func ("/session/refused", test_session_refused);
  g_test_add_func ("/session/lost-and-recovered", test_session_lost_and_recovered);
  g_test_add_func ("/session/recover-reconnect", test_session_recover_reconnect);
  g_test_add_func ("/session/lost-and-gone", test_session_lost_and_gone);
  g_test_add_func ("/session/lost-running", test_session_lost_running);

  return g_test_run ();
}
