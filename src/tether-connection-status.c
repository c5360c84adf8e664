/* tether-connection-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherConnectionStatus:
 *
 * The views of a profile that is not connected, as status pages rather than dialogs: "Not
 * Connected" (what Connect will do, and a Connect button), "Connecting…" (a spinner and Cancel),
 * and "Could Not Connect" or "Connection Lost" (the specific reason, Reconnect, Edit Server, and
 * the countdown to the next automatic attempt). It follows a #TetherServerConnector; its buttons
 * use the page's actions ("page.connect", "page.cancel") and the window's "profile.edit".
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "tether-connection-status.h"

struct _TetherConnectionStatus
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkStack              *stack;
  AdwStatusPage         *disconnected_status;
  GtkSpinner            *connecting_spinner;
  AdwStatusPage         *failed_status;
  GtkButton             *edit_button;

  /* Owned */
  TetherServerConnector *connector;
  TetherProfile         *profile;
  guint                  tick_source;
};

G_DEFINE_FINAL_TYPE (TetherConnectionStatus, tether_connection_status, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (TetherConnectionStatus *self);

static gboolean
tick_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

/* The countdown ticks while a retry is pending and someone can see it. */
static void
update_tick (TetherConnectionStatus *self)
{
  gboolean wanted = self->connector != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                    tether_server_connector_get_retrying (self->connector);

  if (wanted && self->tick_source == 0)
    {
      self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
      g_source_set_name_by_id (self->tick_source, "[tether] retry countdown");
    }
  else if (!wanted)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
    }
}

static void
update_description (TetherConnectionStatus *self)
{
  g_autoptr(TetherOptions) options = NULL;
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;

  /* What Connect will do ("Starts gdbserver on this computer…"). */
  if (self->profile != NULL)
    options = tether_options_parse (tether_profile_get_server (self->profile), NULL);
  if (options != NULL)
    description = tether_options_describe (options);
  escaped = g_markup_escape_text (description != NULL ? description : "", -1);
  adw_status_page_set_description (self->disconnected_status, escaped);
}

static void
update (TetherConnectionStatus *self)
{
  TetherServerState state;
  const char *message;
  g_autofree char *escaped = NULL;
  g_autofree char *description = NULL;

  if (self->connector == NULL)
    return;

  state = tether_server_connector_get_state (self->connector);
  switch (state)
    {
    case TETHER_SERVER_CONNECTING:
    case TETHER_SERVER_CONNECTED:
      gtk_stack_set_visible_child_name (self->stack, "connecting");
      break;
    case TETHER_SERVER_FAILED:
      gtk_stack_set_visible_child_name (self->stack, "failed");
      break;
    case TETHER_SERVER_DISCONNECTED:
    default:
      gtk_stack_set_visible_child_name (self->stack, "disconnected");
      break;
    }
  gtk_spinner_set_spinning (self->connecting_spinner, state == TETHER_SERVER_CONNECTING);

  message = tether_server_connector_get_error_message (self->connector);
  escaped = g_markup_escape_text (message != NULL ? message : "", -1);
  if (tether_server_connector_get_retrying (self->connector))
    {
      guint left = tether_server_connector_get_retry_in (self->connector);

      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s\n\nRetrying in %u second…",
                                                  "%s\n\nRetrying in %u seconds…", left),
                                     escaped, left);
    }
  adw_status_page_set_title (self->failed_status,
                             tether_server_connector_get_was_connected (self->connector)
                               ? _("Connection Lost") : _("Could Not Connect"));
  adw_status_page_set_description (self->failed_status,
                                   description != NULL ? description : escaped);
  update_tick (self);
}

static void
connector_notify_cb (TetherConnectionStatus *self,
                     GParamSpec             *pspec,
                     TetherServerConnector  *connector)
{
  update (self);
}

static void
profile_server_cb (TetherConnectionStatus *self,
                   GParamSpec             *pspec,
                   TetherProfile          *profile)
{
  update_description (self);
}

static void
tether_connection_status_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tether_connection_status_parent_class)->map (widget);
  update (TETHER_CONNECTION_STATUS (widget));
}

static void
tether_connection_status_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tether_connection_status_parent_class)->unmap (widget);
  update_tick (TETHER_CONNECTION_STATUS (widget));
}

static void
tether_connection_status_dispose (GObject *object)
{
  TetherConnectionStatus *self = (TetherConnectionStatus *)object;

  tether_connection_status_set_connector (self, NULL);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_CONNECTION_STATUS);

  G_OBJECT_CLASS (tether_connection_status_parent_class)->dispose (object);
}

static void
tether_connection_status_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  TetherConnectionStatus *self = TETHER_CONNECTION_STATUS (object);

  switch (prop_id)
    {
    case PROP_CONNECTOR: g_value_set_object (value, self->connector); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_connection_status_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  TetherConnectionStatus *self = TETHER_CONNECTION_STATUS (object);

  switch (prop_id)
    {
    case PROP_CONNECTOR:
      tether_connection_status_set_connector (self, g_value_get_object (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_connection_status_class_init (TetherConnectionStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tether_connection_status_dispose;
  object_class->get_property = tether_connection_status_get_property;
  object_class->set_property = tether_connection_status_set_property;
  widget_class->map = tether_connection_status_map;
  widget_class->unmap = tether_connection_status_unmap;

  properties[PROP_CONNECTOR] =
    g_param_spec_object ("connector", NULL, NULL, TETHER_TYPE_SERVER_CONNECTOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-connection-status.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherConnectionStatus, stack);
  gtk_widget_class_bind_template_child (widget_class, TetherConnectionStatus, disconnected_status);
  gtk_widget_class_bind_template_child (widget_class, TetherConnectionStatus, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, TetherConnectionStatus, failed_status);
  gtk_widget_class_bind_template_child (widget_class, TetherConnectionStatus, edit_button);
}

static void
tether_connection_status_init (TetherConnectionStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tether_connection_status_new (void)
{
  return g_object_new (TETHER_TYPE_CONNECTION_STATUS, NULL);
}

TetherServerConnector *
tether_connection_status_get_connector (TetherConnectionStatus *self)
{
  g_return_val_if_fail (TETHER_IS_CONNECTION_STATUS (self), NULL);

  return self->connector;
}

void
tether_connection_status_set_connector (TetherConnectionStatus *self,
                                        TetherServerConnector  *connector)
{
  g_return_if_fail (TETHER_IS_CONNECTION_STATUS (self));
  g_return_if_fail (connector == NULL || TETHER_IS_SERVER_CONNECTOR (connector));

  if (self->connector == connector)
    return;

  if (self->connector != NULL)
    g_signal_handlers_disconnect_by_data (self->connector, self);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_set_object (&self->connector, connector);
  g_clear_object (&self->profile);

  if (connector != NULL)
    {
      self->profile = g_object_ref (tether_server_connector_get_profile (connector));
      g_signal_connect_object (connector, "notify", G_CALLBACK (connector_notify_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->profile, "notify::server", G_CALLBACK (profile_server_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s",
                                        tether_profile_get_id (self->profile));
    }

  update_description (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTOR]);
}

const char *
tether_connection_status_get_title (TetherConnectionStatus *self)
{
  GtkWidget *child;

  g_return_val_if_fail (TETHER_IS_CONNECTION_STATUS (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);
  return adw_status_page_get_title (ADW_STATUS_PAGE (child));
}

const char *
tether_connection_status_get_description (TetherConnectionStatus *self)
{
  GtkWidget *child;

  g_return_val_if_fail (TETHER_IS_CONNECTION_STATUS (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);
  return adw_status_page_get_description (ADW_STATUS_PAGE (child));
}
