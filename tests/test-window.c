/* test-window.c: the main window against a real local gdbserver, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run through tests/xvfb-run-test.sh (its own Xvfb, GSK_RENDERER=cairo, GTK_A11Y=none).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tether-connection-status.h"
#include "tether-test-window.h"
#include "tether-window.h"

#define REFRESH_MS 250   /* what tether_test_window_set_up() sets */

typedef TetherTestWindowFixture Fixture;

static gboolean
wait_for_row (Fixture  *fixture,
              gint64    pid,
              gboolean  present,
              guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while ((tether_test_find_row (fixture->column_view, pid) >= 0) != present)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      tether_test_spin (20);
    }

  return TRUE;
}

/* The app's settings, when the schema is compiled (GSETTINGS_SCHEMA_DIR); NULL otherwise. */
static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = app_settings ();

  /* Each test starts from the defaults (the memory backend lives as long as the process). */
  if (settings != NULL)
    {
      g_settings_reset (settings, "visible-columns");
      g_settings_reset (settings, "paused");
      g_settings_reset (settings, "last-profile");
      g_settings_reset (settings, "window-width");
      g_settings_reset (settings, "window-height");
    }

  tether_test_window_set_up (fixture, data);

  /* First start: "This computer" is shown and connects by itself. */
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *)&fixture->page);
  g_assert_cmpstr (tether_profile_get_id (tether_server_page_get_profile (fixture->page)), ==,
                   TETHER_PROFILE_BUILTIN_ID);
  g_assert_cmpuint (tether_server_page_get_refresh_interval (fixture->page), ==, REFRESH_MS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* The page and window go once their last refresh has been cancelled and collected. */
  for (guint i = 0; i < 200 && (fixture->page != NULL || fixture->window != NULL); i++)
    tether_test_spin (10);
  g_assert_null (fixture->page);
  tether_test_window_tear_down (fixture, data);
}

static void
test_window_lists_processes (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(TetherTestVictim) later = NULL;
  g_autoptr(TetherProcess) selected = NULL;
  GtkSingleSelection *selection =
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (fixture->column_view));
  g_autoptr(GtkColumnViewColumn) pid_column = NULL;
  GtkWidget *entry;
  int position;
  g_autofree char *expected_subtitle = NULL;

  /* The table lists the victim, with the listing's name and the header's count. */
  g_assert_true (wait_for_row (fixture, victim->pid, TRUE, 10000));
  position = tether_test_find_row (fixture->column_view, victim->pid);
  selected = g_list_model_get_item (G_LIST_MODEL (selection), (guint)position);
  /* A listing taken between fork and exec shows the parent's command line; the next one updates
   * the same row in place. (The listing's name is cut at the path's first space: gdbserver
   * joins arguments with spaces, so only the command line is checked.) */
  for (guint i = 0; i < 100 &&
       !g_str_has_prefix (tether_process_get_command_line (selected), victim->path); i++)
    tether_test_spin (20);
  g_assert_true (g_str_has_prefix (tether_process_get_command_line (selected), victim->path));
  expected_subtitle =
    g_strdup_printf ("%u processes",
                     tether_process_list_get_n_processes (
                       tether_server_page_get_process_list (fixture->page)));
  g_assert_true (g_str_has_prefix (tether_server_page_get_subtitle (fixture->page), expected_subtitle));

  /* Sorted by PID, descending: a process started later comes first, and the selection follows
   * the selected process, not its position, across refreshes. */
  pid_column = g_list_model_get_item (gtk_column_view_get_columns (fixture->column_view), 0);
  gtk_column_view_sort_by_column (fixture->column_view, pid_column, GTK_SORT_DESCENDING);
  tether_test_spin (50);
  position = tether_test_find_row (fixture->column_view, victim->pid);
  g_assert_cmpint (position, >=, 0);
  gtk_single_selection_set_selected (selection, (guint)position);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer)selected);

  later = tether_test_victim_start ("600");
  /* Within two refresh intervals (plus the time one listing takes). */
  g_assert_true (wait_for_row (fixture, later->pid, TRUE, 2 * REFRESH_MS + 2000));
  g_assert_cmpint (tether_test_find_row (fixture->column_view, later->pid), <,
                   tether_test_find_row (fixture->column_view, victim->pid));
  /* Other processes of this machine come and go too: the victim moved down at least one row. */
  g_assert_cmpint (tether_test_find_row (fixture->column_view, victim->pid), >, position);
  tether_test_spin (3 * REFRESH_MS);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer)selected);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==,
                    (guint)tether_test_find_row (fixture->column_view, victim->pid));

  /* Typing the victim's name in the filter leaves exactly its row. */
  tether_server_page_set_search_mode (fixture->page, TRUE);
  entry = tether_test_find_descendant (GTK_WIDGET (fixture->page), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  for (guint i = 0; i < 100 && !gtk_widget_get_mapped (entry); i++)
    tether_test_spin (20);
  g_assert_true (gtk_widget_get_mapped (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), victim->name);
  for (guint i = 0; i < 100 && g_list_model_get_n_items (G_LIST_MODEL (selection)) != 1; i++)
    tether_test_spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
  g_assert_cmpint (tether_test_find_row (fixture->column_view, victim->pid), ==, 0);
  g_assert_true (g_str_has_prefix (tether_server_page_get_subtitle (fixture->page), "1 of "));
  /* Filtered and refreshed, the row is still the selected one. */
  tether_test_spin (2 * REFRESH_MS);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer)selected);

  /* Killed, its row goes once the list's linger has passed, within a few refreshes. */
  g_clear_pointer (&victim, tether_test_victim_stop);
  g_assert_true (wait_for_row (fixture, tether_process_get_pid (selected), FALSE,
                               tether_process_list_get_linger_ms (
                                 tether_server_page_get_process_list (fixture->page)) +
                               4 * REFRESH_MS + 2000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 0);
  g_assert_null (gtk_single_selection_get_selected_item (selection));

  /* Clearing the filter brings back the others, the later victim among them. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (wait_for_row (fixture, later->pid, TRUE, 2000));
}

static void
test_window_refresh_action (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;

  /* Paused, the list stands still; F5 (win.refresh) lists now. */
  tether_server_page_set_paused (fixture->page, TRUE);
  tether_test_spin (2 * REFRESH_MS);
  victim = tether_test_victim_start ("600");
  tether_test_spin (3 * REFRESH_MS);
  g_assert_cmpint (tether_test_find_row (fixture->column_view, victim->pid), <, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  /* Generous: on a busy machine gdbserver 13.1 can stall in a listing (README, Known limits). */
  if (!wait_for_row (fixture, victim->pid, TRUE, 15000))
    g_error ("Refreshing did not list process %d: page state %u (%s), %u processes listed",
             (int)victim->pid, tether_server_page_get_state (fixture->page),
             tether_server_page_get_error_message (fixture->page),
             tether_process_list_get_n_processes (
               tether_server_page_get_process_list (fixture->page)));
}

static gboolean
column_sorted (Fixture    *fixture,
               const char *property,
               gboolean    descending)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (fixture->column_view));
  guint n = g_list_model_get_n_items (model);
  g_autoptr(TetherProcess) previous = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TetherProcess) process = g_list_model_get_item (model, i);
      int order;

      if (previous != NULL)
        {
          if (g_str_equal (property, "pid"))
            order = tether_process_get_pid (previous) < tether_process_get_pid (process) ? -1 : 1;
          else
            order = g_strcmp0 (tether_process_get_command_line (previous),
                               tether_process_get_command_line (process));
          if (descending ? order < 0 : order > 0)
            return FALSE;
        }
      g_set_object (&previous, process);
    }

  return n > 1;
}

static void
test_window_sorts (Fixture       *fixture,
                   gconstpointer  data)
{
  TetherProcessView *view = tether_server_page_get_process_view (fixture->page);

  g_assert_true (wait_for_row (fixture, 1, TRUE, 10000));
  /* By PID ascending at first; a click on a header sorts by it, another reverses it. */
  g_assert_true (column_sorted (fixture, "pid", FALSE));
  gtk_column_view_sort_by_column (fixture->column_view,
                                  tether_process_view_get_column (view, "pid"),
                                  GTK_SORT_DESCENDING);
  g_assert_true (column_sorted (fixture, "pid", TRUE));
  gtk_column_view_sort_by_column (fixture->column_view,
                                  tether_process_view_get_column (view, "command-line"),
                                  GTK_SORT_ASCENDING);
  g_assert_true (column_sorted (fixture, "command-line", FALSE));
  /* …and stays sorted across refreshes, whose rows change in place. */
  tether_test_spin (3 * REFRESH_MS);
  g_assert_true (column_sorted (fixture, "command-line", FALSE));
  gtk_column_view_sort_by_column (fixture->column_view,
                                  tether_process_view_get_column (view, "command-line"),
                                  GTK_SORT_DESCENDING);
  g_assert_true (column_sorted (fixture, "command-line", TRUE));
}

static void
test_window_details (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  TetherProcessView *view = tether_server_page_get_process_view (fixture->page);
  TetherProcessList *list = tether_server_page_get_process_list (fixture->page);
  g_auto(GStrv) columns = NULL;
  TetherProcess *process = NULL;
  char pid[24];

  /* The victim on screen (the filter leaves its row alone): its details fill in. */
  g_assert_true (wait_for_row (fixture, victim->pid, TRUE, 10000));
  g_snprintf (pid, sizeof pid, "%d", (int)victim->pid);
  tether_process_view_set_filter_text (view, pid);
  for (guint i = 0; i < 500; i++)
    {
      process = tether_process_list_find (list, victim->pid);
      if (process != NULL && tether_process_get_has_details (process) &&
          tether_process_get_cpu_percent (process) >= 0)
        break;
      tether_test_spin (20);
    }
  g_assert_nonnull (process);
  g_assert_true (tether_process_get_has_details (process));
  g_assert_cmpint (tether_process_get_threads (process), >, 0);
  g_assert_cmpuint (tether_process_get_rss_bytes (process), >, 0);
  g_assert_cmpint (tether_process_get_start_time (process), >, 0);
  g_assert_nonnull (tether_process_get_state (process));
  /* The second describe gives CPU %. */
  g_assert_cmpfloat (tether_process_get_cpu_percent (process), >=, 0);

  /* Rows far off screen are not described: the list has many more rows than the screen. */
  tether_process_view_set_filter_text (view, NULL);
  {
    guint described = 0, n = g_list_model_get_n_items (G_LIST_MODEL (list));

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(TetherProcess) row = g_list_model_get_item (G_LIST_MODEL (list), i);

        described += tether_process_get_has_details (row);
      }
    g_test_message ("%u of %u rows described", described, n);
    g_assert_cmpuint (described, <, n);
  }

  /* The column menu hides a column; the window (and its setting) learns it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "view.show-threads", NULL));
  g_assert_false (gtk_column_view_column_get_visible (tether_process_view_get_column (view,
                                                                                      "threads")));
  g_object_get (fixture->window, "visible-columns", &columns, NULL);
  g_assert_false (g_strv_contains ((const char * const *)columns, "threads"));
  g_assert_true (g_strv_contains ((const char * const *)columns, "cpu-percent"));
}

static void
test_window_lost_connection (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherProfile) profile = tether_profile_new ("Test server", gdbserver->options);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", gdbserver->port);
  const char *argv[] = { "gdbserver", "--multi", address, NULL };
  g_autoptr(GError) error = NULL;
  TetherConnectionStatus *status;
  TetherServerPage *page;
  GtkListBox *sidebar;
  gint64 deadline;

  g_assert_true (tether_profile_store_add (fixture->store, profile, &error));
  g_assert_no_error (error);
  sidebar = GTK_LIST_BOX (tether_test_find_descendant (GTK_WIDGET (fixture->window),
                                                       GTK_TYPE_LIST_BOX));
  gtk_list_box_select_row (sidebar, gtk_list_box_get_row_at_index (sidebar, 1));
  page = tether_window_get_visible_page (fixture->window);
  g_assert_true (tether_server_page_get_profile (page) == profile);
  g_assert_cmpuint (tether_server_page_get_state (page), ==, TETHER_SERVER_DISCONNECTED);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.connect", NULL));
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (tether_server_page_get_state (page) != TETHER_SERVER_CONNECTED &&
         g_get_monotonic_time () < deadline)
    tether_test_spin (20);
  g_assert_cmpuint (tether_server_page_get_state (page), ==, TETHER_SERVER_CONNECTED);

  /* The server dies: the lost-connection view, with the reason. */
  g_clear_pointer (&gdbserver, tether_test_gdbserver_stop);
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (tether_server_page_get_state (page) != TETHER_SERVER_FAILED &&
         g_get_monotonic_time () < deadline)
    tether_test_spin (20);
  g_assert_cmpuint (tether_server_page_get_state (page), ==, TETHER_SERVER_FAILED);
  status = TETHER_CONNECTION_STATUS (tether_test_find_descendant (GTK_WIDGET (page),
                                                                  TETHER_TYPE_CONNECTION_STATUS));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_cmpstr (tether_connection_status_get_title (status), ==, "Connection Lost");
  g_assert_nonnull (tether_server_page_get_error_message (page));
  g_assert_nonnull (strstr (tether_connection_status_get_description (status),
                            tether_server_page_get_error_message (page)));
  g_assert_cmpstr (tether_server_page_get_subtitle (page), ==, "Connection lost");

  /* It is back: Reconnect (page.connect) brings the list back. */
  gdbserver = tether_test_gdbserver_start_argv (argv);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (status), "page.connect", NULL));
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (tether_process_list_get_n_processes (tether_server_page_get_process_list (page)) == 0 &&
         g_get_monotonic_time () < deadline)
    tether_test_spin (20);
  g_assert_cmpuint (tether_server_page_get_state (page), ==, TETHER_SERVER_CONNECTED);
  g_assert_cmpuint (tether_process_list_get_n_processes (tether_server_page_get_process_list (page)),
                    >, 0);

  /* Disconnect (the sidebar row's menu) before the server goes, so the page ends quietly. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.disconnect-profile",
                                             "s", tether_profile_get_id (profile)));
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (tether_server_page_get_state (page) != TETHER_SERVER_DISCONNECTED &&
         g_get_monotonic_time () < deadline)
    tether_test_spin (20);
  g_assert_cmpuint (tether_server_page_get_state (page), ==, TETHER_SERVER_DISCONNECTED);
}

static void
test_window_paused_setting (Fixture       *fixture,
                            gconstpointer  data)
{
  gboolean paused = FALSE;

  /* Pausing one page pauses the window's setting, and back. */
  tether_server_page_set_paused (fixture->page, TRUE);
  g_object_get (fixture->window, "paused", &paused, NULL);
  g_assert_true (paused);
  g_assert_nonnull (strstr (tether_server_page_get_subtitle (fixture->page), "paused"));
  g_object_set (fixture->window, "paused", FALSE, NULL);
  g_assert_false (tether_server_page_get_paused (fixture->page));
  /* The interval in use is never shorter than the one asked for. */
  g_assert_cmpuint (tether_server_page_get_effective_interval (fixture->page), >=, REFRESH_MS);
  tether_test_spin (2 * REFRESH_MS);
  g_assert_nonnull (strstr (tether_server_page_get_subtitle (fixture->page), "refreshed"));
}

static void
test_window_hidden_stops_refreshing (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;

  g_assert_true (wait_for_row (fixture, 1, TRUE, 10000));

  /* Hidden, the page is not on screen: nothing is listed. */
  gtk_widget_set_visible (GTK_WIDGET (fixture->window), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
  tether_test_spin (2 * REFRESH_MS);
  victim = tether_test_victim_start ("600");
  tether_test_spin (4 * REFRESH_MS);
  g_assert_cmpint (tether_test_find_row (fixture->column_view, victim->pid), <, 0);

  /* Shown again, the list is stale: it catches up at once. */
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for_row (fixture, victim->pid, TRUE, 2 * REFRESH_MS + 5000));
}

static void
test_window_settings (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = app_settings ();
  g_auto(GStrv) columns = NULL;
  TetherProcessView *view = tether_server_page_get_process_view (fixture->page);

  if (settings == NULL)
    {
      g_test_skip ("The GSettings schema is not compiled (GSETTINGS_SCHEMA_DIR)");
      return;
    }

  /* The columns follow the setting, and the column menu writes it. */
  g_settings_set_strv (settings, "visible-columns",
                       (const char * const []){ "pid", "name", "cpu-percent", NULL });
  g_assert_true (gtk_column_view_column_get_visible (tether_process_view_get_column (view, "pid")));
  g_assert_false (gtk_column_view_column_get_visible (tether_process_view_get_column (view,
                                                                                      "user")));
  g_assert_true (tether_process_view_get_shows_details (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "view.show-user", NULL));
  columns = g_settings_get_strv (settings, "visible-columns");
  g_assert_true (g_strv_contains ((const char * const *)columns, "user"));
  g_assert_false (g_strv_contains ((const char * const *)columns, "threads"));

  /* Paused is a setting too. */
  g_settings_set_boolean (settings, "paused", TRUE);
  g_assert_true (tether_server_page_get_paused (fixture->page));
  tether_server_page_set_paused (fixture->page, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "paused"));

  /* The profile shown, and the window's size when it closes. */
  {
    g_autofree char *last = g_settings_get_string (settings, "last-profile");

    g_assert_cmpstr (last, ==, TETHER_PROFILE_BUILTIN_ID);
  }
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 640);
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/window/lists-processes", Fixture, NULL, fixture_set_up,
              test_window_lists_processes, fixture_tear_down);
  g_test_add ("/window/refresh-action", Fixture, NULL, fixture_set_up,
              test_window_refresh_action, fixture_tear_down);
  g_test_add ("/window/sorts", Fixture, NULL, fixture_set_up, test_window_sorts,
              fixture_tear_down);
  g_test_add ("/window/details", Fixture, NULL, fixture_set_up, test_window_details,
              fixture_tear_down);
  g_test_add ("/window/lost-connection", Fixture, NULL, fixture_set_up,
              test_window_lost_connection, fixture_tear_down);
  g_test_add ("/window/paused-setting", Fixture, NULL, fixture_set_up,
              test_window_paused_setting, fixture_tear_down);
  g_test_add ("/window/settings", Fixture, NULL, fixture_set_up, test_window_settings,
              fixture_tear_down);
  g_test_add ("/window/hidden-stops-refreshing", Fixture, NULL, fixture_set_up,
              test_window_hidden_stops_refreshing, fixture_tear_down);

  return g_test_run ();
}
