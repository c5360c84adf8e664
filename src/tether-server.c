/* tether-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-rsp-codec.h"
#include "tether-server-private.h"

#define DEFAULT_TIMEOUT_MS 10000
/* How long a stopped process may take to report its stop. */
#define STOP_WAIT_MS 5000

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
  PROCESS_OUTPUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];


gint64 *
_tether_server_pid_key (gint64 pid)
{
  return g_memdup2 (&pid, sizeof pid);
}

static void
held_free (Held *held)
{
  if (held->data_free != NULL)
    held->data_free (held->data);
  g_free (held);
}

Held *
_tether_server_hold (TetherServer *self,
                     gint64        pid,
                     gboolean      created,
                     gboolean      stopped)
{
  Held *held = g_new0 (Held, 1);

  held->created = created;
  held->stopped = stopped;
  g_hash_table_insert (self->held, _tether_server_pid_key (pid), held);
  return held;
}

void
_tether_server_add_detail (TetherServer *self,
                           const char   *key,
                           const char   *value)
{
  if (value == NULL)
    return;
  g_ptr_array_add (self->details, g_strdup (key));
  g_ptr_array_add (self->details, g_strdup (value));
}

void
_tether_server_set_state (TetherServer      *self,
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

static GError *
explain_lost (TetherServer *self,
              const GError *error)
{
  g_autoptr(GString) message = g_string_new (error->message);
  g_autofree char *tail = NULL;
  GError *explained;

  /* More sentences follow: end this one. */
  if (message->len > 0 && strchr (".!?", message->str[message->len - 1]) == NULL)
    g_string_append_c (message, '.');

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

void
_tether_server_wake_stop_waiters (TetherServer *self,
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

void
_tether_server_emit_stopped (TetherServer *self,
                             gint64        pid,
                             guint         signal)
{
  Held *held = g_hash_table_lookup (self->held, &pid);

  /* Left over from another client, or a stray: not ours to report. */
  if (held == NULL)
    return;
  held->stopped = TRUE;
  held->signal = signal;
  g_signal_emit (self, signals[PROCESS_STOPPED], 0, pid, signal);
  _tether_server_wake_stop_waiters (self, pid, NULL);
}

void
_tether_server_emit_exited (TetherServer *self,
                            gint64        pid,
                            gint          exit_code,
                            guint         signal)
{
  g_autoptr(GError) error = NULL;

  if (!g_hash_table_contains (self->held, &pid))
    return;

  error = g_error_new (TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS, _("Process %d has exited"),
                       (int)pid);
  g_hash_table_remove (self->held, &pid);
  g_signal_emit (self, signals[PROCESS_EXITED], 0, pid, exit_code, signal);
  _tether_server_wake_stop_waiters (self, pid, error);
}

void
_tether_server_emit_output (TetherServer *self,
                            gint64        pid,
                            GBytes       *bytes)
{
  g_signal_emit (self, signals[PROCESS_OUTPUT], 0, pid, bytes);
}

static gboolean
stop_wait_timeout_cb (gpointer user_data)
{
  StopWaiter *waiter = user_data;
  TetherServer *self = g_task_get_source_object (waiter->task);

  self->stop_waiters = g_list_remove (self->stop_waiters, waiter);
  g_task_return_new_error (waiter->task, TETHER_ERROR, TETHER_ERROR_TIMED_OUT,
                           _("Process %d did not stop within %.1f s"), (int)waiter->pid,
                           STOP_WAIT_MS / 1000.0);
  g_object_unref (waiter->task);
  g_source_unref (waiter->timeout);
  g_free (waiter);
  return G_SOURCE_REMOVE;
}

void
_tether_server_wait_for_stop (TetherServer *self,
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

static void
connection_closed_cb (TetherServer        *self,
                      const GError        *error,
                      TetherRspConnection *connection)
{
  g_autoptr(GError) explained = NULL;

  if (self->state != TETHER_SERVER_CONNECTED)
    return;

  explained = explain_lost (self, error);
  _tether_server_wake_stop_waiters (self, -1, explained);
  _tether_server_set_state (self, TETHER_SERVER_FAILED, explained);
}

/* GObject */

void
_tether_server_drop_connection (TetherServer *self,
                                guint         grace_ms)
{
  if (self->backend != NULL)
    self->backend->teardown (self);
  self->backend = NULL;
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      tether_rsp_connection_close (self->connection, NULL);
    }
  g_ptr_array_set_size (self->details, 0);
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
  _tether_server_wake_stop_waiters (self, -1, error);
  _tether_server_drop_connection (self, 500);

  G_OBJECT_CLASS (tether_server_parent_class)->dispose (object);
}

static void
tether_server_finalize (GObject *object)
{
  TetherServer *self = (TetherServer *)object;

  g_clear_pointer (&self->options, tether_options_unref);
  g_clear_pointer (&self->held, g_hash_table_unref);
  g_clear_pointer (&self->details, g_ptr_array_unref);
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
  /* A held process wrote to its terminal (lldb-server forwards it): pid, the bytes. */
  signals[PROCESS_OUTPUT] =
    g_signal_new ("process-output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BYTES);
}

static void
tether_server_init (TetherServer *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->cancellable = g_cancellable_new ();
  self->held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                      (GDestroyNotify)held_free);
  self->details = g_ptr_array_new_with_free_func (g_free);
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

gboolean
_tether_server_check_connected (TetherServer *self,
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
void
_tether_server_request (TetherServer          *self,
         GTask                 *task,
         const char            *packet,
         TetherRspRequestFlags  flags,
         GAsyncReadyCallback    callback)
{
  tether_rsp_connection_request_async (self->connection, packet, flags,
                                       g_task_get_cancellable (task), callback, task);
}

/* Connect */

/* A reconnect that failed: what it was to look for may still be held by the server, as before
 * (and the next reconnect looks for it again). */
static void
restore_lost (TetherServer *self,
              GTask        *task)
{
  GHashTable *lost = g_task_get_task_data (task);
  GHashTableIter iter;
  gpointer key, value;

  if (lost == NULL)
    return;
  g_hash_table_iter_init (&iter, lost);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->held, key))
      {
        g_hash_table_iter_steal (&iter);
        g_hash_table_insert (self->held, key, value);
      }
}

static void
connect_failed (TetherServer *self,
                GTask        *task,
                GError       *error)
{
  g_autoptr(GError) explained = NULL;

  restore_lost (self, task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _tether_server_drop_connection (self, 0);
      _tether_server_set_state (self, TETHER_SERVER_DISCONNECTED, NULL);
      g_task_return_error (task, error);
      return;
    }

  explained = explain_lost (self, error);
  g_error_free (error);
  _tether_server_drop_connection (self, 0);
  _tether_server_set_state (self, TETHER_SERVER_FAILED, explained);
  g_task_return_error (task, g_steal_pointer (&explained));
}

static void
connect_ready (TetherServer *self,
               GTask        *task)
{
  g_signal_connect_object (self->connection, "closed", G_CALLBACK (connection_closed_cb), self,
                           G_CONNECT_SWAPPED);
  _tether_server_set_state (self, TETHER_SERVER_CONNECTED, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
connect_adopt_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = TETHER_SERVER (object);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error) &&
      !tether_rsp_connection_is_closed (self->connection))
    {
      connect_ready (self, task);
      return;
    }

  if (error == NULL)
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_CLOSED,
                         _("The connection closed while Tether was looking for the processes "
                           "it held; connect again"));
  connect_failed (self, task, error);
}

static void
connect_setup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = TETHER_SERVER (object);
  GHashTable *lost;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      connect_failed (self, task, error);
      return;
    }

  /* A reconnect: hold again what the server still debugs of what was held when the link went,
   * before saying it is connected (so that what is held is known by then). */
  lost = g_task_get_task_data (task);
  if (lost != NULL && self->backend->adopt != NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      GTask *adopt = g_task_new (self, cancellable, connect_adopt_cb, g_steal_pointer (&task));

      g_task_set_source_tag (adopt, connect_setup_cb);
      self->backend->adopt (self, g_hash_table_ref (lost), adopt);
      return;
    }
  connect_ready (self, task);
}

/* Which kind of server answered. gdbserver accepts extended mode ("!") and lists processes with
 * qXfer:osdata; lldb-server platform knows neither, and answers qHostInfo instead (its backend's
 * setup checks that). kind= in the connection string overrides the guess. */
static const TetherBackend *
detect_backend (TetherServer *self)
{
  switch (tether_options_get_server_kind (self->options))
    {
    case TETHER_SERVER_KIND_GDBSERVER:
      return &_tether_backend_gdbserver;
    case TETHER_SERVER_KIND_LLDB:
      return &_tether_backend_lldb;
    case TETHER_SERVER_KIND_AUTO:
    default:
      break;
    }

  if (tether_rsp_connection_get_extended (self->connection) ||
      tether_rsp_connection_has_feature (self->connection, "qXfer:osdata:read"))
    return &_tether_backend_gdbserver;
  return &_tether_backend_lldb;
}

static void
connect_handshake_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GTask *setup;
  GError *error = NULL;

  if (!tether_rsp_connection_handshake_finish (TETHER_RSP_CONNECTION (object), result, &error))
    {
      connect_failed (self, task, error);
      return;
    }

  self->host_io = tether_host_io_new (self->connection);
  self->inspector = tether_inspector_new (self->host_io);
  self->backend = detect_backend (self);

  cancellable = g_task_get_cancellable (task);
  setup = g_task_new (self, cancellable, connect_setup_cb, g_steal_pointer (&task));
  g_task_set_source_tag (setup, connect_handshake_cb);
  self->backend->setup (self, setup);
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
      restore_lost (self, task);
      _tether_server_drop_connection (self, 0);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _tether_server_set_state (self, TETHER_SERVER_DISCONNECTED, NULL);
      else
        _tether_server_set_state (self, TETHER_SERVER_FAILED, error);
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

  /* A reconnect after a lost link: what was held is looked for again before it is connected. */
  _tether_server_drop_connection (self, 500);
  if (g_hash_table_size (self->held) > 0)
    {
      g_task_set_task_data (task, g_steal_pointer (&self->held),
                            (GDestroyNotify)g_hash_table_unref);
      self->held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify)held_free);
    }
  _tether_server_set_state (self, TETHER_SERVER_CONNECTING, NULL);

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
