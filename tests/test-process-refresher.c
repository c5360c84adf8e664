/* test-process-refresher.c: TetherProcessRefresher against a real gdbserver, slowed by a proxy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run through tests/xvfb-run-test.sh (the refresher feeds a TetherProcessView, a widget).
 */
#include "config.h"

#include <adwaita.h>

#include "tether-fault-proxy.h"
#include "tether-process-refresher.h"
#include "tether-test-util.h"

#define INTERVAL_MS 250

static gboolean
refreshed_since (gpointer data)
{
  TetherProcessRefresher *refresher = data;
  gint64 since = *(gint64 *)g_object_get_data (data, "since");

  return tether_process_refresher_get_last_refresh (refresher) > since;
}

static gboolean
wait_refresh (TetherProcessRefresher *refresher,
              guint                   timeout_ms)
{
  gint64 since = tether_process_refresher_get_last_refresh (refresher);

  g_object_set_data_full (G_OBJECT (refresher), "since", g_memdup2 (&since, sizeof since), g_free);
  return tether_test_poll_until (refreshed_since, refresher, timeout_ms);
}

static void
test_refresher_schedule (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherServer) server = tether_test_connect (gdbserver->options);
  GtkWidget *window = gtk_window_new ();
  TetherProcessView *view = TETHER_PROCESS_VIEW (tether_process_view_new ());
  g_autoptr(TetherProcessRefresher) refresher = tether_process_refresher_new (view);
  TetherProcessList *list = tether_process_view_get_process_list (view);
  gint64 last;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  tether_process_refresher_set_interval (refresher, INTERVAL_MS);

  /* Nothing happens until it is active. */
  tether_process_refresher_set_server (refresher, server);
  g_assert_true (tether_process_refresher_get_server (refresher) == server);
  tether_test_spin (2 * INTERVAL_MS);
  g_assert_cmpint (tether_process_refresher_get_last_refresh (refresher), ==, 0);
  g_assert_cmpuint (tether_process_list_get_n_processes (list), ==, 0);

  /* Active: lists at once, then every interval. */
  tether_process_refresher_set_active (refresher, TRUE);
  g_assert_true (wait_refresh (refresher, 20000));
  g_assert_cmpuint (tether_process_list_get_n_processes (list), >, 0);
  g_assert_true (wait_refresh (refresher, INTERVAL_MS + 10000));
  g_assert_cmpuint (tether_process_refresher_get_effective_interval (refresher), >=, INTERVAL_MS);

  /* Paused: nothing more, until asked. */
  tether_process_refresher_set_paused (refresher, TRUE);
  tether_test_spin (INTERVAL_MS);
  last = tether_process_refresher_get_last_refresh (refresher);
  tether_test_spin (3 * INTERVAL_MS);
  g_assert_cmpint (tether_process_refresher_get_last_refresh (refresher), ==, last);
  tether_process_refresher_refresh (refresher);
  g_assert_true (wait_refresh (refresher, 20000));
  tether_process_refresher_set_paused (refresher, FALSE);

  /* Inactive (the page is not on screen): nothing either. */
  tether_process_refresher_set_active (refresher, FALSE);
  tether_test_spin (INTERVAL_MS);
  last = tether_process_refresher_get_last_refresh (refresher);
  tether_test_spin (3 * INTERVAL_MS);
  g_assert_cmpint (tether_process_refresher_get_last_refresh (refresher), ==, last);

  tether_process_refresher_set_server (refresher, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&refresher);
  tether_test_spin (50);
  tether_test_disconnect (g_steal_pointer (&server));
}

static void
test_refresher_adapts_to_slow_server (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  TetherFaultProxy *proxy = tether_fault_proxy_new (gdbserver->port);
  g_autofree char *options = tether_fault_proxy_dup_options (proxy);
  g_autoptr(TetherServer) server = NULL;
  GtkWidget *window = gtk_window_new ();
  TetherProcessView *view = TETHER_PROCESS_VIEW (tether_process_view_new ());
  g_autoptr(TetherProcessRefresher) refresher = tether_process_refresher_new (view);
  guint effective;

  /* Small chunks from the start: a read already waiting when the size changes would still take
   * up to the default size, and a whole listing would come through with a single delay. */
  tether_fault_proxy_set_chunk_size (proxy, 512);
  server = tether_test_connect (options);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  tether_process_refresher_set_interval (refresher, INTERVAL_MS);

  /* A slow link: every 512 bytes from the server wait 20 ms, so a listing takes a while. Slowed
   * before the refresher gets the server, so that not even its first listing is fast. */
  tether_fault_proxy_set_mode (proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_SLOW, 20);
  tether_process_refresher_set_server (refresher, server);
  tether_process_refresher_set_active (refresher, TRUE);
  g_assert_true (wait_refresh (refresher, 60000));

  /* The interval grew so that the listing keeps the server busy a tenth of the time at most. */
  effective = tether_process_refresher_get_effective_interval (refresher);
  g_test_message ("effective interval on a slow link: %u ms", effective);
  g_assert_cmpuint (effective, >, INTERVAL_MS);
  g_assert_cmpuint (tether_process_refresher_get_interval (refresher), ==, INTERVAL_MS);

  tether_process_refresher_set_server (refresher, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&refresher);
  tether_fault_proxy_set_mode (proxy, TETHER_FAULT_BOTH, TETHER_FAULT_PASS, 0);
  tether_test_spin (50);
  tether_test_disconnect (g_steal_pointer (&server));
  tether_fault_proxy_free (proxy);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/process-refresher/schedule", test_refresher_schedule);
  g_test_add_func ("/process-refresher/adapts-to-slow-server", test_refresher_adapts_to_slow_server);

  return g_test_run ();
}
