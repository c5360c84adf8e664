/* test-process-details.c: TetherProcessDetails and TetherServerConnector against real gdbservers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display needed: neither class touches GTK.
 */
#include "config.h"

#include <gio/gio.h>

#include "tether-process-details.h"
#include "tether-process-list.h"
#include "tether-server-connector.h"
#include "tether-test-util.h"

static gboolean
update (TetherProcessDetails *details,
        GPtrArray            *rows,
        GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_process_details_update_async (details, rows, NULL, tether_test_store_result, &result);
  tether_test_wait (&result, 30000);
  return tether_process_details_update_finish (details, result, error);
}

static void
test_details_fill_rows (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(TetherServer) server = tether_test_connect (gdbserver->options);
  g_autoptr(TetherProcessDetails) details = tether_process_details_new (server);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  TetherProcess *row = tether_process_new (victim->pid);
  TetherProcess *gone = tether_process_new (G_MAXINT32 - 7);
  TetherProcess *other = tether_process_new (victim->pid);

  tether_process_details_set_max_concurrent (details, 2);
  g_assert_cmpuint (tether_process_details_get_max_concurrent (details), ==, 2);
  g_ptr_array_add (rows, row);
  g_ptr_array_add (rows, gone);
  /* A row that knows another start time is another process with the same pid. */
  tether_process_set_start_ticks (other, 1);
  g_ptr_array_add (rows, other);
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (rows, tether_process_new (1));

  g_assert_true (update (details, rows, &error));
  g_assert_no_error (error);

  g_assert_true (tether_process_get_has_details (row));
  g_assert_cmpint (tether_process_get_threads (row), >, 0);
  g_assert_cmpuint (tether_process_get_rss_bytes (row), >, 0);
  g_assert_nonnull (tether_process_get_state (row));
  g_assert_cmpuint (tether_process_get_start_ticks (row), >, 0);
  g_assert_cmpint (tether_process_get_start_time (row), >, 0);
  g_assert_cmpint (tether_process_get_start_time (row), <=, g_get_real_time () / G_USEC_PER_SEC);
  /* One describe gives no CPU %; the second gives the share since the first. */
  g_assert_cmpfloat (tether_process_get_cpu_percent (row), <, 0);
  /* The process that does not exist, and the other process's row, are left alone. */
  g_assert_false (tether_process_get_has_details (gone));
  g_assert_false (tether_process_get_has_details (other));
  g_assert_cmpint (tether_process_get_threads (other), ==, -1);
  g_assert_true (tether_process_get_has_details (g_ptr_array_index (rows, 3)));

  /* The next listing learns that the pid was reused: a list makes it a new row. */
  {
    g_autoptr(TetherProcessList) list = tether_process_list_new ();
    g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (before, g_object_ref (other));
    tether_process_list_apply_snapshot (list, before);
    g_assert_true (tether_process_list_find (list, victim->pid) == other);
    g_ptr_array_add (after, tether_process_new (victim->pid));
    tether_process_details_annotate_snapshot (details, after);
    g_assert_cmpuint (tether_process_get_start_ticks (g_ptr_array_index (after, 0)), ==,
                      tether_process_get_start_ticks (row));
    tether_process_list_apply_snapshot (list, after);
    g_assert_true (tether_process_list_find (list, victim->pid) == g_ptr_array_index (after, 0));
    g_assert_cmpuint (tether_process_get_presence (other), ==, TETHER_PROCESS_PRESENCE_EXITED);
    /* Annotated once: the next listing is left as it is. */
    g_ptr_array_set_size (after, 0);
    g_ptr_array_add (after, tether_process_new (victim->pid));
    tether_process_details_annotate_snapshot (details, after);
    g_assert_cmpuint (tether_process_get_start_ticks (g_ptr_array_index (after, 0)), ==, 0);
  }

  tether_test_spin (100);
  g_assert_true (update (details, rows, &error));
  g_assert_cmpfloat (tether_process_get_cpu_percent (row), >=, 0);
  /* A sleeping process uses next to nothing. */
  g_assert_cmpfloat (tether_process_get_cpu_percent (row), <, 50);

  /* A row left out of one update (more rows on screen than describes a refresh) still gets its
   * CPU % from the sample before, at the next: it used to stay blank, taking turns. */
  {
    g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);
    TetherProcess *fresh = tether_process_new (victim->pid);

    g_ptr_array_add (others, tether_process_new (1));
    g_assert_true (update (details, others, &error));
    g_ptr_array_add (again, fresh);
    g_assert_true (update (details, again, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (tether_process_get_cpu_percent (fresh), >=, 0);
  }

  g_clear_object (&details);
  tether_test_disconnect (g_steal_pointer (&server));
}

static void
test_details_cancelled (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherServer) server = tether_test_connect (gdbserver->options);
  g_autoptr(TetherProcessDetails) details = tether_process_details_new (server);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (rows, tether_process_new (1));
  tether_process_details_update_async (details, rows, cancellable, tether_test_store_result,
                                       &result);
  g_cancellable_cancel (cancellable);
  tether_test_wait (&result, 30000);
  g_assert_false (tether_process_details_update_finish (details, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&result);
  g_clear_object (&details);
  tether_test_disconnect (g_steal_pointer (&server));
}

static gboolean
connector_in_state (gpointer data)
{
  TetherServerConnector *connector = data;
  TetherServerState wanted = GPOINTER_TO_UINT (g_object_get_data (data, "wanted"));

  return tether_server_connector_get_state (connector) == wanted;
}

static gboolean
wait_state (TetherServerConnector *connector,
            TetherServerState      state,
            guint                  timeout_ms)
{
  g_object_set_data (G_OBJECT (connector), "wanted", GUINT_TO_POINTER (state));
  return tether_test_poll_until (connector_in_state, connector, timeout_ms);
}

static void
test_connector_retries_lost_connection (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherProfile) profile = tether_profile_new ("Test", gdbserver->options);
  g_autoptr(TetherServerConnector) connector = tether_server_connector_new (profile);
  g_autofree char *address = NULL;
  TetherServer *first;

  g_assert_cmpuint (tether_server_connector_get_state (connector), ==, TETHER_SERVER_DISCONNECTED);
  g_assert_null (tether_server_connector_get_server (connector));

  tether_profile_set_connect_at_startup (profile, TRUE);
  tether_server_connector_set_first_retry (connector, 1);
  tether_server_connector_connect (connector);
  g_assert_true (wait_state (connector, TETHER_SERVER_CONNECTED, 20000));
  first = tether_server_connector_get_server (connector);
  g_assert_nonnull (first);
  g_assert_true (tether_server_connector_get_was_connected (connector));

  /* The server dies: the connection is lost, the reason shown, and a retry scheduled. */
  address = g_strdup_printf ("127.0.0.1:%u", gdbserver->port);
  g_clear_pointer (&gdbserver, tether_test_gdbserver_stop);
  g_assert_true (wait_state (connector, TETHER_SERVER_FAILED, 20000));
  g_assert_nonnull (tether_server_connector_get_error_message (connector));
  g_assert_true (tether_server_connector_get_was_connected (connector));
  g_assert_true (tether_server_connector_get_retrying (connector));
  g_assert_cmpuint (tether_server_connector_get_retry_in (connector), <=, 1);

  /* While nothing listens, retries fail and back off; once it is back, one connects. */
  {
    const char *argv[] = { "gdbserver", "--multi", address, NULL };

    tether_test_spin (2500);
    gdbserver = tether_test_gdbserver_start_argv (argv);
  }
  g_assert_true (wait_state (connector, TETHER_SERVER_CONNECTED, 20000));
  g_assert_false (tether_server_connector_get_retrying (connector));
  /* The same connection string: the same server object, reconnected. */
  g_assert_true (tether_server_connector_get_server (connector) == first);

  /* Disconnecting by hand is final: no retry. */
  tether_server_connector_disconnect (connector);
  g_assert_true (wait_state (connector, TETHER_SERVER_DISCONNECTED, 20000));
  g_assert_false (tether_server_connector_get_retrying (connector));
}

static void
test_connector_bad_string_and_no_retry (void)
{
  g_autoptr(TetherProfile) profile = tether_profile_new ("Test", "tcp:server=127.0.0.1");
  g_autoptr(TetherServerConnector) connector = tether_server_connector_new (profile);

  /* The parser's complaint is the failure; nothing to retry. */
  tether_server_connector_connect (connector);
  g_assert_cmpuint (tether_server_connector_get_state (connector), ==, TETHER_SERVER_FAILED);
  g_assert_nonnull (tether_server_connector_get_error_message (connector));
  g_assert_false (tether_server_connector_get_was_connected (connector));
  g_assert_false (tether_server_connector_get_retrying (connector));
  g_assert_null (tether_server_connector_get_server (connector));
}

static void
test_connector_ends_server (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherProfile) profile = tether_profile_new ("Test", gdbserver->options);
  g_autoptr(TetherServerConnector) connector = tether_server_connector_new (profile);

  tether_server_connector_connect (connector);
  g_assert_true (wait_state (connector, TETHER_SERVER_CONNECTED, 20000));

  /* "End Server": disconnected, and the server itself exits. */
  tether_server_connector_end_server (connector);
  g_assert_true (wait_state (connector, TETHER_SERVER_DISCONNECTED, 20000));
  g_assert_true (tether_test_wait_gone (gdbserver->pid, 20000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/process-details/fill-rows", test_details_fill_rows);
  g_test_add_func ("/process-details/cancelled", test_details_cancelled);
  g_test_add_func ("/server-connector/retries-lost-connection",
                   test_connector_retries_lost_connection);
  g_test_add_func ("/server-connector/bad-string", test_connector_bad_string_and_no_retry);
  g_test_add_func ("/server-connector/ends-server", test_connector_ends_server);

  return g_test_run ();
}
