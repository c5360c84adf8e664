/* bench-process-list.c: how much main-thread time a live refresh of a big process table costs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds TetherProcessList a simulated server: N processes (50,000 by default), of which 1% change
 * their command line per refresh, 5 start and 5 exit. Measures (a) the bare model and (b) the model
 * under a real window: AdwApplicationWindow, GtkColumnView over TetherProcessList →
 * GtkFilterListModel → GtkSortListModel → GtkSingleSelection: the app's own TetherProcessView with
 * all its columns shown, mapped and painted after every refresh. Times are main-thread CPU time from apply_snapshot() until the next frame has been
 * painted and the main loop is idle. Building the snapshot (50,000 new TetherProcess objects: the
 * listing parser's job) and freeing it afterwards are not counted there, but reported on their own
 * line. The view's rows-updated handler calls gtk_sorter_changed() on the sorter of the column it
 * sorts by when that column's property changed. Run it under Xvfb with
 * tests/bench/run-bench-process-list.sh.
 */
#include "config.h"

#include <adwaita.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tether-application.h"
#include "tether-process-list.h"
#include "tether-process-view.h"

#define REFRESH_PERIOD_US (2 * G_USEC_PER_SEC)

#define MAX_WORDS 6

/* A process as the simulated server knows it: compact, so that the bench's own data does not
 * weigh in the RSS it reports. The command line is spelt out when a snapshot is built. */
typedef struct
{
  gint64   pid;
  guint64  start_ticks;
  guint32  instance;
  guint8   user;
  guint8   program;
  guint8   n_words;
  guint8   words[MAX_WORDS];
} Entry;

/* The simulated server: what /proc would list, in pid order. */
typedef struct
{
  GArray *entries;   /* Entry */
  GRand  *rand;
  GString *scratch;
  char   *names[16];   /* per program */
  gint64  next_pid;
  gint64  now_us;
  guint   generation;
} World;


static const char * const users[] = {
  "root", "alice", "bob", "postgres", "www-data", "systemd-network", "messagebus", "nobody",
};

static const char * const programs[] = {
  "/usr/bin/python3", "/usr/lib/firefox/firefox-bin", "/usr/sbin/sshd", "/usr/bin/bash",
  "/usr/lib/systemd/systemd", "/usr/bin/node", "/usr/lib/postgresql/15/bin/postgres",
  "/usr/sbin/nginx", "/usr/bin/gnome-shell", "/opt/app/bin/worker", "/usr/bin/java",
  "/usr/libexec/gvfsd", "/usr/bin/dbus-daemon", "/usr/local/bin/redis-server",
};

static const char * const words[] = {
  "--config", "/etc/app/main.conf", "--verbose", "-jar", "server.jar", "--port", "worker",
  "--log-level=info", "-m", "http.server", "--no-sandbox", "--type=renderer", "serve", "--user",
};

/* The process execs something else. */
static void
entry_set_command_line (World *world,
                        Entry *entry)
{
  entry->program = g_rand_int_range (world->rand, 0, G_N_ELEMENTS (programs));
  entry->n_words = g_rand_int_range (world->rand, 1, MAX_WORDS + 1);
  for (guint i = 0; i < entry->n_words; i++)
    entry->words[i] = g_rand_int_range (world->rand, 0, G_N_ELEMENTS (words));
  entry->instance = world->generation;
}

static const char *
entry_format_command_line (World       *world,
                           const Entry *entry)
{
  g_string_assign (world->scratch, programs[entry->program]);
  for (guint i = 0; i < entry->n_words; i++)
    {
      g_string_append_c (world->scratch, ' ');
      g_string_append (world->scratch, words[entry->words[i]]);
    }
  g_string_append_printf (world->scratch, " --instance=%u", entry->instance);

  return world->scratch->str;
}

static void
world_add_process (World *world)
{
  Entry entry = { 0 };

  entry.pid = world->next_pid;
  world->next_pid += g_rand_int_range (world->rand, 1, 4);
  entry.start_ticks = (guint64)(world->now_us / 10000) + 1;
  entry.user = g_rand_int_range (world->rand, 0, G_N_ELEMENTS (users));
  entry_set_command_line (world, &entry);
  g_array_append_val (world->entries, entry);
}

static World *
world_new (guint n_processes)
{
  World *world = g_new0 (World, 1);

  G_STATIC_ASSERT (G_N_ELEMENTS (programs) <= G_N_ELEMENTS (world->names));

  world->entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), n_processes + 16);
  world->rand = g_rand_new_with_seed (42);
  world->scratch = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    world->names[i] = g_path_get_basename (programs[i]);
  world->next_pid = 1;
  world->now_us = 1000 * G_USEC_PER_SEC;

  for (guint i = 0; i < n_processes; i++)
    world_add_process (world);

  return world;
}

static void
world_free (World *world)
{
  g_array_unref (world->entries);
  g_rand_free (world->rand);
  g_string_free (world->scratch, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    g_free (world->names[i]);
  g_free (world);
}

/* One refresh period passes: 1% of the processes exec something else, 5 exit, 5 start. */
static void
world_step (World *world)
{
  guint n_changed = world->entries->len / 100;

  world->generation++;
  world->now_us += REFRESH_PERIOD_US;

  for (guint i = 0; i < n_changed; i++)
    {
      guint index = g_rand_int_range (world->rand, 0, world->entries->len);

      entry_set_command_line (world, &g_array_index (world->entries, Entry, index));
    }

  for (guint i = 0; i < 5; i++)
    g_array_remove_index (world->entries, g_rand_int_range (world->rand, 0, world->entries->len));

  for (guint i = 0; i < 5; i++)
    world_add_process (world);
}

static GPtrArray *
world_snapshot (World *world)
{
  GPtrArray *snapshot = g_ptr_array_new_full (world->entries->len, g_object_unref);

  for (guint i = 0; i < world->entries->len; i++)
    {
      const Entry *entry = &g_array_index (world->entries, Entry, i);
      TetherProcess *process = tether_process_new (entry->pid);

      tether_process_set_user (process, users[entry->user]);
      tether_process_set_name (process, world->names[entry->program]);
      tether_process_set_command_line (process, entry_format_command_line (world, entry));
      tether_process_set_start_ticks (process, entry->start_ticks);
      g_ptr_array_add (snapshot, process);
    }

  return snapshot;
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  if (samples->len == 0)
    return 0;
  if (samples->len % 2 == 1)
    return g_array_index (samples, double, samples->len / 2);
  return (g_array_index (samples, double, samples->len / 2 - 1) +
          g_array_index (samples, double, samples->len / 2)) / 2;
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

/* (a) The model alone. */
static void
bench_bare (World *world,
            guint  n_refreshes)
{
  g_autoptr(TetherProcessList) list = tether_process_list_new ();
  g_autoptr(GArray) apply_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) build_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) free_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) first = world_snapshot (world);

  tether_process_list_apply_snapshot_at (list, first, world->now_us);

  for (guint i = 0; i < n_refreshes + 2; i++)
    {
      GPtrArray *snapshot;
      double t0, t1, t2, t3;

      world_step (world);
      t0 = thread_cpu_ms ();
      snapshot = world_snapshot (world);
      t1 = thread_cpu_ms ();
      tether_process_list_apply_snapshot_at (list, snapshot, world->now_us);
      t2 = thread_cpu_ms ();
      g_ptr_array_unref (snapshot);
      t3 = thread_cpu_ms ();

      if (i < 2)
        continue;   /* warm-up */
      g_array_append_val (build_ms, ((double) { t1 - t0 }));
      g_array_append_val (apply_ms, ((double) { t2 - t1 }));
      g_array_append_val (free_ms, ((double) { t3 - t2 }));
    }

  g_assert_cmpuint (tether_process_list_get_n_processes (list), ==, world->entries->len);
  printf ("snapshot build: %.1f ms median, free: %.1f ms median (%u refreshes, not counted in "
          "the other figures)\n", median (build_ms), median (free_ms), n_refreshes);
  printf ("bare model: %.1f ms median (%u refreshes)\n", median (apply_ms), n_refreshes);
}

/* (b) The model under a mapped window. */

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Runs the main loop until a frame has been painted and nothing is left to do. */
static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong handler;

  g_assert (clock != NULL);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static double
refresh_window (World             *world,
                TetherProcessList *list,
                GtkWidget         *window)
{
  g_autoptr(GPtrArray) snapshot = NULL;
  double t0;

  world_step (world);
  snapshot = world_snapshot (world);

  t0 = thread_cpu_ms ();
  tether_process_list_apply_snapshot_at (list, snapshot, world->now_us);
  wait_for_frame (window);
  return thread_cpu_ms () - t0;
}

static void
bench_refreshes (const char        *label,
                 World             *world,
                 TetherProcessList *list,
                 GtkWidget         *window,
                 guint              n_refreshes)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n_refreshes + 2; i++)
    {
      double ms = refresh_window (world, list, window);

      if (i >= 2)
        g_array_append_val (samples, ms);
    }

  printf ("%s: %.1f ms median (%u refreshes)\n", label, median (samples), n_refreshes);
}

static void
assert_sorted_by_command (GListModel *model)
{
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TetherProcess) a = g_list_model_get_item (model, i - 1);
      g_autoptr(TetherProcess) b = g_list_model_get_item (model, i);

      g_assert_cmpint (g_strcmp0 (tether_process_get_command_line (a),
                                  tether_process_get_command_line (b)), <=, 0);
    }
}

static gboolean all_columns;

static void
bench_window (World *world,
              guint  n_refreshes)
{
  g_autoptr(GPtrArray) first = NULL;
  TetherProcessView *view;
  TetherProcessList *list;
  GtkColumnView *column_view;
  GListModel *model;
  GtkWidget *window, *box;
  double t0;

  /* The app's own process table: its columns (all of them shown), cells and sorters. */
  view = TETHER_PROCESS_VIEW (tether_process_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (view), TRUE);
  /* The listing's columns (those a refresh changes), unless --all-columns: the detail columns
   * stay empty here, as no server describes these rows. */
  if (!all_columns)
    tether_process_view_set_visible_columns (view, (const char * const []){
                                               "pid", "user", "name", "command-line", NULL });
  list = tether_process_view_get_process_list (view);
  column_view = tether_process_view_get_column_view (view);
  model = G_LIST_MODEL (gtk_column_view_get_model (column_view));

  window = g_object_new (ADW_TYPE_APPLICATION_WINDOW,
                         "default-width", 1200,
                         "default-height", 760,
                         NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (window);

  printf ("rss before the first listing: %.0f MB\n", rss_mb ());
  first = world_snapshot (world);
  t0 = thread_cpu_ms ();
  tether_process_list_apply_snapshot_at (list, first, world->now_us);
  wait_for_frame (window);
  printf ("populate window: %.1f ms (%u rows)\n", thread_cpu_ms () - t0, world->entries->len);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, world->entries->len);

  /* The view sorts by PID at first: unsorted here, as the list itself is. */
  gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
  wait_for_frame (window);
  bench_refreshes ("unsorted", world, list, window, n_refreshes);

  t0 = thread_cpu_ms ();
  gtk_column_view_sort_by_column (column_view,
                                  tether_process_view_get_column (view, "command-line"),
                                  GTK_SORT_ASCENDING);
  wait_for_frame (window);
  printf ("sort by command: %.1f ms (once)\n", thread_cpu_ms () - t0);
  assert_sorted_by_command (model);

  bench_refreshes ("sorted", world, list, window, n_refreshes);

  /* The sort order must be right after all those refreshes. */
  assert_sorted_by_command (model);

  gtk_column_view_sort_by_column (column_view, tether_process_view_get_column (view, "pid"),
                                  GTK_SORT_DESCENDING);
  wait_for_frame (window);
  bench_refreshes ("sorted by pid, command lines changing", world, list, window, n_refreshes);

  printf ("rss: %.0f MB\n", rss_mb ());

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int n_rows = 50000;
  int n_refreshes = 20;
  gboolean bare_only = FALSE;
  int mmap_threshold = TETHER_MMAP_THRESHOLD;
  const GOptionEntry entries[] = {
    { .long_name = "rows", .arg = G_OPTION_ARG_INT, .arg_data = &n_rows,
      .description = "Processes in the list (50000)" },
    { .long_name = "refreshes", .arg = G_OPTION_ARG_INT, .arg_data = &n_refreshes,
      .description = "Measured refreshes per case (20)" },
    { .long_name = "all-columns", .arg = G_OPTION_ARG_NONE, .arg_data = &all_columns,
      .description = "Show the (empty) detail columns too" },
    { .long_name = "bare-only", .arg = G_OPTION_ARG_NONE, .arg_data = &bare_only,
      .description = "Only the model, no window (no display needed)" },
    { .long_name = "mmap-threshold", .arg = G_OPTION_ARG_INT, .arg_data = &mmap_threshold,
      .description = "glibc's M_MMAP_THRESHOLD, in bytes; 0 leaves glibc's adaptive one (default: the "
                     "app's, set in its main())",
      .arg_description = "BYTES" },
    { NULL },
  };
  World *world;

  context = g_option_context_new ("- benchmark TetherProcessList refreshes");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_rows < 100 || n_refreshes < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "bad --rows or --refreshes");
      return 2;
    }

  /* GtkSortListModel reallocates two arrays of n_items pointers on every change: with glibc's
   * adaptive threshold they end up in the heap and fragment it. A fixed threshold keeps them in
   * mmap()ed blocks that are returned when freed. */
  if (mmap_threshold > 0)
    mallopt (M_MMAP_THRESHOLD, mmap_threshold);

  world = world_new (n_rows);
  printf ("rows: %d, per refresh: %d command lines changed, 5 started, 5 exited\n",
          n_rows, n_rows / 100);

  /* The window first, so that its RSS is not inflated by the bare model's freed memory. */
  if (!bare_only)
    {
      adw_init ();
      bench_window (world, n_refreshes);
    }
  bench_bare (world, n_refreshes);

  world_free (world);
  return 0;
}
