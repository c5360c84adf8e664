/* tether-test-window.c: widgets to find and wait for, and a main window on a fresh profile store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "tether-profile-row.h"
#include "tether-test-window.h"

GtkWidget *
tether_test_find_descendant (GtkWidget *widget,
                             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tether_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
tether_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

GtkWidget *
tether_test_wait_toplevel (GType type,
                           guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  GtkWidget *found;

  while ((found = tether_test_find_toplevel (type)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("No %s showed within %u ms", g_type_name (type), timeout_ms);
      tether_test_spin (20);
    }
  return found;
}

int
tether_test_find_row (GtkColumnView *column_view,
                      gint64         pid)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TetherProcess) process = g_list_model_get_item (model, i);

      if (tether_process_get_pid (process) == pid)
        return (int)i;
    }
  return -1;
}

void
tether_test_select_process (TetherTestWindowFixture *fixture,
                            gint64                   pid)
{
  GtkSingleSelection *selection =
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (fixture->column_view));
  gint64 deadline = g_get_monotonic_time () + 15 * G_TIME_SPAN_SECOND;

  while (tether_test_find_row (fixture->column_view, pid) < 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Process %d was not listed", (int)pid);
      tether_test_spin (20);
    }
  gtk_single_selection_set_selected (selection,
                                     (guint)tether_test_find_row (fixture->column_view, pid));
}

TetherSession *
tether_test_wait_session (TetherTestWindowFixture *fixture,
                          gint64                   pid,
                          guint                    timeout_ms)
{
  GListModel *sessions = tether_session_sidebar_get_sessions (fixture->sidebar);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      guint n = g_list_model_get_n_items (sessions);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TetherSession) session = g_list_model_get_item (sessions, i);

          if (pid <= 0 || tether_session_get_pid (session) == pid)
            return session;   /* the sidebar keeps it */
        }
      if (g_get_monotonic_time () > deadline)
        return NULL;
      tether_test_spin (20);
    }
}

guint
tether_test_n_sessions (TetherTestWindowFixture *fixture)
{
  return g_list_model_get_n_items (tether_session_sidebar_get_sessions (fixture->sidebar));
}

GtkListBoxRow *
tether_test_sidebar_row (TetherTestWindowFixture *fixture,
                         gpointer                 item,
                         int                     *index)
{
  GtkListBox *list = tether_session_sidebar_get_list (fixture->sidebar);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      if ((TETHER_IS_PROFILE_ROW (row) &&
           tether_profile_row_get_profile (TETHER_PROFILE_ROW (row)) == item) ||
          g_object_get_data (G_OBJECT (row), "tether-session") == item)
        {
          if (index != NULL)
            *index = i;
          return row;
        }
    }
  return NULL;
}

guint
tether_test_n_threads (TetherSession *session)
{
  return g_list_model_get_n_items (tether_session_get_threads (session));
}

void
tether_test_window_set_up (TetherTestWindowFixture *fixture,
                           gconstpointer            data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  gint64 deadline;

  fixture->dir = g_dir_make_tmp ("tether-test-sessions-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "profiles.json", NULL);
  file = g_file_new_for_path (path);
  fixture->store = tether_profile_store_new (file);
  g_assert_true (tether_profile_store_load (fixture->store, &error));

  fixture->window = tether_window_new (NULL, fixture->store);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *)&fixture->window);
  tether_window_set_refresh_interval (fixture->window, 250);
  gtk_window_present (GTK_WINDOW (fixture->window));

  fixture->page = tether_window_get_visible_page (fixture->window);
  g_assert_nonnull (fixture->page);
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (tether_server_page_get_state (fixture->page) != TETHER_SERVER_CONNECTED)
    {
      g_assert_cmpuint (tether_server_page_get_state (fixture->page), !=, TETHER_SERVER_FAILED);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      tether_test_spin (20);
    }

  fixture->column_view = GTK_COLUMN_VIEW (tether_test_find_descendant (GTK_WIDGET (fixture->page),
                                                                       GTK_TYPE_COLUMN_VIEW));
  fixture->sidebar =
    TETHER_SESSION_SIDEBAR (tether_test_find_descendant (GTK_WIDGET (fixture->window),
                                                         TETHER_TYPE_SESSION_SIDEBAR));
  g_assert_nonnull (fixture->column_view);
  g_assert_nonnull (fixture->sidebar);
}

void
tether_test_window_tear_down (TetherTestWindowFixture *fixture,
                              gconstpointer            data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "profiles.json", NULL);

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  for (guint i = 0; i < 300 && fixture->window != NULL; i++)
    tether_test_spin (10);
  g_assert_null (fixture->window);
  /* Servers end when their pages go: let their last words arrive. */
  tether_test_spin (100);
  g_assert_finalize_object (fixture->store);

  g_unlink (path);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

void
tether_test_window_add (const char           *path,
                        TetherTestWindowFunc  test)
{
  g_test_add (path, TetherTestWindowFixture, NULL, tether_test_window_set_up, test,
              tether_test_window_tear_down);
}
