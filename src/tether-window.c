/* tether-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherWindow:
 *
 * The main window: a sidebar of the saved servers (one #TetherProfileRow per profile of the
 * #TetherProfileStore, its sessions under it: #TetherSessionSidebar) beside a stack of
 * #TetherServerPage, one per profile, kept alive while another is shown. The content header
 * bar follows the visible page through a #GBindingGroup.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-profile-actions.h"
#include "tether-profile-row.h"
#include "tether-server-details.h"
#include "tether-session-sidebar.h"
#include "tether-window.h"

struct _TetherWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkListBox           *profile_list;   /* the session sidebar's */
  GtkToggleButton      *search_button;
  GtkToggleButton      *pause_button;
  AdwWindowTitle       *window_title;
  GtkStack             *page_stack;
  TetherSessionSidebar *session_sidebar;

  /* Owned */
  TetherProfileStore   *store;
  GSettings            *settings;       /* NULL when the schema is not installed */
  GHashTable           *pages;          /* profile id → TetherServerPage (owned by page_stack) */
  GBindingGroup        *page_bindings;
  GSignalGroup         *page_signals;
  GBindingGroup        *session_bindings;  /* the header follows the session shown */
  TetherProfileActions *profile_actions;
  char                **visible_columns;
  guint                 refresh_interval;
  gboolean              paused;
  gboolean              sessions_released;  /* asked and done: the window may close */
};

G_DEFINE_FINAL_TYPE (TetherWindow, tether_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROFILE_STORE,
  PROP_REFRESH_INTERVAL,
  PROP_PAUSED,
  PROP_VISIBLE_COLUMNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
tether_window_add_toast (TetherWindow *self,
                         const char   *message)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (TETHER_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
update_actions (TetherWindow *self)
{
  TetherServerPage *page = tether_window_get_visible_page (self);
  TetherServerState state = page != NULL ? tether_server_page_get_state (page)
                                         : TETHER_SERVER_DISCONNECTED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 state == TETHER_SERVER_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", state == TETHER_SERVER_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.server-details",
                                 state == TETHER_SERVER_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.connect",
                                 page != NULL && (state == TETHER_SERVER_DISCONNECTED ||
                                                  state == TETHER_SERVER_FAILED));
  /* Sessions */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.attach",
                                 state == TETHER_SERVER_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.attach-selection",
                                 state == TETHER_SERVER_CONNECTED &&
                                 tether_server_page_get_selected_process (page) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-process",
                                 state == TETHER_SERVER_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.console",
                                 state == TETHER_SERVER_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-session",
                                 TETHER_IS_SESSION_PAGE (
                                   gtk_stack_get_visible_child (self->page_stack)));
}

/* A session page shown: the header shows the session; a server page: its row is selected. */
static void
visible_child_cb (TetherWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->page_stack);

  if (TETHER_IS_SESSION_PAGE (child))
    {
      TetherSession *session = tether_session_page_get_session (TETHER_SESSION_PAGE (child));

      g_binding_group_set_source (self->page_bindings, NULL);
      g_signal_group_set_target (self->page_signals, NULL);
      g_binding_group_set_source (self->session_bindings, session);
      gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->pause_button), FALSE);
      adw_leaflet_set_visible_child (self->leaflet, self->content);
    }
  else if (child != NULL)
    {
      g_binding_group_set_source (self->session_bindings, NULL);
      tether_session_sidebar_unselect (self->session_sidebar);
    }
  update_actions (self);
}

static void
page_state_cb (TetherWindow     *self,
               GParamSpec       *pspec,
               TetherServerPage *page)
{
  update_actions (self);
}

/* The Pause button says what it will do. */
static void
pause_button_cb (TetherWindow    *self,
                 GParamSpec      *pspec,
                 GtkToggleButton *button)
{
  gboolean paused = gtk_toggle_button_get_active (button);

  gtk_button_set_icon_name (GTK_BUTTON (button), paused ? "media-playback-start-symbolic"
                                                        : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), paused ? _("Resume Refreshing")
                                                           : _("Pause Refreshing"));
}

/* Pages */

static TetherServerPage *
ensure_page (TetherWindow  *self,
             TetherProfile *profile)
{
  const char *id = tether_profile_get_id (profile);
  GtkWidget *page = g_hash_table_lookup (self->pages, id);

  if (page != NULL)
    return TETHER_SERVER_PAGE (page);

  page = tether_server_page_new (profile);
  g_object_bind_property (self, "refresh-interval", page, "refresh-interval",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "paused", page, "paused",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self, "visible-columns",
                          tether_server_page_get_process_view (TETHER_SERVER_PAGE (page)),
                          "visible-columns", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_stack_add_named (self->page_stack, page, id);
  g_hash_table_insert (self->pages, g_strdup (id), page);
  return TETHER_SERVER_PAGE (page);
}

static GtkWidget *
create_profile_row (gpointer item,
                    gpointer user_data)
{
  TetherWindow *self = user_data;
  TetherProfile *profile = item;
  TetherServerPage *page = ensure_page (self, profile);
  GtkWidget *row = tether_profile_row_new (profile);

  g_object_bind_property (page, "state", row, "state", G_BINDING_SYNC_CREATE);
  g_object_bind_property (page, "error-message", row, "error-message", G_BINDING_SYNC_CREATE);
  return row;
}

static void
select_profile (TetherWindow *self,
                const char   *id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->profile_list, i)) != NULL; i++)
    {
      if (TETHER_IS_PROFILE_ROW (row) &&
          (id == NULL || g_strcmp0 (id, tether_profile_get_id (tether_profile_row_get_profile (
                                          TETHER_PROFILE_ROW (row)))) == 0))
        {
          gtk_list_box_select_row (self->profile_list, row);
          return;
        }
    }

  /* Not there (deleted): the built-in profile, always first. */
  if (id != NULL)
    select_profile (self, NULL);
}

/* The store changed (here or in another program): pages of removed profiles go. */
static void
store_items_changed_cb (TetherWindow *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        GListModel   *store)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (tether_profile_store_find_by_id (self->store, key) != NULL)
        continue;

      gtk_stack_remove (self->page_stack, value);
      g_hash_table_iter_remove (&iter);
    }

  if (gtk_list_box_get_selected_row (self->profile_list) == NULL)
    select_profile (self, NULL);
}

static void
store_error_cb (TetherWindow       *self,
                GParamSpec         *pspec,
                TetherProfileStore *store)
{
  if (tether_profile_store_get_has_error (store))
    tether_window_add_toast (self, tether_profile_store_get_error_message (store));
}

static void
profile_selected_cb (GtkListBox   *list,
                     GtkListBoxRow *row,
                     TetherWindow *self)
{
  TetherProfile *profile;
  TetherServerPage *page;

  /* A session row: the session sidebar shows its page. */
  if (!TETHER_IS_PROFILE_ROW (row))
    return;

  profile = tether_profile_row_get_profile (TETHER_PROFILE_ROW (row));
  page = ensure_page (self, profile);
  gtk_stack_set_visible_child (self->page_stack, GTK_WIDGET (page));
  g_binding_group_set_source (self->page_bindings, page);
  g_signal_group_set_target (self->page_signals, page);
  update_actions (self);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-profile", tether_profile_get_id (profile));
}

static void
profile_activated_cb (GtkListBox    *list,
                      GtkListBoxRow *row,
                      TetherWindow  *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
back_clicked_cb (GtkButton    *button,
                 TetherWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* Actions */

/* Refresh, find, connect: on the visible server page. */
static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TetherServerPage *page = tether_window_get_visible_page (TETHER_WINDOW (widget));

  if (page == NULL)
    return;
  if (g_str_equal (action_name, "win.refresh"))
    tether_server_page_refresh (page);
  else if (g_str_equal (action_name, "win.find"))
    tether_server_page_set_search_mode (page, TRUE);
  else
    tether_server_page_connect (page);
}

/* Attach, create a process, console: on the visible server; close: the visible session. */
static void
session_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TetherWindow *self = TETHER_WINDOW (widget);
  TetherServerPage *page = tether_window_get_visible_page (self);
  GtkWidget *child = gtk_stack_get_visible_child (self->page_stack);

  if (g_str_equal (action_name, "win.close-session"))
    {
      if (TETHER_IS_SESSION_PAGE (child))
        tether_session_sidebar_close (self->session_sidebar, tether_session_page_get_session (
                                                               TETHER_SESSION_PAGE (child)));
    }
  else if (page == NULL)
    return;
  else if (g_str_equal (action_name, "win.create-process"))
    tether_session_sidebar_create (self->session_sidebar, page);
  else if (g_str_equal (action_name, "win.console"))
    tether_session_sidebar_show_console (self->session_sidebar, page);
  else
    tether_session_sidebar_attach (self->session_sidebar, page,
                                   g_str_equal (action_name, "win.attach-selection")
                                     ? tether_server_page_get_selected_process (page) : NULL);
}

static void
server_details_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TetherServerPage *page = tether_window_get_visible_page (TETHER_WINDOW (widget));
  GtkWidget *details;

  if (page == NULL || tether_server_page_get_state (page) != TETHER_SERVER_CONNECTED)
    return;
  details = tether_server_details_new (tether_server_page_get_server (page),
                                       tether_server_page_get_process_list (page));
  gtk_window_set_transient_for (GTK_WINDOW (details), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (details));
}

static void
connect_profile_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TetherServerPage *page = tether_window_get_page (TETHER_WINDOW (widget),
                                                   g_variant_get_string (parameter, NULL));

  if (page == NULL)
    return;
  if (g_str_equal (action_name, "win.connect-profile"))
    tether_server_page_connect (page);
  else if (g_str_equal (action_name, "win.end-server-profile"))
    tether_server_connector_end_server (tether_server_page_get_connector (page));
  else
    tether_server_page_disconnect (page);
}

/* Profile management */

static void
profile_added_cb (TetherWindow         *self,
                  TetherProfile        *profile,
                  TetherProfileActions *actions)
{
  select_profile (self, tether_profile_get_id (profile));
}

static void
profile_toast_cb (TetherWindow         *self,
                  AdwToast             *toast,
                  TetherProfileActions *actions)
{
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

/* GObject */

static void
load_settings (TetherWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Run from the build tree, the schema may not be installed: then the defaults apply. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_bind (self->settings, "refresh-interval", self, "refresh-interval",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "paused", self, "paused", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "visible-columns", self, "visible-columns",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
sessions_released_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TetherWindow) self = user_data;

  if (tether_session_sidebar_release_for_quit_finish (TETHER_SESSION_SIDEBAR (object), result,
                                                      NULL))
    {
      self->sessions_released = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
tether_window_close_request (GtkWindow *window)
{
  TetherWindow *self = TETHER_WINDOW (window);
  int width, height;

  /* Nothing left behind: live sessions are released first, as the user chooses. */
  if (!self->sessions_released &&
      tether_session_sidebar_count_live (self->session_sidebar, NULL) > 0)
    {
      tether_session_sidebar_release_for_quit_async (self->session_sidebar, NULL,
                                                     sessions_released_cb, g_object_ref (self));
      return TRUE;
    }

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (tether_window_parent_class)->close_request (window);
}

static void
tether_window_constructed (GObject *object)
{
  TetherWindow *self = (TetherWindow *)object;
  g_autofree char *last = NULL;
  TetherServerPage *page;
  guint n;

  G_OBJECT_CLASS (tether_window_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  load_settings (self);

  self->profile_actions = tether_profile_actions_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (self->profile_actions, "profile-added", G_CALLBACK (profile_added_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profile_actions, "toast", G_CALLBACK (profile_toast_cb), self,
                           G_CONNECT_SWAPPED);
  tether_profile_actions_set_sidebar (self->profile_actions, self->session_sidebar);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "profile",
                                  G_ACTION_GROUP (self->profile_actions));

  tether_session_sidebar_bind_profiles (self->session_sidebar, G_LIST_MODEL (self->store),
                                        create_profile_row, self);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (store_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::error-message", G_CALLBACK (store_error_cb), self,
                           G_CONNECT_SWAPPED);
  store_error_cb (self, NULL, self->store);

  /* The last profile shown, or "This computer" on first start. */
  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-profile");
  select_profile (self, last != NULL && last[0] != '\0' ? last : NULL);

  /* Connect what should be: the profile shown, and those marked to connect at start-up. */
  page = tether_window_get_visible_page (self);
  if (page != NULL)
    tether_server_page_connect (page);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TetherProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (tether_profile_get_connect_at_startup (profile))
        tether_server_page_connect (ensure_page (self, profile));
    }
}

static void
tether_window_dispose (GObject *object)
{
  TetherWindow *self = (TetherWindow *)object;

  if (self->profile_list != NULL)
    gtk_list_box_bind_model (self->profile_list, NULL, NULL, NULL, NULL);
  self->profile_list = NULL;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->page_bindings != NULL)
    g_binding_group_set_source (self->page_bindings, NULL);
  if (self->page_signals != NULL)
    g_signal_group_set_target (self->page_signals, NULL);
  if (self->session_bindings != NULL)
    g_binding_group_set_source (self->session_bindings, NULL);
  g_clear_pointer (&self->pages, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_WINDOW);

  g_clear_object (&self->page_bindings);
  g_clear_object (&self->page_signals);
  g_clear_object (&self->session_bindings);
  g_clear_object (&self->settings);
  if (self->profile_actions != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->profile_actions, self);
      gtk_widget_insert_action_group (GTK_WIDGET (self), "profile", NULL);
      g_object_run_dispose (G_OBJECT (self->profile_actions));
    }
  g_clear_object (&self->profile_actions);
  g_clear_object (&self->store);
  g_clear_pointer (&self->visible_columns, g_strfreev);

  G_OBJECT_CLASS (tether_window_parent_class)->dispose (object);
}

static void
tether_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TetherWindow *self = TETHER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE_STORE: g_value_set_object (value, self->store); break;
    case PROP_REFRESH_INTERVAL: g_value_set_uint (value, self->refresh_interval); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_VISIBLE_COLUMNS: g_value_set_boxed (value, self->visible_columns); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TetherWindow *self = TETHER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE_STORE: self->store = g_value_dup_object (value); break;
    case PROP_REFRESH_INTERVAL:
      tether_window_set_refresh_interval (self, g_value_get_uint (value));
      break;
    case PROP_PAUSED:
      if (self->paused != g_value_get_boolean (value))
        {
          self->paused = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VISIBLE_COLUMNS:
      if (!g_strv_equal ((const char * const *)self->visible_columns,
                         g_value_get_boxed (value) != NULL ? g_value_get_boxed (value)
                                                           : (const char * const []){ NULL }))
        {
          g_strfreev (self->visible_columns);
          self->visible_columns = g_value_dup_boxed (value);
          if (self->visible_columns == NULL)
            self->visible_columns = g_new0 (char *, 1);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_window_class_init (TetherWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = tether_window_constructed;
  object_class->dispose = tether_window_dispose;
  object_class->get_property = tether_window_get_property;
  object_class->set_property = tether_window_set_property;
  window_class->close_request = tether_window_close_request;

  properties[PROP_PROFILE_STORE] =
    g_param_spec_object ("profile-store", NULL, NULL, TETHER_TYPE_PROFILE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 50, G_MAXUINT,
                       TETHER_SERVER_PAGE_DEFAULT_REFRESH_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Refreshing stands still on every page (GSettings "paused"). */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The process table's columns on every page (GSettings "visible-columns"). */
  properties[PROP_VISIBLE_COLUMNS] =
    g_param_spec_boxed ("visible-columns", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TETHER_TYPE_PROFILE_ROW);
  g_type_ensure (TETHER_TYPE_SERVER_PAGE);
  g_type_ensure (TETHER_TYPE_SESSION_SIDEBAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, content);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, TetherWindow, session_sidebar);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.server-details", NULL,
                                   server_details_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.attach", NULL, session_action);
  gtk_widget_class_install_action (widget_class, "win.attach-selection", NULL, session_action);
  gtk_widget_class_install_action (widget_class, "win.create-process", NULL, session_action);
  gtk_widget_class_install_action (widget_class, "win.console", NULL, session_action);
  gtk_widget_class_install_action (widget_class, "win.close-session", NULL, session_action);
  gtk_widget_class_install_action (widget_class, "win.connect-profile", "s",
                                   connect_profile_action);
  gtk_widget_class_install_action (widget_class, "win.disconnect-profile", "s",
                                   connect_profile_action);
  gtk_widget_class_install_action (widget_class, "win.end-server-profile", "s",
                                   connect_profile_action);
}

static void
tether_window_init (TetherWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->refresh_interval = TETHER_SERVER_PAGE_DEFAULT_REFRESH_INTERVAL;
  self->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->visible_columns = g_strdupv ((char *[]){ TETHER_PROCESS_VIEW_COLUMNS, NULL });

  /* The content header bar follows the visible page. */
  self->page_bindings = g_binding_group_new ();
  g_binding_group_bind (self->page_bindings, "title", self->window_title, "title",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->page_bindings, "subtitle", self->window_title, "subtitle",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->page_bindings, "paused", self->pause_button, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->page_bindings, "search-mode", self->search_button, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->page_bindings, "connected", self->search_button, "sensitive",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->page_bindings, "connected", self->pause_button, "sensitive",
                        G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->pause_button, "notify::active", G_CALLBACK (pause_button_cb),
                           self, G_CONNECT_SWAPPED);

  self->page_signals = g_signal_group_new (TETHER_TYPE_SERVER_PAGE);
  g_signal_group_connect_object (self->page_signals, "notify::state", G_CALLBACK (page_state_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->page_signals, "notify::selected-process",
                                 G_CALLBACK (page_state_cb), self, G_CONNECT_SWAPPED);

  self->session_bindings = g_binding_group_new ();
  g_binding_group_bind (self->session_bindings, "title", self->window_title, "title",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->session_bindings, "state-text", self->window_title, "subtitle",
                        G_BINDING_SYNC_CREATE);
  tether_session_sidebar_set_stack (self->session_sidebar, self->page_stack);
  self->profile_list = tether_session_sidebar_get_list (self->session_sidebar);
  g_signal_connect_object (self->profile_list, "row-selected", G_CALLBACK (profile_selected_cb),
                           self, 0);
  g_signal_connect_object (self->profile_list, "row-activated",
                           G_CALLBACK (profile_activated_cb), self, 0);
  g_signal_connect_object (self->page_stack, "notify::visible-child",
                           G_CALLBACK (visible_child_cb), self, G_CONNECT_SWAPPED);

  update_actions (self);
}

TetherWindow *
tether_window_new (GtkApplication     *application,
                   TetherProfileStore *store)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (store), NULL);

  return g_object_new (TETHER_TYPE_WINDOW,
                       "application", application,
                       "profile-store", store,
                       NULL);
}

TetherProfileStore *
tether_window_get_profile_store (TetherWindow *self)
{
  g_return_val_if_fail (TETHER_IS_WINDOW (self), NULL);

  return self->store;
}

TetherServerPage *
tether_window_get_visible_page (TetherWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (TETHER_IS_WINDOW (self), NULL);

  if (self->page_stack == NULL)
    return NULL;

  child = gtk_stack_get_visible_child (self->page_stack);
  return TETHER_IS_SERVER_PAGE (child) ? TETHER_SERVER_PAGE (child) : NULL;
}

TetherServerPage *
tether_window_get_page (TetherWindow *self,
                        const char   *profile_id)
{
  g_return_val_if_fail (TETHER_IS_WINDOW (self), NULL);
  g_return_val_if_fail (profile_id != NULL, NULL);

  return self->pages != NULL ? g_hash_table_lookup (self->pages, profile_id) : NULL;
}

guint
tether_window_get_refresh_interval (TetherWindow *self)
{
  g_return_val_if_fail (TETHER_IS_WINDOW (self), 0);

  return self->refresh_interval;
}

void
tether_window_set_refresh_interval (TetherWindow *self,
                                    guint         refresh_interval_ms)
{
  g_return_if_fail (TETHER_IS_WINDOW (self));
  g_return_if_fail (refresh_interval_ms > 0);

  if (self->refresh_interval == refresh_interval_ms)
    return;

  self->refresh_interval = refresh_interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

GActionGroup *
tether_window_get_profile_actions (TetherWindow *self)
{
  g_return_val_if_fail (TETHER_IS_WINDOW (self), NULL);

  return G_ACTION_GROUP (self->profile_actions);
}
