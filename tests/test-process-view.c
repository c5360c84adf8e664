/* test-process-view.c: TetherProcessView fed listings directly (no server), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "tether-process-view.h"
#include "tether-test-util.h"

typedef struct
{
  GtkWidget         *window;
  TetherProcessView *view;
  TetherProcessList *list;
  GListModel        *model;
} Fixture;

static TetherProcess *
process_new (gint64      pid,
             const char *user,
             const char *command_line)
{
  TetherProcess *process = tether_process_new (pid);

  tether_process_set_user (process, user);
  tether_process_set_name (process, "prog");
  tether_process_set_command_line (process, command_line);
  return process;
}

/* A listing of @n processes; @shift moves every command line's sort key. */
static GPtrArray *
listing (guint n,
         guint shift)
{
  GPtrArray *snapshot = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *command_line = g_strdup_printf ("/bin/prog-%05u", (i * 7 + shift) % n);

      g_ptr_array_add (snapshot, process_new (i + 1, i % 2 ? "alice" : "bob", command_line));
    }
  return snapshot;
}

static int
position_of (Fixture *fixture,
             gint64   pid)
{
  guint n = g_list_model_get_n_items (fixture->model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TetherProcess) process = g_list_model_get_item (fixture->model, i);

      if (tether_process_get_pid (process) == pid)
        return (int)i;
    }
  return -1;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 600);
  fixture->view = TETHER_PROCESS_VIEW (tether_process_view_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  fixture->list = tether_process_view_get_process_list (fixture->view);
  fixture->model = G_LIST_MODEL (gtk_column_view_get_model (
                                   tether_process_view_get_column_view (fixture->view)));
  gtk_window_present (GTK_WINDOW (fixture->window));
  tether_test_spin (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  tether_test_spin (20);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_view_selection_follows_resort (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) first = listing (2000, 0);
  g_autoptr(GPtrArray) second = listing (2000, 13);
  GtkColumnView *column_view = tether_process_view_get_column_view (fixture->view);
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (fixture->model);
  TetherProcess *chosen;
  guint notified = 0;
  int before, after;

  tether_process_list_apply_snapshot (fixture->list, first);
  gtk_column_view_sort_by_column (column_view,
                                  tether_process_view_get_column (fixture->view, "command-line"),
                                  GTK_SORT_ASCENDING);
  before = position_of (fixture, 500);
  gtk_single_selection_set_selected (selection, (guint)before);
  chosen = tether_process_view_get_selected_process (fixture->view);
  g_assert_cmpint (tether_process_get_pid (chosen), ==, 500);
  g_signal_connect (fixture->view, "notify::selected-process", G_CALLBACK (count_notify),
                    &notified);

  /* Every command line changes: the rows resort, the selection stays on the same process, at its
   * new place, and nobody is told the selection changed. */
  tether_process_list_apply_snapshot (fixture->list, second);
  after = position_of (fixture, 500);
  g_assert_cmpint (after, !=, before);
  g_assert_true (tether_process_view_get_selected_process (fixture->view) == chosen);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, (guint)after);
  g_assert_cmpuint (notified, ==, 0);
  for (guint i = 1; i < g_list_model_get_n_items (fixture->model); i++)
    {
      g_autoptr(TetherProcess) a = g_list_model_get_item (fixture->model, i - 1);
      g_autoptr(TetherProcess) b = g_list_model_get_item (fixture->model, i);

      g_assert_cmpstr (tether_process_get_command_line (a), <=,
                       tether_process_get_command_line (b));
    }

  /* Sorted by user (many equal), the same. */
  gtk_column_view_sort_by_column (column_view,
                                  tether_process_view_get_column (fixture->view, "user"),
                                  GTK_SORT_ASCENDING);
  {
    g_autoptr(GPtrArray) third = listing (2000, 13);

    for (guint i = 0; i < third->len; i++)
      tether_process_set_user (g_ptr_array_index (third, i), i % 3 ? "carol" : "alice");
    tether_process_list_apply_snapshot (fixture->list, third);
  }
  g_assert_cmpstr (tether_process_get_user (chosen), ==, "carol");
  g_assert_true (tether_process_view_get_selected_process (fixture->view) == chosen);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==,
                    (guint)position_of (fixture, 500));
  g_signal_handlers_disconnect_by_func (fixture->view, count_notify, &notified);
}

/* Once laid out, the view shows a screenful of rows, fewer than the ~200 GTK keeps bound. */
static gboolean
shows_a_screenful (gpointer data)
{
  g_autoptr(GPtrArray) shown = tether_process_view_dup_shown_processes (data);

  return shown->len > 5 && shown->len < 100;
}

static void
test_view_filter_and_columns (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) first = listing (300, 0);
  g_autoptr(GPtrArray) shown = NULL;
  g_auto(GStrv) columns = NULL;

  tether_process_list_apply_snapshot (fixture->list, first);
  g_assert_cmpuint (tether_process_view_get_n_matching (fixture->view), ==, 300);

  /* The filter matches command lines, users and PIDs. */
  tether_process_view_set_filter_text (fixture->view, "prog-0000");
  g_assert_cmpuint (tether_process_view_get_n_matching (fixture->view), ==, 10);
  tether_process_view_set_filter_text (fixture->view, "ALICE");
  g_assert_cmpuint (tether_process_view_get_n_matching (fixture->view), ==, 150);
  tether_process_view_set_filter_text (fixture->view, "300");
  g_assert_cmpuint (tether_process_view_get_n_matching (fixture->view), ==, 1);
  tether_process_view_set_filter_text (fixture->view, "no such thing");
  g_assert_cmpuint (tether_process_view_get_n_matching (fixture->view), ==, 0);
  tether_process_view_set_filter_text (fixture->view, "");
  g_assert_null (tether_process_view_get_filter_text (fixture->view));
  g_assert_cmpuint (tether_process_view_get_n_matching (fixture->view), ==, 300);

  /* Only the rows on screen are worth describing: some, not all (once the view is laid out,
   * which takes longer under the sanitizers). */
  g_assert_true (tether_test_poll_until (shows_a_screenful, fixture->view, 10000));
  shown = tether_process_view_dup_shown_processes (fixture->view);
  g_assert_cmpuint (shown->len, >, 5);
  g_assert_cmpuint (shown->len, <, 100);

  /* Columns: unknown names are ignored; the detail ones tell whether details are wanted. */
  tether_process_view_set_visible_columns (fixture->view,
                                           (const char * const []){ "pid", "bogus", "name", NULL });
  columns = tether_process_view_dup_visible_columns (fixture->view);
  g_assert_cmpstrv (columns, ((const char * const []){ "pid", "name", NULL }));
  g_assert_false (tether_process_view_get_shows_details (fixture->view));
  tether_process_view_set_visible_columns (fixture->view, NULL);
  g_assert_true (tether_process_view_get_shows_details (fixture->view));

  /* Cells show what the rows say, once the view is told. */
  tether_process_set_threads (g_ptr_array_index (first, 0), 7);
  tether_process_view_details_changed (fixture->view);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/process-view/selection-follows-resort", Fixture, NULL, fixture_set_up,
              test_view_selection_follows_resort, fixture_tear_down);
  g_test_add ("/process-view/filter-and-columns", Fixture, NULL, fixture_set_up,
              test_view_filter_and_columns, fixture_tear_down);

  return g_test_run ();
}
