/* tether-process-columns.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The columns of TetherProcessView: what each shows and how it sorts. Numbers are right-aligned;
 * the command line is ellipsized in the middle, with the whole of it in a tooltip. String columns
 * sort with plain strcmp() in a GtkCustomSorter (GtkStringSorter on a column is ~20× slower, see
 * GTK-NOTES); numeric ones with GtkNumericSorter. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-process-columns.h"

static char *format_pid (TetherProcess *process);
static char *format_cpu_percent (TetherProcess *process);
static char *format_rss_bytes (TetherProcess *process);
static char *format_threads (TetherProcess *process);
static char *format_start_time (TetherProcess *process);


static char *format_pid (TetherProcess *process);
static char *format_cpu_percent (TetherProcess *process);
static char *format_rss_bytes (TetherProcess *process);
static char *format_threads (TetherProcess *process);
static char *format_start_time (TetherProcess *process);

static const TetherProcessColumn columns[] = {
  { "pid", N_("PID"), 72, TRUE, FALSE, format_pid },
  { "user", N_("User"), 100, FALSE, FALSE, NULL },
  { "name", N_("Name"), 150, FALSE, FALSE, NULL },
  { "command-line", N_("Command Line"), -1, FALSE, FALSE, NULL },
  { "cpu-percent", N_("CPU %"), 70, TRUE, TRUE, format_cpu_percent },
  { "rss-bytes", N_("Memory"), 90, TRUE, TRUE, format_rss_bytes },
  { "state", N_("State"), 64, FALSE, TRUE, NULL },
  { "threads", N_("Threads"), 78, TRUE, TRUE, format_threads },
  { "start-time", N_("Started"), 80, TRUE, TRUE, format_start_time },
};

/* Formatting */

static char *
format_pid (TetherProcess *process)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, tether_process_get_pid (process));
}

static char *
format_cpu_percent (TetherProcess *process)
{
  double percent = tether_process_get_cpu_percent (process);

  return percent >= 0 ? g_strdup_printf ("%.1f", percent) : NULL;
}

static char *
format_rss_bytes (TetherProcess *process)
{
  guint64 bytes = tether_process_get_rss_bytes (process);

  /* Kernel threads have no memory of their own: nothing to show rather than "0 bytes". */
  return tether_process_get_has_details (process) && bytes > 0 ? g_format_size (bytes) : NULL;
}

static char *
format_threads (TetherProcess *process)
{
  gint64 threads = tether_process_get_threads (process);

  return threads >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, threads) : NULL;
}

static char *
format_start_time (TetherProcess *process)
{
  gint64 start = tether_process_get_start_time (process);
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (start <= 0 || (time = g_date_time_new_from_unix_local (start)) == NULL)
    return NULL;

  now = g_date_time_new_now_local ();
  if (g_date_time_get_year (now) == g_date_time_get_year (time) &&
      g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (time))
    return g_date_time_format (time, "%H:%M");
  /* Translators: a process's start date, when not today (see g_date_time_format()) */
  return g_date_time_format (time, _("%b %e"));
}

/* Sorters */

static int
compare_user (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return tether_process_compare_user ((TetherProcess *)a, (TetherProcess *)b);
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return tether_process_compare_name ((TetherProcess *)a, (TetherProcess *)b);
}

static int
compare_command_line (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return tether_process_compare_command_line ((TetherProcess *)a, (TetherProcess *)b);
}

static int
compare_state (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (tether_process_get_state ((TetherProcess *)a),
                    tether_process_get_state ((TetherProcess *)b));
}

GtkSorter *
tether_process_column_create_sorter (const TetherProcessColumn *info)
{
  GCompareDataFunc compare = NULL;

  if (g_str_equal (info->id, "user"))
    compare = compare_user;
  else if (g_str_equal (info->id, "name"))
    compare = compare_name;
  else if (g_str_equal (info->id, "command-line"))
    compare = compare_command_line;
  else if (g_str_equal (info->id, "state"))
    compare = compare_state;

  if (compare != NULL)
    return GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));

  return GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (TETHER_TYPE_PROCESS, NULL,
                                                                          info->id)));
}

/* Cells: one GtkInscription each, tinted after the process's presence. */

char *
tether_process_column_format (const TetherProcessColumn *info,
                              TetherProcess             *process)
{
  if (info->format != NULL)
    return info->format (process);
  if (g_str_equal (info->id, "user"))
    return g_strdup (tether_process_get_user (process));
  if (g_str_equal (info->id, "name"))
    return g_strdup (tether_process_get_name (process));
  if (g_str_equal (info->id, "command-line"))
    return g_strdup (tether_process_get_command_line (process));
  return g_strdup (tether_process_get_state (process));
}

/* Cells hold no signal handlers: binding a row (which a resort does for every row kept around the
 * viewport) stays cheap, and the view brings its bound cells up to date once per refresh
 * (tether_process_column_update_cell()). */
void
tether_process_column_update_cell (GtkWidget *cell)
{
  const TetherProcessColumn *info = g_object_get_data (G_OBJECT (cell), "tether-column");
  TetherProcess *process = g_object_get_data (G_OBJECT (cell), "tether-process");
  TetherProcessPresence presence;
  g_autofree char *text = NULL;

  if (process == NULL)
    return;

  text = tether_process_column_format (info, process);
  if (g_strcmp0 (text, gtk_inscription_get_text (GTK_INSCRIPTION (cell))) != 0)
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
      if (g_str_equal (info->id, "command-line"))
        gtk_widget_set_tooltip_text (cell, text);
    }

  presence = tether_process_get_presence (process);
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "tether-presence")) == (int)presence + 1)
    return;
  g_object_set_data (G_OBJECT (cell), "tether-presence", GINT_TO_POINTER ((int)presence + 1));
  if (presence == TETHER_PROCESS_PRESENCE_NEW)
    gtk_widget_add_css_class (cell, "new");
  else
    gtk_widget_remove_css_class (cell, "new");
  if (presence == TETHER_PROCESS_PRESENCE_EXITED)
    gtk_widget_add_css_class (cell, "exited");
  else
    gtk_widget_remove_css_class (cell, "exited");
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  const TetherProcessColumn *info = user_data;
  GtkInscription *cell = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_text_overflow (cell, g_str_equal (info->id, "command-line")
                                             ? GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE
                                             : GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (cell), "process-cell");
  if (info->numeric)
    {
      gtk_inscription_set_xalign (cell, 1.0);
      gtk_widget_add_css_class (GTK_WIDGET (cell), "numeric");
    }
  g_object_set_data (G_OBJECT (cell), "tether-column", (gpointer)info);
  /* Rows kept off screen are not updated (see tether_process_column_update_cell()). */
  g_signal_connect (cell, "map", G_CALLBACK (tether_process_column_update_cell), NULL);
  gtk_list_item_set_child (list_item, GTK_WIDGET (cell));
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GHashTable *bound_cells = g_object_get_data (G_OBJECT (factory), "tether-bound-cells");

  /* The list item holds the process while it is bound. */
  g_object_set_data (G_OBJECT (cell), "tether-process", gtk_list_item_get_item (list_item));
  tether_process_column_update_cell (cell);
  g_hash_table_add (bound_cells, cell);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GHashTable *bound_cells = g_object_get_data (G_OBJECT (factory), "tether-bound-cells");

  g_hash_table_remove (bound_cells, cell);
  g_object_set_data (G_OBJECT (cell), "tether-process", NULL);
}

const TetherProcessColumn *
tether_process_columns_get (guint *n_columns)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (columns) == TETHER_PROCESS_N_COLUMNS);

  if (n_columns != NULL)
    *n_columns = G_N_ELEMENTS (columns);
  return columns;
}

GtkListItemFactory *
tether_process_column_create_factory (const TetherProcessColumn *column,
                                      GHashTable                *bound_cells)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  /* The factory outlives the view's dispose while the column view lets go of its rows. */
  g_object_set_data_full (G_OBJECT (factory), "tether-bound-cells",
                          g_hash_table_ref (bound_cells), (GDestroyNotify)g_hash_table_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer)column);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer)column);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), (gpointer)column);
  return factory;
}
