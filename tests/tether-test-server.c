/* tether-test-server.c: requests to a TetherServer that fail the test unless they work, and the
 * checks that the gdbserver and lldb-server suites share (tether-test-util.h declares them)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-test-util.h"

GPtrArray *
tether_test_try_list (TetherServer  *server,
                      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_server_list_processes_async (server, NULL, tether_test_store_result, &result);
  return tether_server_list_processes_finish (server, tether_test_wait (&result, 20000), error);
}

GPtrArray *
tether_test_list_processes (TetherServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *processes;

  tether_server_list_processes_async (server, NULL, tether_test_store_result, &result);
  processes = tether_server_list_processes_finish (server, tether_test_wait (&result, 20000),
                                                   &error);
  g_assert_no_error (error);
  g_assert_nonnull (processes);
  return processes;
}

void
tether_test_describe (TetherServer  *server,
                      TetherProcess *process)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tether_server_describe_process_async (server, process, NULL, tether_test_store_result, &result);
  tether_server_describe_process_finish (server, tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
}

void
tether_test_control (TetherServer  *server,
                     gint64         pid,
                     TetherControl  what)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tether_server_control_async (server, pid, what, NULL, tether_test_store_result, &result);
  tether_server_control_finish (server, tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
}

gboolean
tether_test_attach (TetherServer  *server,
                    gint64         pid,
                    gboolean       resume,
                    GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_server_attach_async (server, pid, resume, NULL, tether_test_store_result, &result);
  return tether_server_attach_finish (server, tether_test_wait (&result, 20000), error);
}

gint64
tether_test_create (TetherServer              *server,
                    const TetherCreateOptions *options,
                    GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_server_create_process_async (server, options, NULL, tether_test_store_result, &result);
  return tether_server_create_process_finish (server, tether_test_wait (&result, 20000), error);
}

static TetherProcess *
find (TetherServer     *server,
      const char       *name,
      TetherMatchRule   rule,
      GPtrArray       **all,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_server_find_process_async (server, name, rule, NULL, tether_test_store_result, &result);
  return tether_server_find_process_finish (server, tether_test_wait (&result, 30000), all, error);
}

void
tether_test_check_find (TetherServer *server)
{
  g_autoptr(TetherTestVictim) first = tether_test_victim_start ("601");
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(TetherProcess) by_name = NULL;
  g_autoptr(TetherProcess) by_path = NULL;
  g_autoptr(TetherProcess) none = NULL;
  g_autoptr(TetherProcess) ambiguous = NULL;
  g_autoptr(TetherProcess) only = NULL;
  g_autoptr(GError) error = NULL;
  const char *second_argv[] = { first->path, "602", NULL };
  GPid second_pid;

  /* A second instance of the same program. */
  second = g_subprocess_newv (second_argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  second_pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (second), NULL, 10);

  /* Default: the file name matches; the first (lowest PID) of the two is returned. */
  by_name = find (server, first->name, TETHER_MATCH_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_process_get_pid (by_name), ==, MIN (first->pid, second_pid));

  /* Full: only the whole path matches. */
  by_path = find (server, first->path, TETHER_MATCH_FULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_process_get_pid (by_path), ==, MIN (first->pid, second_pid));
  none = find (server, first->name, TETHER_MATCH_FULL, NULL, &error);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);

  /* Only: two matches are an error that names both. */
  ambiguous = find (server, first->name, TETHER_MATCH_ONLY, NULL, &error);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_AMBIGUOUS);
  g_assert_null (ambiguous);
  {
    g_autofree char *a = g_strdup_printf ("%d", first->pid);
    g_autofree char *b = g_strdup_printf ("%d", second_pid);

    g_assert_nonnull (strstr (error->message, a));
    g_assert_nonnull (strstr (error->message, b));
  }
  g_clear_error (&error);

  /* Only, with one left. */
  g_subprocess_force_exit (second);
  g_subprocess_wait (second, NULL, NULL);
  only = find (server, first->path, TETHER_MATCH_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tether_process_get_pid (only), ==, first->pid);
}

void
tether_test_check_held (TetherServer *server,
                        gint64        pid)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) threads = NULL;
  g_autoptr(GError) error = NULL;

  tether_server_list_threads_async (server, pid, NULL, tether_test_store_result, &result);
  threads = tether_server_list_threads_finish (server, tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 1);
  g_assert_cmpint (g_array_index (threads, TetherThreadInfo, 0).tid, ==, pid);

  tether_test_control (server, pid, TETHER_CONTROL_CONTINUE);
  g_assert_cmpint (tether_test_proc_state ((GPid)pid, 'S'), ==, 'S');
  tether_test_control (server, pid, TETHER_CONTROL_STOP);
  g_assert_cmpint (tether_test_proc_state ((GPid)pid, 't'), ==, 't');
  tether_test_control (server, pid, TETHER_CONTROL_DETACH);
}

TetherProcess *
tether_test_find_pid (GPtrArray *processes,
                      gint64     pid)
{
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);

      if (tether_process_get_pid (process) == pid)
        return process;
    }

  return NULL;
}
