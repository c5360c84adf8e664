/* tether-server-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherServerPage:
 *
 * The content of one profile. Its #TetherServerConnector owns the server connection; while not
 * connected, a #TetherConnectionStatus shows why. Connected, the page shows the processes in a
 * #TetherProcessView (with a filter bar) that a #TetherProcessRefresher keeps fresh while the page
 * is on screen (not another profile's turn, the window neither hidden nor minimized). The window
 * keeps one page per profile alive, so each keeps its list, filter and selection.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "tether-server-page-private.h"

G_DEFINE_FINAL_TYPE (TetherServerPage, tether_server_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

void
_tether_server_page_notify (TetherServerPage *self,
                            guint             prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_tether_server_page_show_toast (TetherServerPage *self,
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

static char *
freshness (TetherServerPage *self)
{
  gint64 last = tether_process_refresher_get_last_refresh (self->refresher);
  gint64 seconds;

  if (tether_process_refresher_get_paused (self->refresher))
    return g_strdup (_("paused"));
  if (last == 0)
    return NULL;

  seconds = (g_get_monotonic_time () - last) / G_USEC_PER_SEC;
  if (seconds < 1)
    return g_strdup (_("refreshed just now"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "refreshed %d s ago",
                                       "refreshed %d s ago", (gulong)seconds), (int)seconds);
}

void
_tether_server_page_update_subtitle (TetherServerPage *self)
{
  g_autofree char *subtitle = NULL;

  switch (self->state)
    {
    case TETHER_SERVER_CONNECTED:
      {
        TetherProcessList *list = tether_process_view_get_process_list (self->process_view);
        guint n = tether_process_list_get_n_processes (list);
        g_autofree char *count = NULL;
        g_autofree char *fresh = freshness (self);

        if (tether_process_view_get_filter_text (self->process_view) != NULL)
          count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u process",
                                                "%u of %u processes", n),
                                   tether_process_view_get_n_matching (self->process_view), n);
        else
          count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process",
                                                "%u processes", n), n);
        /* Translators: the process count, then how fresh it is ("312 processes · refreshed 1 s ago") */
        subtitle = fresh != NULL ? g_strdup_printf (_("%s · %s"), count, fresh)
                                 : g_steal_pointer (&count);
      }
      break;
    case TETHER_SERVER_CONNECTING:
      subtitle = g_strdup (_("Connecting…"));
      break;
    case TETHER_SERVER_FAILED:
      subtitle = g_strdup (tether_server_connector_get_was_connected (self->connector)
                             ? _("Connection lost") : _("Could not connect"));
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
update_actions (TetherServerPage *self)
{
  gboolean busy = self->state == TETHER_SERVER_CONNECTING ||
                  self->state == TETHER_SERVER_CONNECTED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.connect", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.disconnect",
                                 busy || tether_server_connector_get_retrying (self->connector));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.cancel",
                                 self->state == TETHER_SERVER_CONNECTING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.refresh",
                                 self->state == TETHER_SERVER_CONNECTED);
}

static void
set_state (TetherServerPage  *self,
           TetherServerState  state)
{
  gboolean was_connected_state = self->state == TETHER_SERVER_CONNECTED;

  gtk_stack_set_visible_child_name (self->view_stack,
                                    state == TETHER_SERVER_CONNECTED ? "connected" : "status");

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      if (was_connected_state != (state == TETHER_SERVER_CONNECTED))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }

  update_actions (self);
  _tether_server_page_update_subtitle (self);
  _tether_server_page_update_refresher (self);
}

/* Ticking: the freshness in the subtitle, once a second. */

static gboolean
tick_cb (gpointer user_data)
{
  TetherServerPage *self = user_data;

  _tether_server_page_update_subtitle (self);
  return G_SOURCE_CONTINUE;
}

static void
update_tick (TetherServerPage *self)
{
  gboolean wanted = gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                    self->state == TETHER_SERVER_CONNECTED;

  if (wanted && self->tick_source == 0)
    {
      self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
      g_source_set_name_by_id (self->tick_source, "[tether] page tick");
    }
  else if (!wanted)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
    }
}

/* Connection */

static void
connector_state_cb (TetherServerPage      *self,
                    GParamSpec            *pspec,
                    TetherServerConnector *connector)
{
  TetherServerState state = tether_server_connector_get_state (connector);

  /* A new connection starts from an empty list. */
  if (state == TETHER_SERVER_CONNECTING)
    tether_process_list_clear (tether_process_view_get_process_list (self->process_view));
  tether_process_refresher_set_server (self->refresher,
                                       tether_server_connector_get_server (connector));
  set_state (self, state);
  update_tick (self);
}

static void
connector_notify_cb (TetherServerPage      *self,
                     GParamSpec            *pspec,
                     TetherServerConnector *connector)
{
  if (g_str_equal (pspec->name, "error-message"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  update_actions (self);
  _tether_server_page_update_subtitle (self);
}

void
tether_server_page_connect (TetherServerPage *self)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  tether_server_connector_connect (self->connector);
}

void
tether_server_page_disconnect (TetherServerPage *self)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  tether_server_connector_disconnect (self->connector);
}

void
tether_server_page_refresh (TetherServerPage *self)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  tether_process_refresher_refresh (self->refresher);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tether_server_page_connect (TETHER_SERVER_PAGE (widget));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  tether_server_page_disconnect (TETHER_SERVER_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TetherServerPage *self = TETHER_SERVER_PAGE (widget);

  tether_server_connector_disconnect (self->connector);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tether_server_page_refresh (TETHER_SERVER_PAGE (widget));
}

/* Filter */

static void
search_changed_cb (GtkSearchEntry   *entry,
                   TetherServerPage *self)
{
  tether_process_view_set_filter_text (self->process_view,
                                       gtk_editable_get_text (GTK_EDITABLE (entry)));
  _tether_server_page_update_subtitle (self);
}

static void
search_mode_cb (TetherServerPage *self,
                GParamSpec       *pspec,
                GtkSearchBar     *search_bar)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

/* Being seen: mapped, and in a toplevel that is not minimized. */

static void
surface_state_cb (TetherServerPage *self,
                  GParamSpec       *pspec,
                  GdkToplevel      *toplevel)
{
  gboolean minimized = (gdk_toplevel_get_state (toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;

  if (self->minimized == minimized)
    return;

  self->minimized = minimized;
  _tether_server_page_update_refresher (self);
}

static void
tether_server_page_realize (GtkWidget *widget)
{
  TetherServerPage *self = TETHER_SERVER_PAGE (widget);
  GdkSurface *surface;

  GTK_WIDGET_CLASS (tether_server_page_parent_class)->realize (widget);

  surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  if (GDK_IS_TOPLEVEL (surface))
    {
      self->surface = g_object_ref (surface);
      g_signal_connect_object (surface, "notify::state", G_CALLBACK (surface_state_cb), self,
                               G_CONNECT_SWAPPED);
      surface_state_cb (self, NULL, GDK_TOPLEVEL (surface));
    }
}

static void
tether_server_page_unrealize (GtkWidget *widget)
{
  TetherServerPage *self = TETHER_SERVER_PAGE (widget);

  if (self->surface != NULL)
    g_signal_handlers_disconnect_by_data (self->surface, self);
  g_clear_object (&self->surface);
  self->minimized = FALSE;
  _tether_server_page_update_refresher (self);

  GTK_WIDGET_CLASS (tether_server_page_parent_class)->unrealize (widget);
}

static void
tether_server_page_map (GtkWidget *widget)
{
  TetherServerPage *self = TETHER_SERVER_PAGE (widget);

  GTK_WIDGET_CLASS (tether_server_page_parent_class)->map (widget);

  /* Shown again: the refresher catches up at once if the list is older than an interval. */
  _tether_server_page_update_refresher (self);
  update_tick (self);
  _tether_server_page_update_subtitle (self);
}

static void
tether_server_page_unmap (GtkWidget *widget)
{
  TetherServerPage *self = TETHER_SERVER_PAGE (widget);

  GTK_WIDGET_CLASS (tether_server_page_parent_class)->unmap (widget);

  _tether_server_page_update_refresher (self);
  update_tick (self);
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

  G_OBJECT_CLASS (tether_server_page_parent_class)->constructed (object);

  g_assert (self->profile != NULL);

  self->connector = tether_server_connector_new (self->profile);
  g_signal_connect_object (self->connector, "notify::state", G_CALLBACK (connector_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connector, "notify::error-message",
                           G_CALLBACK (connector_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connector, "notify::retrying", G_CALLBACK (connector_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connector, "notify::was-connected",
                           G_CALLBACK (connector_notify_cb), self, G_CONNECT_SWAPPED);
  set_state (self, TETHER_SERVER_DISCONNECTED);

  tether_connection_status_set_connector (self->status, self->connector);
  g_signal_connect_object (self->profile, "notify::name", G_CALLBACK (profile_name_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
tether_server_page_dispose (GObject *object)
{
  TetherServerPage *self = (TetherServerPage *)object;

  g_clear_handle_id (&self->tick_source, g_source_remove);

  if (self->process_view != NULL)
    g_signal_handlers_disconnect_by_data (self->process_view, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_SERVER_PAGE);

  if (self->connector != NULL)
    g_signal_handlers_disconnect_by_data (self->connector, self);
  g_clear_object (&self->connector);
  if (self->refresher != NULL)
    g_signal_handlers_disconnect_by_data (self->refresher, self);
  g_clear_object (&self->refresher);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (tether_server_page_parent_class)->dispose (object);
}

static void
tether_server_page_finalize (GObject *object)
{
  TetherServerPage *self = (TetherServerPage *)object;

  g_free (self->subtitle);

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
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, tether_server_page_get_error_message (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->profile != NULL ? tether_profile_get_name (self->profile)
                                                       : NULL);
      break;
    case PROP_SUBTITLE: g_value_set_string (value, self->subtitle); break;
    case PROP_PAUSED: g_value_set_boolean (value, tether_server_page_get_paused (self)); break;
    case PROP_REFRESH_INTERVAL:
      g_value_set_uint (value, tether_server_page_get_refresh_interval (self));
      break;
    case PROP_EFFECTIVE_INTERVAL:
      g_value_set_uint (value, tether_server_page_get_effective_interval (self));
      break;
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
  widget_class->realize = tether_server_page_realize;
  widget_class->unrealize = tether_server_page_unrealize;
  widget_class->map = tether_server_page_map;
  widget_class->unmap = tether_server_page_unmap;

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
  /* The interval in use: refresh-interval, or longer while the server's listing is slow. */
  properties[PROP_EFFECTIVE_INTERVAL] =
    g_param_spec_uint ("effective-interval", NULL, NULL, 0, G_MAXUINT,
                       TETHER_SERVER_PAGE_DEFAULT_REFRESH_INTERVAL,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The process list's selection: what Attach (Ctrl+Return, a double click, Enter) attaches to. */
  properties[PROP_SELECTED_PROCESS] =
    g_param_spec_object ("selected-process", NULL, NULL, TETHER_TYPE_PROCESS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TETHER_TYPE_CONNECTION_STATUS);
  g_type_ensure (TETHER_TYPE_PROCESS_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, status);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TetherServerPage, process_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "page.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "page.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "page.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action);
}

static void
tether_server_page_init (TetherServerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  _tether_server_page_init_processes (self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
tether_server_page_new (TetherProfile *profile)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), NULL);

  return g_object_new (TETHER_TYPE_SERVER_PAGE, "profile", profile, NULL);
}

TetherServerConnector *
tether_server_page_get_connector (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->connector;
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

  return tether_server_connector_get_server (self->connector);
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

  return tether_server_connector_get_error_message (self->connector);
}

const char *
tether_server_page_get_subtitle (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->subtitle;
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
