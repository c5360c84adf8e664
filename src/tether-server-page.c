/* tether-server-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherServerPage:
 *
 * The content of one profile: it owns the profile's #TetherServer and shows its state as views
 * (not connected, connecting, failed or lost, connected). Connected, it shows the server's
 * processes in a #GtkColumnView over the pipeline its template declares:
 *
 *   TetherProcessList → GtkFilterListModel → GtkSortListModel → GtkSingleSelection
 *
 * and refreshes the list on a timer, one listing in flight at a time. The window keeps one page
 * per profile alive, so each keeps its list, filter and selection while another is shown.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tether-server-page.h"

struct _TetherServerPage
{
  GtkWidget             parent_instance;

  /* Template widgets and objects */
  GtkStack             *view_stack;
  AdwStatusPage        *disconnected_status;
  AdwStatusPage        *connecting_status;
  GtkSpinner           *connecting_spinner;
  AdwStatusPage        *failed_status;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *table_stack;
  GtkColumnView        *column_view;
  GtkSingleSelection   *selection;
  GtkSortListModel     *sort_model;
  GtkFilterListModel   *filter_model;
  GtkCustomFilter      *filter;
  TetherProcessList    *process_list;
  GtkColumnViewColumn  *pid_column;
  GtkCustomSorter      *user_sorter;
  GtkCustomSorter      *name_sorter;
  GtkCustomSorter      *command_line_sorter;

  /* Owned */
  TetherProfile        *profile;
  TetherServer         *server;
  GCancellable         *connect_cancellable;
  GCancellable         *refresh_cancellable;
  char                 *error_message;
  char                 *subtitle;
  char                 *filter_text;     /* NULL when the filter is empty */
  guint                 refresh_source;
  guint                 refresh_interval;
  TetherServerState     state;
  guint                 paused : 1;
  guint                 refresh_again : 1;
  guint                 refresh_failed : 1;
  guint                 was_connected : 1;
};

G_DEFINE_FINAL_TYPE (TetherServerPage, tether_server_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_STATE,
  PROP_CONNECTED,
  PROP_ERROR_MESSAGE,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_PAUSED,
  PROP_REFRESH_INTERVAL,
  PROP_SEARCH_MODE,
  PROP_SELECTED_PROCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_refresh (TetherServerPage *self);

static void
show_toast (TetherServerPage *self,
            const char       *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;

  if (overlay == NULL)
    return;

  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

/* Subtitle and views */

static void
update_subtitle (TetherServerPage *self)
{
  g_autofree char *subtitle = NULL;

  switch (self->state)
    {
    case TETHER_SERVER_CONNECTED:
      {
        guint n = tether_process_list_get_n_processes (self->process_list);

        if (self->filter_text != NULL)
          subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u process",
                                                   "%u of %u processes", n),
                                      g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)),
                                      n);
        else
          subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process",
                                                   "%u processes", n), n);
      }
      break;
    case TETHER_SERVER_CONNECTING:
      subtitle = g_strdup (_("Connecting…"));
      break;
    case TETHER_SERVER_FAILED:
      subtitle = g_strdup (self->was_connected ? _("Connection lost") : _("Could not connect"));
      break;
    case TETHER_SERVER_DISCONNECTED:
    default:
      subtitle = g_strdup (_("Not connected"));
      break;
    }

  if (g_strcmp0 (subtitle, self->subtitle) == 0)
    return;

  g_free (self->subtitle);
  self->subtitle = g_steal_pointer (&subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

static void
update_table_view (TetherServerPage *self)
{
  gboolean empty = self->filter_text != NULL &&
                   g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;

  gtk_stack_set_visible_child_name (self->table_stack, empty ? "empty" : "table");
}

static void
update_actions (TetherServerPage *self)
{
  gboolean busy = self->state == TETHER_SERVER_CONNECTING ||
                  self->state == TETHER_SERVER_CONNECTED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.connect", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.cancel",
                                 self->state == TETHER_SERVER_CONNECTING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.refresh",
                                 self->state == TETHER_SERVER_CONNECTED);
}

static void
set_state (TetherServerPage  *self,
           TetherServerState  state,
           const char        *error_message)
{
  gboolean was_connected_state = self->state == TETHER_SERVER_CONNECTED;
  const char *view;

  if (state == TETHER_SERVER_CONNECTED)
    self->was_connected = TRUE;

  if (g_strcmp0 (self->error_message, error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }

  switch (state)
    {
    case TETHER_SERVER_CONNECTING: view = "connecting"; break;
    case TETHER_SERVER_CONNECTED: view = "connected"; break;
    case TETHER_SERVER_FAILED: view = "failed"; break;
    case TETHER_SERVER_DISCONNECTED:
    default: view = "disconnected"; break;
    }
  gtk_stack_set_visible_child_name (self->view_stack, view);
  gtk_spinner_set_spinning (self->connecting_spinner, state == TETHER_SERVER_CONNECTING);

  if (state == TETHER_SERVER_FAILED)
    {
      g_autofree char *escaped = g_markup_escape_text (error_message != NULL ? error_message : "",
                                                       -1);

      adw_status_page_set_title (self->failed_status,
                                 self->was_connected ? _("Connection Lost")
                                                     : _("Could Not Connect"));
      adw_status_page_set_description (self->failed_status, escaped);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      if (was_connected_state != (state == TETHER_SERVER_CONNECTED))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }

  update_actions (self);
  update_subtitle (self);
}

/* Refresh */

static void
cancel_refresh (TetherServerPage *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_again = FALSE;
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  TetherServerPage *self = user_data;

  self->refresh_source = 0;
  start_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (TetherServerPage *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  if (self->state != TETHER_SERVER_CONNECTED || self->paused || self->refresh_cancellable != NULL)
    return;

  self->refresh_source = g_timeout_add (self->refresh_interval, refresh_timeout_cb, self);
  g_source_set_name_by_id (self->refresh_source, "[tether] refresh processes");
}

static void
list_processes_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TetherServerPage) self = user_data;
  g_autoptr(GPtrArray) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = tether_server_list_processes_finish (TETHER_SERVER (object), result, &error);
  /* Cancelled: the page moved on (reconnect, disconnect, dispose) and owns a new state. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->refresh_cancellable);

  if (snapshot != NULL)
    {
      tether_process_list_apply_snapshot (self->process_list, snapshot);
      self->refresh_failed = FALSE;
    }
  else if (self->state == TETHER_SERVER_CONNECTED && !self->refresh_failed)
    {
      /* A lost connection shows its own view; a failed listing on a live one is news once. */
      self->refresh_failed = TRUE;
      show_toast (self, error->message);
    }

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      start_refresh (self);
    }
  else
    {
      schedule_refresh (self);
    }
}

static void
start_refresh (TetherServerPage *self)
{
  if (self->state != TETHER_SERVER_CONNECTED)
    return;

  if (self->refresh_cancellable != NULL)
    {
      self->refresh_again = TRUE;
      return;
    }

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_cancellable = g_cancellable_new ();
  tether_server_list_processes_async (self->server, self->refresh_cancellable, list_processes_cb,
                                      g_object_ref (self));
}

/* The list changed rows in place: the sort and the filter learn it once per snapshot. */
static void
process_list_rows_updated_cb (TetherServerPage   *self,
                              const char * const *changed,
                              TetherProcessList  *list)
{
  GtkCustomSorter *sorters[] = { self->user_sorter, self->name_sorter, self->command_line_sorter };
  const char *sorted_properties[] = { "user", "name", "command-line" };
  guint changed_signal = g_signal_lookup ("changed", GTK_TYPE_SORTER);
  gboolean resort = FALSE;
  gboolean refilter = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (sorters); i++)
    {
      if (!g_strv_contains (changed, sorted_properties[i]))
        continue;

      refilter = TRUE;
      /* GtkColumnView listens to a column's sorter only while it sorts by that column. */
      if (g_signal_has_handler_pending (sorters[i], changed_signal, 0, FALSE))
        resort = TRUE;
    }

  if (refilter && self->filter_text != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (resort)
    gtk_sorter_changed (gtk_column_view_get_sorter (self->column_view),
                        GTK_SORTER_CHANGE_DIFFERENT);
}

static void
process_list_n_processes_cb (TetherServerPage  *self,
                             GParamSpec        *pspec,
                             TetherProcessList *list)
{
  update_subtitle (self);
}

static void
filter_model_items_changed_cb (TetherServerPage *self,
                               guint             position,
                               guint             removed,
                               guint             added,
                               GListModel       *model)
{
  if (self->filter_text == NULL)
    return;

  update_subtitle (self);
  update_table_view (self);
}

/* Connection */

static void
server_state_cb (TetherServerPage *self,
                 GParamSpec       *pspec,
                 TetherServer     *server)
{
  TetherServerState state = tether_server_get_state (server);
  const GError *error = tether_server_get_error (server);

  if (state != TETHER_SERVER_CONNECTED)
    cancel_refresh (self);

  set_state (self, state, error != NULL ? error->message : NULL);

  if (state == TETHER_SERVER_CONNECTED)
    {
      self->refresh_failed = FALSE;
      start_refresh (self);
    }
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TetherServerPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Failures are the server's state (server_state_cb shows them); a cancel is the user's. */
  if (!tether_server_connect_finish (TETHER_SERVER (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->connect_cancellable);
}

static gboolean
same_options (TetherServer  *server,
              TetherOptions *options)
{
  g_autofree char *a = tether_options_to_string (tether_server_get_options (server));
  g_autofree char *b = tether_options_to_string (options);

  return g_strcmp0 (a, b) == 0;
}

void
tether_server_page_connect (TetherServerPage *self)
{
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  if (self->state == TETHER_SERVER_CONNECTING || self->state == TETHER_SERVER_CONNECTED)
    return;

  self->was_connected = FALSE;
  cancel_refresh (self);
  tether_process_list_clear (self->process_list);

  options = tether_options_parse (tether_profile_get_server (self->profile), &error);
  if (options == NULL)
    {
      set_state (self, TETHER_SERVER_FAILED, error->message);
      return;
    }

  /* The profile's connection string may have been edited since the last connection. */
  if (self->server != NULL && !same_options (self->server, options))
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      g_clear_object (&self->server);
    }
  if (self->server == NULL)
    {
      self->server = tether_server_new (options);
      g_signal_connect_object (self->server, "notify::state", G_CALLBACK (server_state_cb), self,
                               G_CONNECT_SWAPPED);
    }

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  tether_server_connect_async (self->server, self->connect_cancellable, connect_cb,
                               g_object_ref (self));
}

void
tether_server_page_refresh (TetherServerPage *self)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  start_refresh (self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tether_server_page_connect (TETHER_SERVER_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TetherServerPage *self = TETHER_SERVER_PAGE (widget);

  g_cancellable_cancel (self->connect_cancellable);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tether_server_page_refresh (TETHER_SERVER_PAGE (widget));
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
  TetherServerPage *self = user_data;
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

static void
search_changed_cb (GtkSearchEntry   *entry,
                   TetherServerPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *old = g_steal_pointer (&self->filter_text);
  GtkFilterChange change;

  self->filter_text = text[0] != '\0' ? g_strdup (text) : NULL;

  if (g_strcmp0 (old, self->filter_text) == 0)
    return;
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

  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_subtitle (self);
  update_table_view (self);
}

static void
search_mode_cb (TetherServerPage *self,
                GParamSpec       *pspec,
                GtkSearchBar     *search_bar)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

/* Sorters: plain strcmp (GtkStringSorter on a column is ~20× slower, see GTK-NOTES). */

static int
compare_user (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (tether_process_get_user ((TetherProcess *)a),
                    tether_process_get_user ((TetherProcess *)b));
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (tether_process_get_name ((TetherProcess *)a),
                    tether_process_get_name ((TetherProcess *)b));
}

static int
compare_command_line (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return g_strcmp0 (tether_process_get_command_line ((TetherProcess *)a),
                    tether_process_get_command_line ((TetherProcess *)b));
}

/* Cells: one GtkInscription each, tinted after the process's presence. */

static GtkInscription *
setup_cell (GtkListItem *list_item)
{
  GtkInscription *cell = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_text_overflow (cell, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (cell), "process-cell");
  gtk_list_item_set_child (list_item, GTK_WIDGET (cell));
  return cell;
}

static void
setup_pid_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   TetherServerPage         *self)
{
  GtkInscription *cell = setup_cell (list_item);

  gtk_inscription_set_xalign (cell, 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (cell), "pid");
}

static void
setup_text_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    TetherServerPage         *self)
{
  setup_cell (list_item);
}

static void
setup_command_line_cell_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *list_item,
                            TetherServerPage         *self)
{
  GtkInscription *cell = setup_cell (list_item);

  gtk_inscription_set_text_overflow (cell, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE);
}

static void
cell_presence_cb (TetherProcess *process,
                  GParamSpec    *pspec,
                  GtkWidget     *cell)
{
  TetherProcessPresence presence = tether_process_get_presence (process);

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
bind_cell (GtkListItem *list_item,
           const char  *property,
           gboolean     tooltip)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  TetherProcess *process = gtk_list_item_get_item (list_item);

  if (property != NULL)
    g_object_set_data (G_OBJECT (cell), "tether-text-binding",
                       g_object_bind_property (process, property, cell, "text",
                                               G_BINDING_SYNC_CREATE));
  if (tooltip)
    g_object_set_data (G_OBJECT (cell), "tether-tooltip-binding",
                       g_object_bind_property (process, property, cell, "tooltip-text",
                                               G_BINDING_SYNC_CREATE));

  g_signal_connect_object (process, "notify::presence", G_CALLBACK (cell_presence_cb), cell, 0);
  cell_presence_cb (process, NULL, cell);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                TetherServerPage         *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  TetherProcess *process = gtk_list_item_get_item (list_item);
  GBinding *binding;

  if ((binding = g_object_steal_data (G_OBJECT (cell), "tether-text-binding")) != NULL)
    g_binding_unbind (binding);
  if ((binding = g_object_steal_data (G_OBJECT (cell), "tether-tooltip-binding")) != NULL)
    g_binding_unbind (binding);
  if (process != NULL)
    g_signal_handlers_disconnect_by_func (process, cell_presence_cb, cell);
}

static void
bind_pid_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  TetherServerPage         *self)
{
  TetherProcess *process = gtk_list_item_get_item (list_item);
  char pid[24];

  /* A row's pid never changes. */
  g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, tether_process_get_pid (process));
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), pid);
  bind_cell (list_item, NULL, FALSE);
}

static void
bind_user_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   TetherServerPage         *self)
{
  bind_cell (list_item, "user", FALSE);
}

static void
bind_name_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   TetherServerPage         *self)
{
  bind_cell (list_item, "name", FALSE);
}

static void
bind_command_line_cell_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *list_item,
                           TetherServerPage         *self)
{
  bind_cell (list_item, "command-line", TRUE);
}

/* GObject */

static void
profile_name_cb (TetherServerPage *self,
                 GParamSpec       *pspec,
                 TetherProfile    *profile)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
tether_server_page_constructed (GObject *object)
{
  TetherServerPage *self = (TetherServerPage *)object;
  g_autoptr(TetherOptions) options = NULL;

  G_OBJECT_CLASS (tether_server_page_parent_class)->constructed (object);

  g_assert (self->profile != NULL);

  /* What Connect will do ("Start gdbserver on this computer…"). */
  options = tether_options_parse (tether_profile_get_server (self->profile), NULL);
  if (options != NULL)
    {
      g_autofree char *description = tether_options_describe (options);
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_status_page_set_description (self->disconnected_status, escaped);
    }
  g_signal_connect_object (self->profile, "notify::name", G_CALLBACK (profile_name_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
tether_server_page_dispose (GObject *object)
{
  TetherServerPage *self = (TetherServerPage *)object;

  cancel_refresh (self);
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);

  /* The dispose trap (GTK-NOTES): let go of the models before the columns go. */
  if (self->process_list != NULL)
    g_signal_handlers_disconnect_by_data (self->process_list, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_SERVER_PAGE);

  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (tether_server_page_parent_class)->dispose (object);
}

static void
tether_server_page_finalize (GObject *object)
{
  TetherServerPage *self = (TetherServerPage *)object;

  g_free (self->error_message);
  g_free (self->subtitle);
  g_free (self->filter_text);

  G_OBJECT_CLASS (tether_server_page_parent_class)->finalize (object);
}

static void
tether_server_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TetherServerPage *self = TETHER_SERVER_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROFILE: g_value_set_object (value, self->profile); break;
    case PROP_STATE: g_value_set_uint (value, self->state); break;
    case PROP_CONNECTED: g_value_set_boolean (value, self->state == TETHER_SERVER_CONNECTED); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_TITLE:
      g_value_set_string (value, self->profile != NULL ? tether_profile_get_name (self->profile)
                                                       : NULL);
      break;
    case PROP_SUBTITLE: g_value_set_string (value, self->subtitle); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_REFRESH_INTERVAL: g_value_set_uint (value, self->refresh_interval); break;
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, tether_server_page_get_search_mode (self));
      break;
    case PROP_SELECTED_PROCESS:
      g_value_set_object (value, tether_server_page_get_selected_process (self));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_server_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TetherServerPage *self = TETHER_SERVER_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROFILE: self->profile = g_value_dup_object (value); break;
    case PROP_PAUSED: tether_server_page_set_paused (self, g_value_get_boolean (value)); break;
    case PROP_REFRESH_INTERVAL:
      tether_server_page_set_refresh_interval (self, g_value_get_uint (value));
      break;
    case PROP_SEARCH_MODE:
      tether_server_page_set_search_mode (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Sessions: the selection is what the window's Attach acts on; activating a row attaches. */
static void
selection_changed_cb (TetherServerPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PROCESS]);
}

static void
row_activated_cb (TetherServerPage *self,
                  guint             position)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.attach-selection", NULL);
}

TetherProcess *
tether_server_page_get_selected_process (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

static void
tether_server_page_class_init (TetherServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tether_server_page_constructed;
  object_class->dispose = tether_server_page_dispose;
  object_class->finalize = tether_server_page_finalize;
  object_class->get_property = tether_server_page_get_property;
  object_class->set_property = tether_server_page_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, TETHER_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A TetherServerState: the server's, or FAILED when the profile's string does not parse. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, TETHER_SERVER_FAILED, TETHER_SERVER_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 50, G_MAXUINT,
                       TETHER_SERVER_PAGE_DEFAULT_REFRESH_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The process list's selection: what Attach (Ctrl+Return, a double click, Enter) attaches to. */
  properties[PROP_SELECTED_PROCESS] =
    g_param_spec_object ("selected-process", NULL, NULL, TETHER_TYPE_PROCESS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TETHER_TYPE_PROCESS);
  g_type_ensure (TETHER_TYPE_PROCESS_LIST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, disconnected_status);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, connecting_status);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, failed_status);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, table_stack);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, selection);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, filter);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, process_list);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, pid_column);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, user_sorter);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, name_sorter);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, command_line_sorter);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_pid_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_command_line_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_pid_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_user_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_name_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_command_line_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "page.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "page.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action);
}

static void
tether_server_page_init (TetherServerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->refresh_interval = TETHER_SERVER_PAGE_DEFAULT_REFRESH_INTERVAL;

  gtk_custom_filter_set_filter_func (self->filter, filter_process, self, NULL);
  gtk_custom_sorter_set_sort_func (self->user_sorter, compare_user, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->name_sorter, compare_name, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->command_line_sorter, compare_command_line, NULL, NULL);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  gtk_column_view_sort_by_column (self->column_view, self->pid_column, GTK_SORT_ASCENDING);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->process_list, "rows-updated",
                           G_CALLBACK (process_list_rows_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->process_list, "notify::n-processes",
                           G_CALLBACK (process_list_n_processes_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_model_items_changed_cb), self, G_CONNECT_SWAPPED);

  set_state (self, TETHER_SERVER_DISCONNECTED, NULL);
}

GtkWidget *
tether_server_page_new (TetherProfile *profile)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), NULL);

  return g_object_new (TETHER_TYPE_SERVER_PAGE, "profile", profile, NULL);
}

TetherProfile *
tether_server_page_get_profile (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->profile;
}

TetherServer *
tether_server_page_get_server (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->server;
}

TetherProcessList *
tether_server_page_get_process_list (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->process_list;
}

TetherServerState
tether_server_page_get_state (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), TETHER_SERVER_DISCONNECTED);

  return self->state;
}

const char *
tether_server_page_get_error_message (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->error_message;
}

const char *
tether_server_page_get_subtitle (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->subtitle;
}

gboolean
tether_server_page_get_paused (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), FALSE);

  return self->paused;
}

void
tether_server_page_set_paused (TetherServerPage *self,
                               gboolean          paused)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  if (paused)
    g_clear_handle_id (&self->refresh_source, g_source_remove);
  else
    start_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

guint
tether_server_page_get_refresh_interval (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), 0);

  return self->refresh_interval;
}

void
tether_server_page_set_refresh_interval (TetherServerPage *self,
                                         guint             refresh_interval_ms)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));
  g_return_if_fail (refresh_interval_ms > 0);

  if (self->refresh_interval == refresh_interval_ms)
    return;

  self->refresh_interval = refresh_interval_ms;
  /* A pending timer restarts with the new interval. */
  if (self->refresh_source != 0)
    schedule_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

gboolean
tether_server_page_get_search_mode (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), FALSE);

  return self->search_bar != NULL && gtk_search_bar_get_search_mode (self->search_bar);
}

void
tether_server_page_set_search_mode (TetherServerPage *self,
                                    gboolean          search_mode)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  if (self->search_bar != NULL)
    gtk_search_bar_set_search_mode (self->search_bar, search_mode);
}
