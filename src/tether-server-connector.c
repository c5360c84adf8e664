/* tether-server-connector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherServerConnector:
 *
 * The connection of one profile: it owns the profile's #TetherServer (a new one when the profile's
 * connection string changed since the last connection), and exposes its state as properties for
 * the views: #TetherServerConnector:state, the failure's #TetherServerConnector:error-message, and
 * whether a failure lost a connection that was up (#TetherServerConnector:was-connected).
 *
 * A lost connection of a profile that connects at start-up is retried on its own, after 2 s, then
 * 4, 8… up to a minute between attempts, until it connects or the user disconnects; connecting by
 * hand starts the back-off over. A connection string that does not parse is a failure too.
 */

#include "config.h"

#include "tether-server-connector.h"

#define FIRST_RETRY_S 2
#define MAX_RETRY_S   60

struct _TetherServerConnector
{
  GObject            parent_instance;

  TetherProfile     *profile;
  TetherServer      *server;
  GCancellable      *cancellable;
  char              *error_message;
  gint64             retry_at_us;
  guint              retry_source;
  guint              retry_s;           /* the last back-off; 0: none since the last success */
  guint              first_retry_s;
  TetherServerState  state;
  guint              was_connected : 1;
  guint              user_disconnected : 1;
};

G_DEFINE_FINAL_TYPE (TetherServerConnector, tether_server_connector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_SERVER,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_WAS_CONNECTED,
  PROP_RETRYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (TetherServerConnector *self,
           TetherServerState      state,
           const char            *error_message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (state == TETHER_SERVER_CONNECTED && !self->was_connected)
    {
      self->was_connected = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAS_CONNECTED]);
    }
  if (g_strcmp0 (self->error_message, error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
cancel_retry (TetherServerConnector *self)
{
  if (self->retry_source == 0)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRYING]);
}

static gboolean
retry_cb (gpointer user_data)
{
  TetherServerConnector *self = user_data;
  guint retry_s = self->retry_s;

  self->retry_source = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRYING]);
  tether_server_connector_connect (self);
  /* A retry keeps counting: the next failure waits longer. */
  self->retry_s = retry_s;
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (TetherServerConnector *self)
{
  self->retry_s = self->retry_s == 0 ? self->first_retry_s : MIN (self->retry_s * 2, MAX_RETRY_S);
  self->retry_at_us = g_get_monotonic_time () + (gint64)self->retry_s * G_USEC_PER_SEC;
  self->retry_source = g_timeout_add_seconds (self->retry_s, retry_cb, self);
  g_source_set_name_by_id (self->retry_source, "[tether] reconnect");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRYING]);
}

static void
server_state_cb (TetherServerConnector *self,
                 GParamSpec            *pspec,
                 TetherServer          *server)
{
  TetherServerState state = tether_server_get_state (server);
  const GError *error = tether_server_get_error (server);

  if (state == TETHER_SERVER_CONNECTED)
    self->retry_s = 0;

  /* A lost connection of a profile meant to be up comes back by itself; so does a retry that
   * failed again, until the user disconnects or connects by hand. */
  if (state == TETHER_SERVER_FAILED && !self->user_disconnected && self->retry_source == 0 &&
      tether_profile_get_connect_at_startup (self->profile) &&
      (self->was_connected || self->retry_s > 0))
    schedule_retry (self);

  set_state (self, state, error != NULL ? error->message : NULL);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TetherServerConnector) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Failures are the server's state (server_state_cb shows them); a cancel is the user's. */
  if (!tether_server_connect_finish (TETHER_SERVER (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
}

static gboolean
same_options (TetherServer  *server,
              TetherOptions *options)
{
  g_autofree char *a = tether_options_to_string (tether_server_get_options (server));
  g_autofree char *b = tether_options_to_string (options);

  return g_strcmp0 (a, b) == 0;
}

static void
drop_server (TetherServerConnector *self)
{
  if (self->server == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
}

void
tether_server_connector_connect (TetherServerConnector *self)
{
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TETHER_IS_SERVER_CONNECTOR (self));

  if (self->state == TETHER_SERVER_CONNECTING || self->state == TETHER_SERVER_CONNECTED)
    return;

  cancel_retry (self);
  self->retry_s = 0;
  self->user_disconnected = FALSE;
  if (self->was_connected)
    {
      self->was_connected = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAS_CONNECTED]);
    }

  options = tether_options_parse (tether_profile_get_server (self->profile), &error);
  if (options == NULL)
    {
      set_state (self, TETHER_SERVER_FAILED, error->message);
      return;
    }

  /* The profile's connection string may have been edited since the last connection. */
  if (self->server != NULL && !same_options (self->server, options))
    drop_server (self);
  if (self->server == NULL)
    {
      self->server = tether_server_new (options);
      g_signal_connect_object (self->server, "notify::state", G_CALLBACK (server_state_cb), self,
                               G_CONNECT_SWAPPED);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tether_server_connect_async (self->server, self->cancellable, connect_cb, g_object_ref (self));
}

void
tether_server_connector_disconnect (TetherServerConnector *self)
{
  g_return_if_fail (TETHER_IS_SERVER_CONNECTOR (self));

  self->user_disconnected = TRUE;
  self->retry_s = 0;
  cancel_retry (self);
  g_cancellable_cancel (self->cancellable);

  if (self->server != NULL && tether_server_get_state (self->server) == TETHER_SERVER_CONNECTED)
    tether_server_disconnect_async (self->server, FALSE, FALSE, NULL, NULL, NULL);
  else
    set_state (self, TETHER_SERVER_DISCONNECTED, NULL);
}

/* GObject */

static void
tether_server_connector_dispose (GObject *object)
{
  TetherServerConnector *self = (TetherServerConnector *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_server (self);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (tether_server_connector_parent_class)->dispose (object);
}

static void
tether_server_connector_finalize (GObject *object)
{
  TetherServerConnector *self = (TetherServerConnector *)object;

  g_free (self->error_message);

  G_OBJECT_CLASS (tether_server_connector_parent_class)->finalize (object);
}

static void
tether_server_connector_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  TetherServerConnector *self = TETHER_SERVER_CONNECTOR (object);

  switch (prop_id)
    {
    case PROP_PROFILE: g_value_set_object (value, self->profile); break;
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_STATE: g_value_set_uint (value, self->state); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_WAS_CONNECTED: g_value_set_boolean (value, self->was_connected); break;
    case PROP_RETRYING: g_value_set_boolean (value, self->retry_source != 0); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_server_connector_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  TetherServerConnector *self = TETHER_SERVER_CONNECTOR (object);

  switch (prop_id)
    {
    case PROP_PROFILE: self->profile = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_server_connector_class_init (TetherServerConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_server_connector_dispose;
  object_class->finalize = tether_server_connector_finalize;
  object_class->get_property = tether_server_connector_get_property;
  object_class->set_property = tether_server_connector_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, TETHER_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A TetherServerState: the server's, or FAILED when the profile's string does not parse. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, TETHER_SERVER_FAILED, TETHER_SERVER_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAS_CONNECTED] =
    g_param_spec_boolean ("was-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRYING] =
    g_param_spec_boolean ("retrying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_server_connector_init (TetherServerConnector *self)
{
  self->first_retry_s = FIRST_RETRY_S;
}

TetherServerConnector *
tether_server_connector_new (TetherProfile *profile)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), NULL);

  return g_object_new (TETHER_TYPE_SERVER_CONNECTOR, "profile", profile, NULL);
}

TetherProfile *
tether_server_connector_get_profile (TetherServerConnector *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_CONNECTOR (self), NULL);

  return self->profile;
}

TetherServer *
tether_server_connector_get_server (TetherServerConnector *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_CONNECTOR (self), NULL);

  return self->server;
}

TetherServerState
tether_server_connector_get_state (TetherServerConnector *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_CONNECTOR (self), TETHER_SERVER_DISCONNECTED);

  return self->state;
}

const char *
tether_server_connector_get_error_message (TetherServerConnector *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_CONNECTOR (self), NULL);

  return self->error_message;
}

gboolean
tether_server_connector_get_was_connected (TetherServerConnector *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_CONNECTOR (self), FALSE);

  return self->was_connected;
}

gboolean
tether_server_connector_get_retrying (TetherServerConnector *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_CONNECTOR (self), FALSE);

  return self->retry_source != 0;
}

guint
tether_server_connector_get_retry_in (TetherServerConnector *self)
{
  gint64 left;

  g_return_val_if_fail (TETHER_IS_SERVER_CONNECTOR (self), 0);

  if (self->retry_source == 0)
    return 0;

  left = self->retry_at_us - g_get_monotonic_time ();
  return left > 0 ? (guint)((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

void
tether_server_connector_set_first_retry (TetherServerConnector *self,
                                         guint                  seconds)
{
  g_return_if_fail (TETHER_IS_SERVER_CONNECTOR (self));
  g_return_if_fail (seconds > 0);

  self->first_retry_s = seconds;
}
