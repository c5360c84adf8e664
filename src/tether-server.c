/* tether-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-host-io.h"
#include "tether-inspector.h"
#include "tether-osdata.h"
#include "tether-rsp-codec.h"
#include "tether-server.h"
#include "tether-transport.h"

#define DEFAULT_TIMEOUT_MS 10000
#define STOP_WAIT_MS       5000

typedef struct
{
  gboolean created;
  gboolean stopped;
} Held;

typedef struct
{
  gint64  pid;
  GTask  *task;
  GSource *timeout;
} StopWaiter;

struct _TetherServer
{
  GObject              parent_instance;

  TetherOptions       *options;
  TetherTransport     *transport;
  TetherRspConnection *connection;
  TetherHostIo        *host_io;
  TetherInspector     *inspector;
  GCancellable        *cancellable;     /* everything this server does on its own */

  TetherServerState    state;
  GError              *error;
  guint                timeout_ms;
  GHashTable          *held;            /* pid (gint64*) -> Held* */
  GList               *stop_waiters;
};

G_DEFINE_FINAL_TYPE (TetherServer, tether_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPTIONS,
  PROP_STATE,
  PROP_HAS_ERROR,
  PROP_ERROR_MESSAGE,
  PROP_TIMEOUT,
  N_PROPS
};

enum {
  PROCESS_STOPPED,
  PROCESS_EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void stop_process (TetherServer *self,
                          gint64        pid,
                          GTask        *task);

static gint64 *
pid_key (gint64 pid)
{
  return g_memdup2 (&pid, sizeof pid);
}

static void
set_state (TetherServer      *self,
           TetherServerState  state,
           const GError      *error)
{
  gboolean had_error = self->error != NULL;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (had_error || error != NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ERROR]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
}

/* The reason gdbserver printed for its last failure, without its "gdbserver: " prefix. */
static char *
dup_server_reason (TetherServer *self)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (self->transport == NULL ||
      (text = tether_transport_dup_stderr_since_mark (self->transport)) == NULL)
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      const char *line = lines[i - 1];

      if (g_str_has_prefix (line, "gdbserver: "))
        return g_strdup (line + strlen ("gdbserver: "));
    }

  return NULL;
}

static void
mark_server_reason (TetherServer *self)
{
  if (self->transport != NULL)
    tether_transport_mark_stderr (self->transport);
}

static GError *
explain_lost (TetherServer *self,
              const GError *error)
{
  g_autoptr(GString) message = g_string_new (error->message);
  g_autofree char *tail = NULL;
  GError *explained;

  if (self->transport != NULL && (tail = tether_transport_dup_stderr_tail (self->transport)) != NULL)
    g_string_append_printf (message, _(" The server's last words: “%s”"), tail);

  if (g_hash_table_size (self->held) > 0)
    {
      g_autoptr(GArray) pids = tether_server_dup_held_pids (self);

      g_string_append (message, _(" These processes may still be stopped on the server:"));
      for (guint i = 0; i < pids->len; i++)
        g_string_append_printf (message, " %" G_GINT64_FORMAT, g_array_index (pids, gint64, i));
      g_string_append (message, _(". Reconnect to resume or detach them."));
    }

  explained = g_error_new_literal (error->domain, error->code, message->str);
  return explained;
}

/* Events from the connection */

static void
wake_stop_waiters (TetherServer *self,
                   gint64        pid,
                   const GError *error)
{
  GList *l = self->stop_waiters;

  while (l != NULL)
    {
      StopWaiter *waiter = l->data;
      GList *next = l->next;

      if (pid < 0 || waiter->pid == pid)
        {
          self->stop_waiters = g_list_delete_link (self->stop_waiters, l);
          g_source_destroy (waiter->timeout);
          g_source_unref (waiter->timeout);
          if (error != NULL)
            g_task_return_error (waiter->task, g_error_copy (error));
          else
            g_task_return_boolean (waiter->task, TRUE);
          g_object_unref (waiter->task);
          g_free (waiter);
        }
      l = next;
    }
}

static void
connection_stop_cb (TetherServer        *self,
                    GBytes              *payload,
                    TetherRspConnection *connection)
{
  g_auto(TetherStopReply) reply = { 0 };
  Held *held;

  if (!tether_stop_reply_parse (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                                &reply, NULL) || reply.pid <= 0)
    return;

  held = g_hash_table_lookup (self->held, &reply.pid);

  switch (reply.kind)
    {
    case TETHER_STOP_SIGNALLED:
      /* Left over from another client, or a stray: not ours to report. */
      if (held == NULL)
        break;
      held->stopped = TRUE;
      g_signal_emit (self, signals[PROCESS_STOPPED], 0, reply.pid, reply.signal);
      wake_stop_waiters (self, reply.pid, NULL);
      break;

    case TETHER_STOP_EXITED:
    case TETHER_STOP_TERMINATED:
      {
        g_autoptr(GError) error = g_error_new (TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS,
                                               _("Process %d has exited"), (int)reply.pid);

        if (held == NULL)
          break;
        g_hash_table_remove (self->held, &reply.pid);
        g_signal_emit (self, signals[PROCESS_EXITED], 0, reply.pid,
                       reply.kind == TETHER_STOP_EXITED ? (gint)reply.exit_code : -1,
                       reply.kind == TETHER_STOP_TERMINATED ? reply.signal : 0u);
        wake_stop_waiters (self, reply.pid, error);
      }
      break;

    case TETHER_STOP_NO_RESUMED:
    default:
      break;
    }
}

static void
connection_closed_cb (TetherServer        *self,
                      const GError        *error,
                      TetherRspConnection *connection)
{
  g_autoptr(GError) explained = NULL;

  if (self->state != TETHER_SERVER_CONNECTED)
    return;

  explained = explain_lost (self, error);
  wake_stop_waiters (self, -1, explained);
  set_state (self, TETHER_SERVER_FAILED, explained);
}

/* GObject */

static void
drop_connection (TetherServer *self,
                 guint         grace_ms)
{
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      tether_rsp_connection_close (self->connection, NULL);
    }
  g_clear_object (&self->inspector);
  g_clear_object (&self->host_io);
  g_clear_object (&self->connection);
  if (self->transport != NULL)
    tether_transport_close (self->transport, grace_ms);
  g_clear_object (&self->transport);
}

static void
tether_server_dispose (GObject *object)
{
  TetherServer *self = (TetherServer *)object;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Disposed");

  g_cancellable_cancel (self->cancellable);
  wake_stop_waiters (self, -1, error);
  drop_connection (self, 500);

  G_OBJECT_CLASS (tether_server_parent_class)->dispose (object);
}

static void
tether_server_finalize (GObject *object)
{
  TetherServer *self = (TetherServer *)object;

  g_clear_pointer (&self->options, tether_options_unref);
  g_clear_pointer (&self->held, g_hash_table_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tether_server_parent_class)->finalize (object);
}

static void
tether_server_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TetherServer *self = TETHER_SERVER (object);

  switch (prop_id)
    {
    case PROP_OPTIONS: g_value_set_boxed (value, self->options); break;
    case PROP_STATE: g_value_set_uint (value, self->state); break;
    case PROP_HAS_ERROR: g_value_set_boolean (value, self->error != NULL); break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    case PROP_TIMEOUT: g_value_set_uint (value, self->timeout_ms); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_server_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TetherServer *self = TETHER_SERVER (object);

  switch (prop_id)
    {
    case PROP_OPTIONS: self->options = g_value_dup_boxed (value); break;
    case PROP_TIMEOUT: tether_server_set_timeout (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_server_class_init (TetherServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_server_dispose;
  object_class->finalize = tether_server_finalize;
  object_class->get_property = tether_server_get_property;
  object_class->set_property = tether_server_set_property;

  properties[PROP_OPTIONS] =
    g_param_spec_boxed ("options", NULL, NULL, TETHER_TYPE_OPTIONS,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A TetherServerState. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, TETHER_SERVER_FAILED, TETHER_SERVER_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_ERROR] =
    g_param_spec_boolean ("has-error", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A held process stopped (by a signal, or by TETHER_CONTROL_STOP): pid, GDB signal number. */
  signals[PROCESS_STOPPED] =
    g_signal_new ("process-stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);
  /* A process ended: pid, exit code (-1 if killed), GDB signal number (0 if it exited). */
  signals[PROCESS_EXITED] =
    g_signal_new ("process-exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT, G_TYPE_UINT);
}

static void
tether_server_init (TetherServer *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->cancellable = g_cancellable_new ();
  self->held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

TetherServer *
tether_server_new (TetherOptions *options)
{
  g_return_val_if_fail (options != NULL, NULL);

  return g_object_new (TETHER_TYPE_SERVER, "options", options, NULL);
}

TetherOptions *
tether_server_get_options (TetherServer *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);

  return self->options;
}

TetherServerState
tether_server_get_state (TetherServer *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), TETHER_SERVER_DISCONNECTED);

  return self->state;
}

const GError *
tether_server_get_error (TetherServer *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);

  return self->error;
}

TetherRspConnection *
tether_server_get_connection (TetherServer *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);

  return self->connection;
}

guint
tether_server_get_timeout (TetherServer *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), 0);

  return self->timeout_ms;
}

void
tether_server_set_timeout (TetherServer *self,
                           guint         timeout_ms)
{
  g_return_if_fail (TETHER_IS_SERVER (self));

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  if (self->connection != NULL)
    tether_rsp_connection_set_timeout (self->connection, timeout_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

static int
compare_pids (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

GArray *
tether_server_dup_held_pids (TetherServer *self)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TETHER_IS_SERVER (self), pids);

  g_hash_table_iter_init (&iter, self->held);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (pids, *(gint64 *)key);
  g_array_sort (pids, compare_pids);
  return pids;
}

gboolean
tether_server_is_created (TetherServer *self,
                          gint64        pid)
{
  Held *held;

  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);

  held = g_hash_table_lookup (self->held, &pid);
  return held != NULL && held->created;
}

static gboolean
check_connected (TetherServer *self,
                 GTask        *task)
{
  if (self->state == TETHER_SERVER_CONNECTED && self->connection != NULL &&
      !tether_rsp_connection_is_closed (self->connection))
    return TRUE;

  if (self->error != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CLOSED,
                             _("Not connected to the server"));
  return FALSE;
}

/* Plain requests, for the steps below. */
static void
request (TetherServer          *self,
         GTask                 *task,
         const char            *packet,
         TetherRspRequestFlags  flags,
         GAsyncReadyCallback    callback)
{
  tether_rsp_connection_request_async (self->connection, packet, flags,
                                       g_task_get_cancellable (task), callback, task);
}

static gboolean
reply_is (GBytes     *reply,
          const char *text)
{
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);

  return len == strlen (text) && memcmp (data, text, len) == 0;
}

static gboolean
reply_is_error (GBytes *reply)
{
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);

  return len >= 1 && data[0] == 'E';
}

static char *
reply_dup_text (GBytes *reply)
{
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

/* Connect */

static void
connect_handshake_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!tether_rsp_connection_handshake_finish (TETHER_RSP_CONNECTION (object), result, &error))
    {
      g_autoptr(GError) explained = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          drop_connection (self, 0);
          set_state (self, TETHER_SERVER_DISCONNECTED, NULL);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      explained = explain_lost (self, error);
      drop_connection (self, 0);
      set_state (self, TETHER_SERVER_FAILED, explained);
      g_task_return_error (task, g_steal_pointer (&explained));
      return;
    }

  self->host_io = tether_host_io_new (self->connection);
  self->inspector = tether_inspector_new (self->host_io);
  g_signal_connect_object (self->connection, "stop", G_CALLBACK (connection_stop_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "closed", G_CALLBACK (connection_closed_cb), self,
                           G_CONNECT_SWAPPED);
  set_state (self, TETHER_SERVER_CONNECTED, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
connect_open_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  stream = tether_transport_open_finish (TETHER_TRANSPORT (object), result, &error);
  if (stream == NULL)
    {
      drop_connection (self, 0);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, TETHER_SERVER_DISCONNECTED, NULL);
      else
        set_state (self, TETHER_SERVER_FAILED, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->connection = tether_rsp_connection_new (stream);
  tether_rsp_connection_set_timeout (self->connection, self->timeout_ms);
  cancellable = g_task_get_cancellable (task);
  tether_rsp_connection_handshake_async (self->connection, cancellable, connect_handshake_cb,
                                         g_steal_pointer (&task));
}

void
tether_server_connect_async (TetherServer        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_connect_async);

  if (self->state == TETHER_SERVER_CONNECTING || self->state == TETHER_SERVER_CONNECTED)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_BUSY,
                               self->state == TETHER_SERVER_CONNECTED
                                 ? _("Already connected")
                                 : _("Already connecting"));
      return;
    }

  /* A reconnect: what was held before is unknown now; the caller finds it again. */
  drop_connection (self, 500);
  g_hash_table_remove_all (self->held);
  set_state (self, TETHER_SERVER_CONNECTING, NULL);

  self->transport = tether_transport_new (self->options);
  tether_transport_open_async (self->transport, self->timeout_ms, cancellable, connect_open_cb,
                               g_steal_pointer (&task));
}

gboolean
tether_server_connect_finish (TetherServer  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Disconnect: release every held process, then close (and end the server if asked). */

typedef struct
{
  gboolean  kill_created;
  gboolean  end_server;
  GArray   *pids;
  guint     next;
  GString  *problems;
} DisconnectData;

static void
disconnect_data_free (DisconnectData *data)
{
  g_clear_pointer (&data->pids, g_array_unref);
  if (data->problems != NULL)
    g_string_free (data->problems, TRUE);
  g_free (data);
}

static void disconnect_next (GTask *task);

static void
disconnect_finish_now (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  DisconnectData *data = g_task_get_task_data (task);

  drop_connection (self, 1000);
  g_hash_table_remove_all (self->held);
  set_state (self, TETHER_SERVER_DISCONNECTED, NULL);

  if (data->problems->len > 0)
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_FAILED,
                             _("Disconnected, but some processes could not be released:%s"),
                             data->problems->str);
  else
    g_task_return_boolean (task, TRUE);
}

static void
disconnect_exit_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) reply = NULL;

  /* The server may well close the link before or instead of answering: either is fine. */
  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                NULL);
  disconnect_finish_now (task);
}

static void
disconnect_release_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DisconnectData *data = g_task_get_task_data (task);
  gint64 pid = g_array_index (data->pids, gint64, data->next);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    g_string_append_printf (data->problems, " %" G_GINT64_FORMAT " (%s)", pid, error->message);
  else if (!reply_is (reply, "OK"))
    g_string_append_printf (data->problems, " %" G_GINT64_FORMAT, pid);

  data->next++;
  disconnect_next (g_steal_pointer (&task));
}

static void
disconnect_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  DisconnectData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  if (self->connection == NULL || tether_rsp_connection_is_closed (self->connection))
    {
      disconnect_finish_now (task);
      g_object_unref (task);
      return;
    }

  if (data->next < data->pids->len)
    {
      gint64 pid = g_array_index (data->pids, gint64, data->next);
      Held *held = g_hash_table_lookup (self->held, &pid);

      if (held != NULL && held->created && data->kill_created)
        packet = g_strdup_printf ("vKill;%" G_GINT64_MODIFIER "x", pid);
      else
        packet = g_strdup_printf ("D;%" G_GINT64_MODIFIER "x", pid);

      /* Releasing must not be cut short: no cancellable. */
      tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                           NULL, disconnect_release_cb, task);
      return;
    }

  if (data->end_server && data->problems->len == 0)
    {
      g_autofree char *hex = tether_hex_encode_string ("exit");

      packet = g_strdup_printf ("qRcmd,%s", hex);
      tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_OUTPUT,
                                           NULL, disconnect_exit_cb, task);
      return;
    }

  disconnect_finish_now (task);
  g_object_unref (task);
}

void
tether_server_disconnect_async (TetherServer        *self,
                                gboolean             kill_created,
                                gboolean             end_server,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  DisconnectData *data;
  TetherTransportKind kind;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_disconnect_async);

  kind = tether_options_get_transport (self->options);
  data = g_new0 (DisconnectData, 1);
  data->kill_created = kill_created;
  /* A server Tether started (local:, ssh:) is Tether's to end. */
  data->end_server = end_server || kind == TETHER_TRANSPORT_LOCAL || kind == TETHER_TRANSPORT_SSH;
  data->pids = tether_server_dup_held_pids (self);
  data->problems = g_string_new (NULL);
  g_task_set_task_data (task, data, (GDestroyNotify)disconnect_data_free);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  disconnect_next (task);
}

gboolean
tether_server_disconnect_finish (TetherServer  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Listing: qXfer:osdata:read:processes, piece by piece (offsets count decoded bytes). */

typedef struct
{
  GByteArray *xml;
  GPtrArray  *processes;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->xml, g_byte_array_unref);
  g_clear_pointer (&data->processes, g_ptr_array_unref);
  g_free (data);
}

static char *
name_from_command (const char *command)
{
  const char *end;
  const char *start;
  gsize len = strlen (command);

  /* Kernel threads: "[kworker/0:1]". */
  if (len >= 2 && command[0] == '[' && command[len - 1] == ']')
    return g_strndup (command + 1, len - 2);

  end = strchr (command, ' ');
  if (end == NULL)
    end = command + len;
  start = g_strrstr_len (command, end - command, "/");
  start = start != NULL ? start + 1 : command;
  return g_strndup (start, end - start);
}

static gboolean
list_item_cb (const char * const *names,
              const char * const *values,
              guint               n_columns,
              gpointer            user_data)
{
  ListData *data = user_data;
  const char *pid_text = NULL;
  const char *user = NULL;
  const char *command = NULL;
  TetherProcess *process;
  gint64 pid;
  char *end = NULL;

  for (guint i = 0; i < n_columns; i++)
    {
      if (strcmp (names[i], "pid") == 0)
        pid_text = values[i];
      else if (strcmp (names[i], "user") == 0)
        user = values[i];
      else if (strcmp (names[i], "command") == 0)
        command = values[i];
    }

  if (pid_text == NULL)
    return TRUE;
  pid = g_ascii_strtoll (pid_text, &end, 10);
  if (end == pid_text || *end != '\0' || pid <= 0)
    return TRUE;

  process = tether_process_new (pid);
  tether_process_set_user (process, user);
  if (command != NULL)
    {
      /* gdbserver writes each argument followed by a space: drop the last one. */
      g_autofree char *trimmed = g_strchomp (g_strdup (command));
      g_autofree char *name = name_from_command (trimmed);

      tether_process_set_command_line (process, trimmed);
      tether_process_set_name (process, name);
    }
  g_ptr_array_add (data->processes, process);
  return TRUE;
}

static void list_next (GTask *task);

static void
list_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  const char *bytes;
  gsize len;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  bytes = g_bytes_get_data (reply, &len);
  if (len == 0)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("This server cannot list processes (no qXfer:osdata)"));
      return;
    }
  if (bytes[0] == 'E')
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                               _("The server failed to list its processes (%.*s)"),
                               (int)MIN (len, 8), bytes);
      return;
    }
  if (bytes[0] != 'm' && bytes[0] != 'l')
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                               _("The server sent a malformed process list"));
      return;
    }

  if (data->xml->len + len - 1 > tether_rsp_connection_get_max_packet (TETHER_RSP_CONNECTION (object)) * 4)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_TOO_LARGE,
                               _("The server's process list is unreasonably large"));
      return;
    }
  g_byte_array_append (data->xml, (const guint8 *)bytes + 1, len - 1);

  if (bytes[0] == 'm' && len > 1)
    {
      list_next (g_steal_pointer (&task));
      return;
    }

  if (!tether_osdata_parse ((const char *)data->xml->data, data->xml->len, "processes",
                            list_item_cb, data, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->processes),
                         (GDestroyNotify)g_ptr_array_unref);
}

static void
list_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;
  gsize chunk = tether_rsp_connection_get_packet_size (self->connection) - 32;

  packet = g_strdup_printf ("qXfer:osdata:read:processes:%x,%" G_GSIZE_MODIFIER "x",
                            data->xml->len, chunk);
  request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, list_read_cb);
}

void
tether_server_list_processes_async (TetherServer        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  ListData *data;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_list_processes_async);
  if (!check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  data = g_new0 (ListData, 1);
  data->xml = g_byte_array_sized_new (256 * 1024);
  data->processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);
  list_next (task);
}

GPtrArray *
tether_server_list_processes_finish (TetherServer  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Describe and check: the inspector does the reading. */

static void
describe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!tether_inspector_describe_finish (TETHER_INSPECTOR (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
tether_server_describe_process_async (TetherServer        *self,
                                      TetherProcess       *process,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (TETHER_IS_PROCESS (process));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_describe_process_async);
  if (!check_connected (self, task))
    return;

  tether_inspector_describe_async (self->inspector, process, cancellable, describe_cb,
                                   g_steal_pointer (&task));
}

gboolean
tether_server_describe_process_finish (TetherServer  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
check_attach_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!tether_inspector_check_attach_finish (TETHER_INSPECTOR (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
tether_server_check_attach_async (TetherServer        *self,
                                  gint64               pid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_check_attach_async);
  if (!check_connected (self, task))
    return;

  if (g_hash_table_contains (self->held, &pid))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_ALREADY_TRACED,
                               _("Tether is already debugging process %d"), (int)pid);
      return;
    }

  tether_inspector_check_attach_async (self->inspector, pid, NULL, cancellable, check_attach_cb,
                                       g_steal_pointer (&task));
}

gboolean
tether_server_check_attach_finish (TetherServer  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Find by executable name: the listing narrows the candidates, /proc confirms them. */

typedef struct
{
  char            *name;
  TetherMatchRule  rule;
  GPtrArray       *candidates;
  guint            next;
  GPtrArray       *matches;
} FindData;

static void
find_data_free (FindData *data)
{
  g_free (data->name);
  g_clear_pointer (&data->candidates, g_ptr_array_unref);
  g_clear_pointer (&data->matches, g_ptr_array_unref);
  g_free (data);
}

static gboolean
path_tail_is (const char *path,
              const char *name)
{
  const char *slash;

  if (path == NULL)
    return FALSE;
  slash = strrchr (path, '/');
  return g_str_equal (slash != NULL ? slash + 1 : path, name);
}

static gboolean
process_matches (TetherProcess   *process,
                 const char      *name,
                 TetherMatchRule  rule)
{
  const char *exe = tether_process_get_exe (process);
  const char * const *argv = tether_process_get_argv (process);
  const char *argv0 = argv != NULL ? argv[0] : NULL;

  /* The executable's path when the server may read it; argv[0] for other users' processes. */
  if (exe != NULL)
    return rule == TETHER_MATCH_FULL ? g_str_equal (exe, name)
                                     : g_str_equal (exe, name) || path_tail_is (exe, name);
  if (argv0 != NULL)
    return rule == TETHER_MATCH_FULL ? g_str_equal (argv0, name)
                                     : g_str_equal (argv0, name) || path_tail_is (argv0, name);
  return FALSE;
}

/* Could this listed process run @name? The command line is argv joined with spaces, so a
 * candidate has @name's file name, ending a path or standing alone, before a space or the end. */
static gboolean
is_candidate (TetherProcess *process,
              const char    *tail)
{
  const char *command = tether_process_get_command_line (process);
  gsize len = strlen (tail);

  for (const char *p = command != NULL ? strstr (command, tail) : NULL;
       p != NULL;
       p = strstr (p + 1, tail))
    {
      if ((p == command || p[-1] == '/') && (p[len] == '\0' || p[len] == ' '))
        return TRUE;
    }

  return FALSE;
}

static int
compare_process_pids (gconstpointer a,
                      gconstpointer b)
{
  gint64 x = tether_process_get_pid (*(TetherProcess * const *)a);
  gint64 y = tether_process_get_pid (*(TetherProcess * const *)b);

  return x < y ? -1 : x > y;
}

static void find_next (GTask *task);

static void
find_describe_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  TetherProcess *process = g_ptr_array_index (data->candidates, data->next);
  g_autoptr(GError) error = NULL;

  if (!tether_inspector_describe_finish (TETHER_INSPECTOR (object), result, &error))
    {
      /* A candidate that exited meanwhile is simply not a match; a lost link ends the search. */
      if (!g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS) &&
          !g_error_matches (error, TETHER_ERROR, TETHER_ERROR_PERMISSION))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (process_matches (process, data->name, data->rule))
    g_ptr_array_add (data->matches, g_object_ref (process));

  data->next++;
  find_next (g_steal_pointer (&task));
}

static void
find_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  FindData *data = g_task_get_task_data (task);

  if (data->next < data->candidates->len &&
      !(data->rule != TETHER_MATCH_ONLY && data->matches->len > 0))
    {
      tether_inspector_describe_async (self->inspector,
                                       g_ptr_array_index (data->candidates, data->next),
                                       g_task_get_cancellable (task), find_describe_cb, task);
      return;
    }

  if (data->matches->len == 0)
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                             _("No process on the server runs “%s”"), data->name);
  else if (data->rule == TETHER_MATCH_ONLY && data->matches->len > 1)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < data->matches->len; i++)
        {
          TetherProcess *process = g_ptr_array_index (data->matches, i);

          g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                                  tether_process_get_pid (process));
        }
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_AMBIGUOUS,
                               _("%u processes run “%s” (PIDs %s); choose one by PID"),
                               data->matches->len, data->name, list->str);
    }
  else
    g_task_return_pointer (task, g_ptr_array_ref (data->matches),
                           (GDestroyNotify)g_ptr_array_unref);

  g_object_unref (task);
}

static void
find_list_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) processes = NULL;
  const char *slash = strrchr (data->name, '/');
  const char *tail = slash != NULL ? slash + 1 : data->name;
  GError *error = NULL;

  processes = tether_server_list_processes_finish (TETHER_SERVER (object), result, &error);
  if (processes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_ptr_array_sort (processes, compare_process_pids);
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);

      if (*tail != '\0' && is_candidate (process, tail))
        g_ptr_array_add (data->candidates, g_object_ref (process));
    }

  find_next (g_steal_pointer (&task));
}

void
tether_server_find_process_async (TetherServer        *self,
                                  const char          *name,
                                  TetherMatchRule      rule,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  FindData *data;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_find_process_async);

  data = g_new0 (FindData, 1);
  data->name = g_strdup (name);
  data->rule = rule;
  data->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  data->matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)find_data_free);

  if (*name == '\0')
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Give the name of a program to find"));
      g_object_unref (task);
      return;
    }

  tether_server_list_processes_async (self, cancellable, find_list_cb, task);
}

TetherProcess *
tether_server_find_process_finish (TetherServer  *self,
                                   GAsyncResult  *result,
                                   GPtrArray    **all_matches,
                                   GError       **error)
{
  g_autoptr(GPtrArray) matches = NULL;

  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  matches = g_task_propagate_pointer (G_TASK (result), error);
  if (matches == NULL)
    return NULL;

  if (all_matches != NULL)
    *all_matches = g_ptr_array_ref (matches);
  return g_object_ref (g_ptr_array_index (matches, 0));
}

/* Attach */

typedef struct
{
  gint64   pid;
  gboolean resume;
  gboolean then_kill;   /* tether_server_control_async (KILL) of a process not held yet */
} AttachData;

static void
attach_explain_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AttachData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!tether_inspector_check_attach_finish (TETHER_INSPECTOR (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("The server refused to attach to process %d"
                               " and gave no reason. Check that the server may debug it "
                               "(same user or root, ptrace allowed)."), (int)data->pid);
}

static void
attach_resume_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  AttachData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  Held *held;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  held = g_hash_table_lookup (self->held, &data->pid);
  if (reply_is (reply, "OK"))
    {
      if (held != NULL)
        held->stopped = FALSE;
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("Attached to process %d, but the server did not "
                               "resume it; it is stopped"), (int)data->pid);
}

static void
attach_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  AttachData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  Held *held;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (reply) == 0)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("This server cannot attach to processes"));
      return;
    }

  if (reply_is_error (reply))
    {
      g_autofree char *reason = dup_server_reason (self);
      GCancellable *cancellable = g_task_get_cancellable (task);

      tether_inspector_check_attach_async (self->inspector, data->pid, reason, cancellable,
                                           attach_explain_cb, g_steal_pointer (&task));
      return;
    }

  /* In non-stop mode the answer is "OK" and the threads are left RUNNING (gdb stops them itself
   * afterwards); in all-stop mode it is a stop reply. */
  held = g_new0 (Held, 1);
  held->stopped = !reply_is (reply, "OK");
  g_hash_table_insert (self->held, pid_key (data->pid), held);

  if (data->then_kill)
    {
      g_autofree char *packet = g_strdup_printf ("vKill;%" G_GINT64_MODIFIER "x", data->pid);

      data->resume = FALSE;
      data->then_kill = FALSE;
      g_hash_table_remove (self->held, &data->pid);
      tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                           NULL, attach_resume_cb, g_steal_pointer (&task));
      return;
    }

  if (data->resume && held->stopped)
    {
      g_autofree char *packet = g_strdup_printf ("vCont;c:p%" G_GINT64_MODIFIER "x.-1",
                                                 data->pid);

      request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, attach_resume_cb);
      g_steal_pointer (&task);
      return;
    }

  if (!data->resume && !held->stopped)
    {
      stop_process (self, data->pid, g_steal_pointer (&task));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
start_attach (TetherServer *self,
              GTask        *task)
{
  AttachData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  if (g_hash_table_contains (self->held, &data->pid))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_ALREADY_TRACED,
                               _("Tether is already debugging process %d"), (int)data->pid);
      g_object_unref (task);
      return;
    }

  mark_server_reason (self);
  packet = g_strdup_printf ("vAttach;%" G_GINT64_MODIFIER "x", data->pid);
  request (self, task, packet, TETHER_RSP_REQUEST_MAY_RESET, attach_cb);
}

void
tether_server_attach_async (TetherServer        *self,
                            gint64               pid,
                            gboolean             resume,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  AttachData *data;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_attach_async);
  if (!check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  data = g_new0 (AttachData, 1);
  data->pid = pid;
  data->resume = resume;
  g_task_set_task_data (task, data, g_free);
  start_attach (self, task);
}

gboolean
tether_server_attach_finish (TetherServer  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Create */

typedef enum
{
  CREATE_CHECK_PROGRAM,
  CREATE_CHECK_CWD,
  CREATE_READ_ENVIRON,
  CREATE_SETUP,
  CREATE_RUN,
  CREATE_RESUME,
} CreateStage;

typedef struct
{
  TetherCreateOptions *options;
  CreateStage          stage;
  GPtrArray           *packets;
  guint                next;
  gboolean             use_shell;
  gint64               pid;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_clear_pointer (&data->options, tether_create_options_free);
  g_clear_pointer (&data->packets, g_ptr_array_unref);
  g_free (data);
}

static void create_next (GTask *task);

static void
add_env_packet (GPtrArray  *packets,
                const char *prefix,
                const char *text)
{
  g_autofree char *hex = tether_hex_encode_string (text);

  g_ptr_array_add (packets, g_strconcat (prefix, hex, NULL));
}

static void
create_build_setup (TetherServer *self,
                    CreateData   *data,
                    GBytes       *server_environ)
{
  TetherCreateOptions *options = data->options;
  GPtrArray *setenv = tether_create_options_get_setenv (options);
  GPtrArray *unsetenv = tether_create_options_get_unsetenv (options);
  const char *cwd = tether_create_options_get_cwd (options);

  /* The server keeps these settings from one vRun to the next: state every one of them. */
  g_ptr_array_add (data->packets, g_strdup ("QEnvironmentReset"));

  if (server_environ != NULL)
    {
      gsize len;
      const char *p = g_bytes_get_data (server_environ, &len);
      const char *end = p + len;

      while (p < end)
        {
          const char *nul = memchr (p, '\0', end - p);
          const char *eq;
          g_autofree char *name = NULL;

          if (nul == NULL)
            nul = end;
          eq = memchr (p, '=', nul - p);
          if (eq != NULL && eq > p)
            {
              name = g_strndup (p, eq - p);
              add_env_packet (data->packets, "QEnvironmentUnset:", name);
            }
          p = nul + 1;
        }
    }

  for (guint i = 0; i < setenv->len; i++)
    add_env_packet (data->packets, "QEnvironmentHexEncoded:", g_ptr_array_index (setenv, i));
  for (guint i = 0; i < unsetenv->len; i++)
    add_env_packet (data->packets, "QEnvironmentUnset:", g_ptr_array_index (unsetenv, i));

  if (cwd != NULL)
    add_env_packet (data->packets, "QSetWorkingDir:", cwd);
  else
    g_ptr_array_add (data->packets, g_strdup ("QSetWorkingDir:"));

  g_ptr_array_add (data->packets, g_strdup_printf ("QStartupWithShell:%d", data->use_shell));
  g_ptr_array_add (data->packets,
                   g_strdup_printf ("QDisableRandomization:%d",
                                    tether_create_options_get_disable_aslr (options)));
}

static void
create_check_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = tether_create_options_get_argv (data->options)[0];
  const char *cwd = tether_create_options_get_cwd (data->options);

  bytes = tether_host_io_read_file_finish (TETHER_HOST_IO (object), result, &error);

  switch (data->stage)
    {
    case CREATE_CHECK_PROGRAM:
      if (g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND))
        {
          g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                                   _("The program %s does not exist on the server"), program);
          return;
        }
      data->stage = CREATE_CHECK_CWD;
      break;

    case CREATE_CHECK_CWD:
      if (g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND))
        {
          g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                                   _("The working directory %s does not exist on the server"),
                                   cwd);
          return;
        }
      data->stage = CREATE_READ_ENVIRON;
      break;

    case CREATE_READ_ENVIRON:
      if (bytes == NULL)
        {
          g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                   _("Cannot start with an empty environment: the server's own "
                                     "environment is unreadable (%s)"), error->message);
          return;
        }
      create_build_setup (self, data, bytes);
      data->stage = CREATE_SETUP;
      break;

    case CREATE_SETUP:
    case CREATE_RUN:
    case CREATE_RESUME:
    default:
      g_assert_not_reached ();
    }

  if (error != NULL && g_error_matches (error, TETHER_ERROR, TETHER_ERROR_CLOSED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  create_next (g_steal_pointer (&task));
}

static void
create_reply_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  const char *program = tether_create_options_get_argv (data->options)[0];

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  switch (data->stage)
    {
    case CREATE_SETUP:
      {
        const char *packet = g_ptr_array_index (data->packets, data->next);

        if (!reply_is (reply, "OK") &&
            !(g_bytes_get_size (reply) == 0 && g_str_has_prefix (packet, "QDisableRandomization")))
          {
            g_autofree char *text = reply_dup_text (reply);

            g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                     _("The server refused to prepare the process (“%s” → “%s”)"),
                                     packet, text);
            return;
          }
        data->next++;
      }
      break;

    case CREATE_RUN:
      {
        g_auto(TetherStopReply) stop = { 0 };

        if (reply_is_error (reply) || g_bytes_get_size (reply) == 0)
          {
            g_autofree char *reason = dup_server_reason (self);

            g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                                     _("The server could not start %s%s%s%s"), program,
                                     reason != NULL ? _(": “") : ".",
                                     reason != NULL ? reason : "",
                                     reason != NULL ? "”" : "");
            return;
          }

        if (!tether_stop_reply_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                      &stop, &error) || stop.pid <= 0)
          {
            g_clear_error (&error);
            g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                                     _("The server started %s but did not say its PID"),
                                     program);
            return;
          }

        if (stop.kind != TETHER_STOP_SIGNALLED)
          {
            g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                                     _("%s exited at once (%s %u)"), program,
                                     stop.kind == TETHER_STOP_EXITED ? _("status") : _("signal"),
                                     stop.kind == TETHER_STOP_EXITED ? stop.exit_code
                                                                     : stop.signal);
            return;
          }

        data->pid = stop.pid;
        {
          Held *held = g_new0 (Held, 1);

          held->created = TRUE;
          held->stopped = TRUE;
          g_hash_table_insert (self->held, pid_key (data->pid), held);
        }

        if (tether_create_options_get_stopped (data->options))
          {
            g_task_return_int (task, data->pid);
            return;
          }
        data->stage = CREATE_RESUME;
      }
      break;

    case CREATE_RESUME:
      {
        Held *held = g_hash_table_lookup (self->held, &data->pid);

        if (held != NULL && reply_is (reply, "OK"))
          held->stopped = FALSE;
        g_task_return_int (task, data->pid);
        return;
      }

    case CREATE_CHECK_PROGRAM:
    case CREATE_CHECK_CWD:
    case CREATE_READ_ENVIRON:
    default:
      g_assert_not_reached ();
    }

  create_next (g_steal_pointer (&task));
}

static void
create_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  const char * const *argv = tether_create_options_get_argv (data->options);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (data->stage)
    {
    case CREATE_CHECK_PROGRAM:
      if (argv[0][0] == '/')
        {
          tether_host_io_read_file_async (self->host_io, argv[0], 1, cancellable,
                                          create_check_cb, task);
          return;
        }
      data->stage = CREATE_CHECK_CWD;
      G_GNUC_FALLTHROUGH;

    case CREATE_CHECK_CWD:
      if (tether_create_options_get_cwd (data->options) != NULL)
        {
          tether_host_io_read_file_async (self->host_io,
                                          tether_create_options_get_cwd (data->options), 1,
                                          cancellable, create_check_cb, task);
          return;
        }
      data->stage = CREATE_READ_ENVIRON;
      G_GNUC_FALLTHROUGH;

    case CREATE_READ_ENVIRON:
      if (tether_create_options_get_environment_base (data->options) == TETHER_ENVIRONMENT_EMPTY)
        {
          /* Host I/O runs inside the server: /proc/self is the server, and its environment is
           * what a new process would inherit. */
          tether_host_io_read_file_async (self->host_io, "/proc/self/environ", 1024 * 1024,
                                          cancellable, create_check_cb, task);
          return;
        }
      create_build_setup (self, data, NULL);
      data->stage = CREATE_SETUP;
      G_GNUC_FALLTHROUGH;

    case CREATE_SETUP:
      if (data->next < data->packets->len)
        {
          request (self, task, g_ptr_array_index (data->packets, data->next),
                   TETHER_RSP_REQUEST_DEFAULT, create_reply_cb);
          return;
        }
      data->stage = CREATE_RUN;
      G_GNUC_FALLTHROUGH;

    case CREATE_RUN:
      {
        g_autoptr(GString) packet = g_string_new ("vRun");

        for (guint i = 0; argv[i] != NULL; i++)
          {
            g_autofree char *hex = tether_hex_encode_string (argv[i]);

            g_string_append_c (packet, ';');
            g_string_append (packet, hex);
          }
        mark_server_reason (self);
        /* Not cancellable once sent: the new process must be known, to be released. */
        tether_rsp_connection_request_async (self->connection, packet->str,
                                             TETHER_RSP_REQUEST_MAY_RESET, NULL,
                                             create_reply_cb, task);
        return;
      }

    case CREATE_RESUME:
      {
        g_autofree char *packet = g_strdup_printf ("vCont;c:p%" G_GINT64_MODIFIER "x.-1",
                                                   data->pid);

        tether_rsp_connection_request_async (self->connection, packet,
                                             TETHER_RSP_REQUEST_DEFAULT, NULL,
                                             create_reply_cb, task);
        return;
      }

    default:
      g_assert_not_reached ();
    }
}

static gboolean
has_whitespace (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        return TRUE;
    }

  return FALSE;
}

void
tether_server_create_process_async (TetherServer              *self,
                                    const TetherCreateOptions *options,
                                    GCancellable              *cancellable,
                                    GAsyncReadyCallback        callback,
                                    gpointer                   user_data)
{
  GTask *task;
  CreateData *data;
  const char * const *argv;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (options != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_create_process_async);
  if (!check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  data = g_new0 (CreateData, 1);
  data->options = tether_create_options_copy (options);
  data->packets = g_ptr_array_new_with_free_func (g_free);
  data->use_shell = tether_create_options_get_use_shell (options);
  g_task_set_task_data (task, data, (GDestroyNotify)create_data_free);

  argv = tether_create_options_get_argv (options);
  if (argv[0][0] == '\0')
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Give the program to start"));
      g_object_unref (task);
      return;
    }

  /* gdbserver 13 refuses arguments with white space unless it starts the program through a
   * shell, and its quoting for the shell turns ' into \' and drops empty arguments. Use the
   * shell only when needed, and refuse what it would pass wrongly rather than run it wrong. */
  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (i > 0 && has_whitespace (argv[i]))
        data->use_shell = TRUE;
    }
  if (data->use_shell)
    {
      for (guint i = 1; argv[i] != NULL; i++)
        {
          if (argv[i][0] == '\0' || strchr (argv[i], '\'') != NULL)
            {
              g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                       _("Argument %u (“%s”) cannot be passed exactly: "
                                         "gdbserver starts programs whose arguments contain "
                                         "spaces through a shell, and its quoting loses empty "
                                         "arguments and single quotes. Remove the spaces (and "
                                         "the shell option) or the quotes."), i, argv[i]);
              g_object_unref (task);
              return;
            }
        }
    }

  data->stage = CREATE_CHECK_PROGRAM;
  create_next (task);
}

gint64
tether_server_create_process_finish (TetherServer  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Continue, stop, detach, kill */

static gboolean
stop_wait_timeout_cb (gpointer user_data)
{
  StopWaiter *waiter = user_data;
  TetherServer *self = g_task_get_source_object (waiter->task);

  self->stop_waiters = g_list_remove (self->stop_waiters, waiter);
  g_task_return_new_error (waiter->task, TETHER_ERROR, TETHER_ERROR_TIMED_OUT,
                           _("Process %d did not stop within %.1f s"), (int)waiter->pid, STOP_WAIT_MS / 1000.0);
  g_object_unref (waiter->task);
  g_source_unref (waiter->timeout);
  g_free (waiter);
  return G_SOURCE_REMOVE;
}

static void
wait_for_stop (TetherServer *self,
               gint64        pid,
               GTask        *task)
{
  StopWaiter *waiter = g_new0 (StopWaiter, 1);

  waiter->pid = pid;
  waiter->task = task;
  waiter->timeout = g_timeout_source_new (STOP_WAIT_MS);
  g_source_set_callback (waiter->timeout, stop_wait_timeout_cb, waiter, NULL);
  g_source_set_name (waiter->timeout, "[tether] stop wait");
  g_source_attach (waiter->timeout, g_main_context_get_thread_default ());
  self->stop_waiters = g_list_append (self->stop_waiters, waiter);
}

typedef struct
{
  TetherServer *self;
  gint64        pid;
} StopRequest;

static void
stop_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  StopRequest *stop = user_data;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply != NULL && !reply_is (reply, "OK"))
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_SERVER,
                         _("The server could not stop process %d"), (int)stop->pid);
  if (error != NULL)
    wake_stop_waiters (stop->self, stop->pid, error);

  g_object_unref (stop->self);
  g_free (stop);
}

/* Stops every thread of @pid (vCont;t) and completes @task when the stop is reported. The waiter
 * goes first: in non-stop mode the %Stop notification may come before vCont's own "OK". */
static void
stop_process (TetherServer *self,
              gint64        pid,
              GTask        *task)
{
  g_autofree char *packet = g_strdup_printf ("vCont;t:p%" G_GINT64_MODIFIER "x.-1", pid);
  StopRequest *stop = g_new0 (StopRequest, 1);

  stop->self = g_object_ref (self);
  stop->pid = pid;
  wait_for_stop (self, pid, task);
  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                       NULL, stop_sent_cb, stop);
}

static void
control_explain_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AttachData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!tether_inspector_describe_finish (TETHER_INSPECTOR (object), result, &error) &&
      g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS))
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS,
                             _("Process %d has already exited"), (int)data->pid);
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("The server refused the request for process %d"
                               "; it may have exited or been released by another debugger"), (int)data->pid);
}

static void
control_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  AttachData *data = g_task_get_task_data (task);
  TetherControl control = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "control"));
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  Held *held;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!reply_is (reply, "OK"))
    {
      g_autoptr(TetherProcess) process = tether_process_new (data->pid);

      /* Most often the process has just exited: find out, to say so. */
      g_hash_table_remove (self->held, &data->pid);
      tether_inspector_describe_async (self->inspector, process, NULL, control_explain_cb,
                                       g_steal_pointer (&task));
      return;
    }

  held = g_hash_table_lookup (self->held, &data->pid);
  switch (control)
    {
    case TETHER_CONTROL_CONTINUE:
      if (held != NULL)
        held->stopped = FALSE;
      g_task_return_boolean (task, TRUE);
      break;

    case TETHER_CONTROL_DETACH:
    case TETHER_CONTROL_KILL:
    default:
      g_hash_table_remove (self->held, &data->pid);
      g_task_return_boolean (task, TRUE);
      break;
    }
}

void
tether_server_control_async (TetherServer        *self,
                             gint64               pid,
                             TetherControl        control,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  AttachData *data;
  Held *held;
  g_autofree char *packet = NULL;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_control_async);
  g_object_set_data (G_OBJECT (task), "control", GUINT_TO_POINTER (control));
  if (!check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  data = g_new0 (AttachData, 1);
  data->pid = pid;
  g_task_set_task_data (task, data, g_free);

  held = g_hash_table_lookup (self->held, &pid);
  if (held == NULL)
    {
      if (control == TETHER_CONTROL_KILL)
        {
          /* gdbserver kills only what it debugs: attach first. */
          data->then_kill = TRUE;
          start_attach (self, task);
          return;
        }

      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Tether is not debugging process %d; attach "
                                 "to it first"), (int)pid);
      g_object_unref (task);
      return;
    }

  switch (control)
    {
    case TETHER_CONTROL_CONTINUE:
      packet = g_strdup_printf ("vCont;c:p%" G_GINT64_MODIFIER "x.-1", pid);
      break;
    case TETHER_CONTROL_STOP:
      if (held->stopped)
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
        }
      else
        stop_process (self, pid, task);
      return;
    case TETHER_CONTROL_DETACH:
      packet = g_strdup_printf ("D;%" G_GINT64_MODIFIER "x", pid);
      break;
    case TETHER_CONTROL_KILL:
      packet = g_strdup_printf ("vKill;%" G_GINT64_MODIFIER "x", pid);
      break;
    default:
      g_assert_not_reached ();
    }

  /* Detach and kill must not be abandoned half-way: no cancellable once asked for. */
  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                       control == TETHER_CONTROL_DETACH ||
                                       control == TETHER_CONTROL_KILL ? NULL : cancellable,
                                       control_cb, task);
}

gboolean
tether_server_control_finish (TetherServer  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Threads: qXfer:threads:read */

static void threads_next (GTask *task);

static void
threads_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GByteArray *xml = g_task_get_task_data (task);
  gint64 pid = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "pid"));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GArray) threads = NULL;
  GError *error = NULL;
  const char *bytes;
  gsize len;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  bytes = g_bytes_get_data (reply, &len);
  if (len == 0 || (bytes[0] != 'm' && bytes[0] != 'l'))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("The server cannot list threads"));
      return;
    }
  g_byte_array_append (xml, (const guint8 *)bytes + 1, len - 1);
  if (bytes[0] == 'm' && len > 1)
    {
      threads_next (g_steal_pointer (&task));
      return;
    }

  threads = tether_threads_xml_parse ((const char *)xml->data, xml->len, &error);
  if (threads == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The server lists the threads of every process it debugs: keep this one's. */
  for (guint i = threads->len; i > 0; i--)
    {
      if (g_array_index (threads, TetherThreadInfo, i - 1).pid != pid)
        g_array_remove_index (threads, i - 1);
    }
  g_task_return_pointer (task, g_steal_pointer (&threads), (GDestroyNotify)g_array_unref);
}

static void
threads_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  GByteArray *xml = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  packet = g_strdup_printf ("qXfer:threads:read::%x,%" G_GSIZE_MODIFIER "x", xml->len,
                            tether_rsp_connection_get_packet_size (self->connection) - 32);
  request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, threads_cb);
}

void
tether_server_list_threads_async (TetherServer        *self,
                                  gint64               pid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_list_threads_async);
  if (!check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  g_object_set_data (G_OBJECT (task), "pid", GSIZE_TO_POINTER (pid));
  g_task_set_task_data (task, g_byte_array_new (), (GDestroyNotify)g_byte_array_unref);
  threads_next (task);
}

GArray *
tether_server_list_threads_finish (TetherServer  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Monitor commands: qRcmd, with "O" output packets until OK or Exx. */

static void
monitor_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, &output,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  text = output != NULL ? g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output))
                        : g_strdup ("");

  if (g_bytes_get_size (reply) == 0)
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                             _("The server does not support monitor commands"));
  else if (reply_is_error (reply))
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("The monitor command failed%s%s"),
                             *text != '\0' ? ": " : "", g_strstrip (text));
  else
    g_task_return_pointer (task, g_steal_pointer (&text), g_free);
}

void
tether_server_monitor_async (TetherServer        *self,
                             const char          *command,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  g_autofree char *hex = NULL;
  g_autofree char *packet = NULL;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (command != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_monitor_async);
  if (!check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  hex = tether_hex_encode_string (command);
  packet = g_strdup_printf ("qRcmd,%s", hex);
  request (self, task, packet, TETHER_RSP_REQUEST_OUTPUT, monitor_cb);
}

char *
tether_server_monitor_finish (TetherServer  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
