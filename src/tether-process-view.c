/* tether-process-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherProcessView:
 *
 * The live process table of one server: a #GtkColumnView over the pipeline its template declares,
 *
 *   TetherProcessList → GtkFilterListModel → GtkSortListModel → GtkSingleSelection
 *
 * with one column per #TetherProcess property worth a glance (PID, user, name, command line, and
 * the details from /proc: CPU %, memory, state, threads, start time). Columns sort by a click on
 * their header, whose menu shows or hides columns. Text filters match PID, name, user and command
 * line. The view knows which rows are on screen, so that its owner describes only those.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tether-process-columns.h"
#include "tether-process-view.h"

static const TetherProcessColumn *column_infos;
static guint n_column_infos;

#define N_COLUMNS TETHER_PROCESS_N_COLUMNS

struct _TetherProcessView
{
  GtkWidget             parent_instance;

  /* Template widgets and objects */
  GtkStack             *table_stack;
  GtkScrolledWindow    *scrolled_window;
  GtkColumnView        *column_view;
  GtkSingleSelection   *selection;
  GtkSortListModel     *sort_model;
  GtkFilterListModel   *filter_model;
  GtkCustomFilter      *filter;
  TetherProcessList    *process_list;

  /* Owned */
  GtkColumnViewColumn  *columns[N_COLUMNS];
  GtkSorter            *sorters[N_COLUMNS];   /* borrowed from the columns */
  GSimpleActionGroup   *actions;
  GtkFilter            *owned_filter;          /* the filter, also while the model has none */
  GHashTable           *bound_cells;           /* GtkWidget * (cells with an item) */
  char                 *filter_text;           /* NULL when the filter is empty */
};

G_DEFINE_FINAL_TYPE (TetherProcessView, tether_process_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROCESS_LIST,
  PROP_FILTER_TEXT,
  PROP_N_MATCHING,
  PROP_SELECTED_PROCESS,
  PROP_VISIBLE_COLUMNS,
  PROP_SHOWS_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
column_index (const char *id)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_strcmp0 (column_infos[i].id, id) == 0)
      return (int)i;

  return -1;
}

/* Filter */

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strcasestr (haystack, needle) != NULL;
}

static gboolean
filter_process (gpointer item,
                gpointer user_data)
{
  TetherProcessView *self = user_data;
  TetherProcess *process = item;
  char pid[24];

  if (self->filter_text == NULL)
    return TRUE;

  if (contains (tether_process_get_name (process), self->filter_text) ||
      contains (tether_process_get_user (process), self->filter_text) ||
      contains (tether_process_get_command_line (process), self->filter_text))
    return TRUE;

  g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, tether_process_get_pid (process));
  return strstr (pid, self->filter_text) != NULL;
}

/* Columns and their menu */

static void
notify_visible_columns (TetherProcessView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_COLUMNS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWS_DETAILS]);
}

static void
show_column_cb (GSimpleAction *action,
                GVariant      *state,
                gpointer       user_data)
{
  TetherProcessView *self = user_data;
  int index = column_index (g_action_get_name (G_ACTION (action)) + strlen ("show-"));
  gboolean visible = g_variant_get_boolean (state);
  guint n_visible = 0;

  for (guint i = 0; i < N_COLUMNS; i++)
    n_visible += gtk_column_view_column_get_visible (self->columns[i]);

  /* One column stays, so the table never ends up blank with no header to bring columns back. */
  if (!visible && n_visible <= 1)
    return;

  g_simple_action_set_state (action, state);
  if (gtk_column_view_column_get_visible (self->columns[index]) == visible)
    return;

  gtk_column_view_column_set_visible (self->columns[index], visible);
  notify_visible_columns (self);
}

static GMenuModel *
create_column_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autofree char *action = g_strconcat ("view.show-", column_infos[i].id, NULL);

      g_menu_append (section, _(column_infos[i].title), action);
    }
  g_menu_append_section (menu, _("Columns"), G_MENU_MODEL (section));
  return G_MENU_MODEL (menu);
}

static void
create_columns (TetherProcessView *self)
{
  g_autoptr(GMenuModel) menu = create_column_menu ();

  self->actions = g_simple_action_group_new ();

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      const TetherProcessColumn *info = &column_infos[i];
      GtkListItemFactory *factory = tether_process_column_create_factory (info, self->bound_cells);
      g_autofree char *action_name = g_strconcat ("show-", info->id, NULL);
      g_autoptr(GSimpleAction) action = NULL;
      GtkColumnViewColumn *column;
      GtkSorter *sorter = tether_process_column_create_sorter (info);

      column = gtk_column_view_column_new (_(info->title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (info->fixed_width > 0)
        gtk_column_view_column_set_fixed_width (column, info->fixed_width);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_header_menu (column, menu);
      gtk_column_view_append_column (self->column_view, column);
      self->sorters[i] = sorter;
      g_object_unref (sorter);
      self->columns[i] = column;

      action = g_simple_action_new_stateful (action_name, NULL, g_variant_new_boolean (TRUE));
      g_signal_connect_object (action, "change-state", G_CALLBACK (show_column_cb), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }

  gtk_widget_insert_action_group (GTK_WIDGET (self), "view", G_ACTION_GROUP (self->actions));
}

/* Model signals */

/* GTK 4.8 has no public way to ask a GtkColumnView what it sorts by (that is 4.10), but it
 * listens to a column's sorter only while it sorts by that column. */
static gboolean
is_sorting_by (TetherProcessView *self,
               guint              index)
{
  static guint changed_signal;

  if (changed_signal == 0)
    changed_signal = g_signal_lookup ("changed", GTK_TYPE_SORTER);

  return g_signal_has_handler_pending (self->sorters[index], changed_signal, 0, FALSE);
}

static void
sync_cells (TetherProcessView *self)
{
  GHashTableIter iter;
  gpointer cell;

  /* Only those on screen: the others catch up when they are mapped again. */
  g_hash_table_iter_init (&iter, self->bound_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    if (gtk_widget_get_mapped (cell))
      tether_process_column_update_cell (cell);
}

/* The list changed rows in place: the sort and the filter learn it once per snapshot, and the
 * cells on screen show it. */
static void
process_list_rows_updated_cb (TetherProcessView  *self,
                              const char * const *changed,
                              TetherProcessList  *list)
{
  static const char * const filtered[] = { "user", "name", "command-line" };
  gboolean refilter = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (filtered); i++)
    refilter |= g_strv_contains (changed, filtered[i]);

  if (refilter && self->filter_text != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_strv_contains (changed, column_infos[i].id) && is_sorting_by (self, i))
      gtk_sorter_changed (self->sorters[i], GTK_SORTER_CHANGE_DIFFERENT);

  sync_cells (self);
}

static void
filter_model_items_changed_cb (TetherProcessView *self,
                               guint              position,
                               guint              removed,
                               guint              added,
                               GListModel        *model)
{
  gboolean empty;

  if (removed == added)
    return;

  empty = self->filter_text != NULL && g_list_model_get_n_items (model) == 0;
  gtk_stack_set_visible_child_name (self->table_stack, empty ? "empty" : "table");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHING]);
}

static void
selection_cb (TetherProcessView *self,
              GParamSpec        *pspec,
              GtkSingleSelection *selection)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PROCESS]);
}

/* GObject */

static void
tether_process_view_dispose (GObject *object)
{
  TetherProcessView *self = (TetherProcessView *)object;

  /* The dispose trap (GTK-NOTES): let go of the models before the columns go. */
  if (self->process_list != NULL)
    g_signal_handlers_disconnect_by_data (self->process_list, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_pointer (&self->bound_cells, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_PROCESS_VIEW);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->actions);
  g_clear_object (&self->owned_filter);

  G_OBJECT_CLASS (tether_process_view_parent_class)->dispose (object);
}

static void
tether_process_view_finalize (GObject *object)
{
  TetherProcessView *self = (TetherProcessView *)object;

  g_free (self->filter_text);

  G_OBJECT_CLASS (tether_process_view_parent_class)->finalize (object);
}

static void
tether_process_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TetherProcessView *self = TETHER_PROCESS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROCESS_LIST: g_value_set_object (value, self->process_list); break;
    case PROP_FILTER_TEXT: g_value_set_string (value, self->filter_text); break;
    case PROP_N_MATCHING: g_value_set_uint (value, tether_process_view_get_n_matching (self)); break;
    case PROP_SELECTED_PROCESS:
      g_value_set_object (value, tether_process_view_get_selected_process (self));
      break;
    case PROP_VISIBLE_COLUMNS:
      g_value_take_boxed (value, tether_process_view_dup_visible_columns (self));
      break;
    case PROP_SHOWS_DETAILS:
      g_value_set_boolean (value, tether_process_view_get_shows_details (self));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TetherProcessView *self = TETHER_PROCESS_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILTER_TEXT:
      tether_process_view_set_filter_text (self, g_value_get_string (value));
      break;
    case PROP_VISIBLE_COLUMNS:
      tether_process_view_set_visible_columns (self, g_value_get_boxed (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_view_class_init (TetherProcessViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tether_process_view_dispose;
  object_class->finalize = tether_process_view_finalize;
  object_class->get_property = tether_process_view_get_property;
  object_class->set_property = tether_process_view_set_property;

  properties[PROP_PROCESS_LIST] =
    g_param_spec_object ("process-list", NULL, NULL, TETHER_TYPE_PROCESS_LIST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER_TEXT] =
    g_param_spec_string ("filter-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MATCHING] =
    g_param_spec_uint ("n-matching", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_PROCESS] =
    g_param_spec_object ("selected-process", NULL, NULL, TETHER_TYPE_PROCESS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_COLUMNS] =
    g_param_spec_boxed ("visible-columns", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOWS_DETAILS] =
    g_param_spec_boolean ("shows-details", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TETHER_TYPE_PROCESS);
  g_type_ensure (TETHER_TYPE_PROCESS_LIST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-process-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherProcessView, table_stack);
  gtk_widget_class_bind_template_child (widget_class, TetherProcessView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, TetherProcessView, column_view);
  gtk_widget_class_bind_template_child (widget_class, TetherProcessView, selection);
  gtk_widget_class_bind_template_child (widget_class, TetherProcessView, sort_model);
  gtk_widget_class_bind_template_child (widget_class, TetherProcessView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, TetherProcessView, filter);
  gtk_widget_class_bind_template_child (widget_class, TetherProcessView, process_list);
}

static void
tether_process_view_init (TetherProcessView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  column_infos = tether_process_columns_get (&n_column_infos);
  self->bound_cells = g_hash_table_new (NULL, NULL);
  create_columns (self);

  gtk_custom_filter_set_filter_func (self->filter, filter_process, self, NULL);
  self->owned_filter = g_object_ref (GTK_FILTER (self->filter));
  gtk_filter_list_model_set_filter (self->filter_model, NULL);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  gtk_column_view_sort_by_column (self->column_view, self->columns[0], GTK_SORT_ASCENDING);

  g_signal_connect_object (self->process_list, "rows-updated",
                           G_CALLBACK (process_list_rows_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_model_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
tether_process_view_new (void)
{
  return g_object_new (TETHER_TYPE_PROCESS_VIEW, NULL);
}

TetherProcessList *
tether_process_view_get_process_list (TetherProcessView *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), NULL);

  return self->process_list;
}

GtkColumnView *
tether_process_view_get_column_view (TetherProcessView *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), NULL);

  return self->column_view;
}

GtkColumnViewColumn *
tether_process_view_get_column (TetherProcessView *self,
                                const char        *id)
{
  int index = column_index (id);

  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), NULL);

  return index >= 0 ? self->columns[index] : NULL;
}

const char *
tether_process_view_get_filter_text (TetherProcessView *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), NULL);

  return self->filter_text;
}

void
tether_process_view_set_filter_text (TetherProcessView *self,
                                     const char        *filter_text)
{
  g_autofree char *old = NULL;
  GtkFilterChange change;

  g_return_if_fail (TETHER_IS_PROCESS_VIEW (self));

  if (filter_text != NULL && filter_text[0] == '\0')
    filter_text = NULL;
  if (g_strcmp0 (self->filter_text, filter_text) == 0)
    return;

  old = g_steal_pointer (&self->filter_text);
  self->filter_text = g_strdup (filter_text);

  if (old == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->filter_text == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (strcasestr (self->filter_text, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strcasestr (old, self->filter_text) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  /* Without a filter text the filter model has no filter at all: it then passes items and
   * changes straight through, where any filter, even one that matches everything, makes it keep
   * a bitset that a resort of 50,000 rows reads item by item (~40 ms a refresh). */
  if (self->filter_text == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
  else if (old == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), change);
  gtk_stack_set_visible_child_name (self->table_stack,
                                    self->filter_text != NULL &&
                                    g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0
                                      ? "empty" : "table");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHING]);
}

guint
tether_process_view_get_n_matching (TetherProcessView *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

TetherProcess *
tether_process_view_get_selected_process (TetherProcessView *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

char **
tether_process_view_dup_visible_columns (TetherProcessView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), NULL);

  for (guint i = 0; i < N_COLUMNS; i++)
    if (self->columns[i] != NULL && gtk_column_view_column_get_visible (self->columns[i]))
      g_strv_builder_add (builder, column_infos[i].id);

  return g_strv_builder_end (builder);
}

void
tether_process_view_set_visible_columns (TetherProcessView  *self,
                                         const char * const *columns)
{
  gboolean changed = FALSE;
  gboolean any = FALSE;

  g_return_if_fail (TETHER_IS_PROCESS_VIEW (self));

  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    any |= column_index (columns[i]) >= 0;
  /* Nothing known to show: show everything rather than an empty table. */
  if (!any)
    columns = NULL;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      gboolean visible = columns == NULL || g_strv_contains (columns, column_infos[i].id);
      g_autofree char *action_name = g_strconcat ("show-", column_infos[i].id, NULL);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), action_name);

      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (visible));
      if (gtk_column_view_column_get_visible (self->columns[i]) != visible)
        {
          gtk_column_view_column_set_visible (self->columns[i], visible);
          changed = TRUE;
        }
    }

  if (changed)
    notify_visible_columns (self);
}

gboolean
tether_process_view_get_shows_details (TetherProcessView *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), FALSE);

  for (guint i = 0; i < N_COLUMNS; i++)
    if (column_infos[i].detail && self->columns[i] != NULL &&
        gtk_column_view_column_get_visible (self->columns[i]))
      return TRUE;

  return FALSE;
}

GPtrArray *
tether_process_view_dup_shown_processes (TetherProcessView *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *viewport = GTK_WIDGET (self->scrolled_window);
  int height = gtk_widget_get_height (viewport);
  TetherProcess *selected;
  GHashTableIter iter;
  gpointer cell;

  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (self), shown);

  selected = tether_process_view_get_selected_process (self);
  if (selected != NULL)
    {
      g_hash_table_add (seen, selected);
      g_ptr_array_add (shown, g_object_ref (selected));
    }

  /* The list keeps rows bound around the viewport too: only those that intersect it count. */
  g_hash_table_iter_init (&iter, self->bound_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    {
      TetherProcess *process = g_object_get_data (cell, "tether-process");
      graphene_rect_t bounds;

      if (process == NULL || g_hash_table_contains (seen, process) ||
          !gtk_widget_get_mapped (cell) ||
          !gtk_widget_compute_bounds (cell, viewport, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;

      g_hash_table_add (seen, process);
      g_ptr_array_add (shown, g_object_ref (process));
    }

  return shown;
}

void
tether_process_view_details_changed (TetherProcessView *self)
{
  g_return_if_fail (TETHER_IS_PROCESS_VIEW (self));

  for (guint i = 0; i < N_COLUMNS; i++)
    if (column_infos[i].detail && is_sorting_by (self, i))
      gtk_sorter_changed (self->sorters[i], GTK_SORTER_CHANGE_DIFFERENT);

  sync_cells (self);
}
