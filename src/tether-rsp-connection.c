/* tether-rsp-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-rsp-connection-private.h"

G_DEFINE_FINAL_TYPE (TetherRspConnection, tether_rsp_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLOSED,
  PROP_NON_STOP,
  PROP_SESSION_RESETS,
  PROP_TIMEOUT,
  N_PROPS
};

enum {
  STOP,
  NOTIFICATION,
  PACKET_LOGGED,
  CLOSED,
  SESSION_RESET,
  OUTPUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
request_free (Request *request)
{
  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_source_unref (request->cancel_source);
    }
  g_clear_object (&request->task);
  g_clear_pointer (&request->output, g_byte_array_unref);
  g_free (request->packet);
  g_free (request);
}

void
_tether_rsp_connection_log_packet (TetherRspConnection   *self,
            TetherRspLogDirection  direction,
            const guint8          *data,
            gsize                  len,
            gint64                 elapsed_us)
{
  g_autoptr(GBytes) bytes = NULL;

  if (!g_signal_has_handler_pending (self, signals[PACKET_LOGGED], 0, FALSE))
    return;

  bytes = g_bytes_new (data, len);
  g_signal_emit (self, signals[PACKET_LOGGED], 0, direction, bytes, elapsed_us);
}

/* Answers a request: its task (unless the caller gave up on it) or its internal callback. */
static void
request_complete (TetherRspConnection *self,
                  Request             *request,
                  GBytes              *reply,
                  const GError        *error)
{
  if (request->reply_func != NULL)
    request->reply_func (self, request, reply, error);
  else if (request->task != NULL && !request->abandoned)
    {
      if (error != NULL)
        g_task_return_error (request->task, g_error_copy (error));
      else
        {
          GBytes *output = request->output != NULL
            ? g_byte_array_free_to_bytes (g_steal_pointer (&request->output))
            : NULL;

          g_object_set_data_full (G_OBJECT (request->task), "tether-output", output,
                                  (GDestroyNotify)g_bytes_unref);
          g_task_return_pointer (request->task, g_bytes_ref (reply),
                                 (GDestroyNotify)g_bytes_unref);
        }
    }

  request_free (request);
}

static void
fail_queue (TetherRspConnection *self,
            GQueue              *queue,
            const GError        *error)
{
  Request *request;

  while ((request = g_queue_pop_head (queue)) != NULL)
    request_complete (self, request, NULL, error);
}

void
tether_rsp_connection_close (TetherRspConnection *self,
                             const GError        *reason)
{
  g_autoptr(GError) closed_error = NULL;
  g_autoptr(GObject) hold = NULL;

  g_return_if_fail (TETHER_IS_RSP_CONNECTION (self));

  if (self->closed)
    return;

  hold = g_object_ref (G_OBJECT (self));
  self->closed = TRUE;

  if (reason != NULL)
    closed_error = g_error_copy (reason);
  else
    closed_error = g_error_new_literal (TETHER_ERROR, TETHER_ERROR_CLOSED,
                                        _("The connection to the server was closed"));

  g_debug ("connection closed: %s", closed_error->message);

  g_clear_pointer (&self->timeout_source, g_source_destroy);
  g_cancellable_cancel (self->io->cancellable);
  g_io_stream_close_async (self->io->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  if (self->in_flight != NULL)
    request_complete (self, g_steal_pointer (&self->in_flight), NULL, closed_error);
  fail_queue (self, &self->ahead, closed_error);
  fail_queue (self, &self->internal, closed_error);
  fail_queue (self, &self->pending, closed_error);

  if (self->handshake_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->handshake_task);

      g_task_return_error (task, g_error_copy (closed_error));
    }
  if (self->handshake_cancel != NULL)
    {
      g_source_destroy (self->handshake_cancel);
      g_clear_pointer (&self->handshake_cancel, g_source_unref);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED]);
  g_signal_emit (self, signals[CLOSED], 0, closed_error);
}

void
_tether_rsp_connection_close_with (TetherRspConnection *self,
            TetherError          code,
            const char          *format,
            ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (TETHER_ERROR, code, format, args);
  va_end (args);

  tether_rsp_connection_close (self, error);
}

/* Requests */

Request *
_tether_rsp_request_new (const char            *packet,
             TetherRspRequestFlags  flags)
{
  Request *request = g_new0 (Request, 1);

  request->packet = g_strdup (packet);
  request->flags = flags;
  return request;
}

static void
enqueue_internal (TetherRspConnection *self,
                  const char          *packet,
                  ReplyFunc            reply_func)
{
  Request *request = _tether_rsp_request_new (packet, TETHER_RSP_REQUEST_DEFAULT);

  request->reply_func = reply_func;
  g_queue_push_tail (&self->internal, request);
  _tether_rsp_connection_send_next (self);
}

static gboolean
request_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  Request *request = user_data;
  TetherRspConnection *self = g_task_get_source_object (request->task);

  g_clear_pointer (&request->cancel_source, g_source_unref);

  if (request == self->in_flight || g_queue_find (&self->ahead, request) != NULL)
    {
      /* Already sent: its reply will still come and must be swallowed, not given to the next. */
      request->abandoned = TRUE;
      g_task_return_error_if_cancelled (request->task);
    }
  else
    {
      g_queue_remove (&self->pending, request);
      g_task_return_error_if_cancelled (request->task);
      request_free (request);
    }

  return G_SOURCE_REMOVE;
}

/* Stop notifications (non-stop mode) */

static void
emit_stop (TetherRspConnection *self,
           GBytes              *reply)
{
  g_signal_emit (self, signals[STOP], 0, reply);
}

static void
vstopped_reply (TetherRspConnection *self,
                Request             *request,
                GBytes              *reply,
                const GError        *error)
{
  gsize len;
  const char *data;

  if (error != NULL)
    {
      self->draining = FALSE;
      return;
    }

  data = g_bytes_get_data (reply, &len);
  if (len == 0 || (len == 2 && memcmp (data, "OK", 2) == 0) || data[0] == 'E')
    {
      self->draining = FALSE;
      return;
    }

  emit_stop (self, reply);
  enqueue_internal (self, "vStopped", vstopped_reply);
}

static void
handle_notification (TetherRspConnection *self,
                     GBytes              *payload)
{
  gsize len;
  const char *data = g_bytes_get_data (payload, &len);
  /* An empty notification's data is NULL, which memchr() may not be given. */
  const char *colon = len > 0 ? memchr (data, ':', len) : NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) body = NULL;

  _tether_rsp_connection_log_packet (self, TETHER_RSP_LOG_NOTIFICATION, (const guint8 *)data, len, 0);

  if (colon == NULL)
    return;

  name = g_strndup (data, colon - data);
  body = g_bytes_new_from_bytes (payload, colon - data + 1, len - (colon - data + 1));

  if (g_str_equal (name, "Stop"))
    {
      emit_stop (self, body);
      if (!self->draining)
        {
          self->draining = TRUE;
          enqueue_internal (self, "vStopped", vstopped_reply);
        }
    }
  else
    g_signal_emit (self, signals[NOTIFICATION], 0, name, body);
}

/* Replies */

gboolean
_tether_rsp_is_error_reply (GBytes *reply)
{
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);

  return len == 3 && data[0] == 'E' && g_ascii_isxdigit (data[1]) && g_ascii_isxdigit (data[2]);
}

static void
handle_reply (TetherRspConnection *self,
              GBytes              *payload)
{
  Request *request = self->in_flight;
  gsize len;
  const char *data = g_bytes_get_data (payload, &len);

  _tether_rsp_connection_log_packet (self, TETHER_RSP_LOG_RECEIVED, (const guint8 *)data, len,
              request != NULL ? g_get_monotonic_time () - request->sent_at : 0);

  if (request == NULL)
    {
      g_debug ("ignoring a reply nobody asked for (%" G_GSIZE_FORMAT " bytes)", len);
      return;
    }

  if ((request->flags & TETHER_RSP_REQUEST_OUTPUT) != 0 &&
      len >= 1 && data[0] == 'O' && !(len == 2 && data[1] == 'K'))
    {
      g_autoptr(GBytes) text = tether_hex_decode (data + 1, len - 1);

      if (request->output == NULL)
        request->output = g_byte_array_new ();
      if (text != NULL)
        g_byte_array_append (request->output, g_bytes_get_data (text, NULL),
                             g_bytes_get_size (text));
      _tether_rsp_connection_arm_timeout (self);
      return;
    }

  if ((request->flags & TETHER_RSP_REQUEST_RESUME) != 0 &&
      len >= 1 && data[0] == 'O' && !(len == 2 && data[1] == 'K'))
    {
      g_autoptr(GBytes) text = tether_hex_decode (data + 1, len - 1);

      if (text != NULL)
        g_signal_emit (self, signals[OUTPUT], 0, text);
      return;
    }

  self->in_flight = NULL;
  g_clear_pointer (&self->timeout_source, g_source_destroy);

  if ((request->flags & TETHER_RSP_REQUEST_MAY_RESET) != 0 && _tether_rsp_is_error_reply (payload))
    {
      /* gdbserver answers a failed vAttach or vRun and then forgets the session's modes. Check
       * with a new handshake before anything else is sent. */
      self->rehandshake_needed = TRUE;
    }

  request_complete (self, request, payload, NULL);
  _tether_rsp_connection_send_next (self);
}

static void
fail_in_flight (TetherRspConnection *self,
                TetherError          code,
                const char          *message)
{
  Request *request = self->in_flight;
  g_autoptr(GError) error = g_error_new_literal (TETHER_ERROR, code, message);

  if (request == NULL)
    return;

  self->in_flight = NULL;
  g_clear_pointer (&self->timeout_source, g_source_destroy);
  request_complete (self, request, NULL, error);
  _tether_rsp_connection_send_next (self);
}

/* A notification that could not be read. Only Stop notifications exist in practice, and the
 * server sends no other until vStopped drains its queue: drain it, or stops would go unheard. */
static void
lost_notification (TetherRspConnection *self)
{
  g_debug ("a notification was corrupted on the way; draining stop events");
  if (!self->draining)
    {
      self->draining = TRUE;
      enqueue_internal (self, "vStopped", vstopped_reply);
    }
}

void
_tether_rsp_connection_handle_event (TetherRspConnection *self,
              TetherRspEvent      *event)
{
  switch (event->kind)
    {
    case TETHER_RSP_EVENT_ACK:
      if (self->no_ack)
        {
          /* A '+' in no-ack mode: the server has reset its session (ack mode on, multiprocess and
           * non-stop off). Ack its replies from now on and handshake again after this request. */
          g_debug ("the server reset its session state; handshaking again");
          self->no_ack = FALSE;
          self->non_stop = FALSE;
          /* Unless this '+' answers the new handshake's own first packet. */
          if (!self->handshaking)
            self->rehandshake_needed = TRUE;
          self->session_resets++;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_RESETS]);
          g_signal_emit (self, signals[SESSION_RESET], 0);
        }
      break;

    case TETHER_RSP_EVENT_NAK:
      if (!self->no_ack && self->last_sent != NULL && self->retransmits++ < MAX_RETRANSMITS)
        {
          g_byte_array_append (self->outgoing, g_bytes_get_data (self->last_sent, NULL),
                               g_bytes_get_size (self->last_sent));
          _tether_rsp_connection_flush (self);
        }
      else if (!self->no_ack)
        _tether_rsp_connection_close_with (self, TETHER_ERROR_PROTOCOL,
                    _("The server kept rejecting our packets as corrupted"));
      break;

    case TETHER_RSP_EVENT_PACKET:
      if (!self->no_ack)
        _tether_rsp_connection_send_ack (self, '+');
      handle_reply (self, event->payload);
      break;

    case TETHER_RSP_EVENT_NOTIFICATION:
      handle_notification (self, event->payload);
      break;

    case TETHER_RSP_EVENT_BAD_CHECKSUM:
      if (!self->no_ack)
        _tether_rsp_connection_send_ack (self, '-');
      else if (event->notification)
        lost_notification (self);
      else
        fail_in_flight (self, TETHER_ERROR_PROTOCOL,
                        _("The server's reply was corrupted on the way (bad checksum)"));
      break;

    case TETHER_RSP_EVENT_TOO_LARGE:
      if (event->notification)
        lost_notification (self);
      else
        _tether_rsp_connection_close_with (self, TETHER_ERROR_TOO_LARGE,
                    _("The server sent a reply larger than %zu bytes; a server "
                      "that does that cannot be trusted to stay in step, so the connection was "
                      "closed"), self->max_packet);
      break;

    case TETHER_RSP_EVENT_GARBAGE:
      g_debug ("skipped bytes outside any packet");
      break;

    case TETHER_RSP_EVENT_INTERRUPT:
    case TETHER_RSP_EVENT_NONE:
    default:
      break;
    }
}

void
_tether_rsp_connection_set_non_stop (TetherRspConnection *self,
                                     gboolean             non_stop)
{
  if (self->non_stop == non_stop)
    return;

  self->non_stop = non_stop;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NON_STOP]);
}

/* GObject */

static void
tether_rsp_connection_dispose (GObject *object)
{
  TetherRspConnection *self = (TetherRspConnection *)object;

  if (!self->closed)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Connection disposed");

      tether_rsp_connection_close (self, error);
    }

  G_OBJECT_CLASS (tether_rsp_connection_parent_class)->dispose (object);
}

static void
tether_rsp_connection_finalize (GObject *object)
{
  TetherRspConnection *self = (TetherRspConnection *)object;

  g_clear_pointer (&self->io, _tether_rsp_io_unref);
  g_clear_pointer (&self->decoder, tether_rsp_decoder_free);
  g_clear_pointer (&self->outgoing, g_byte_array_unref);
  g_clear_pointer (&self->last_sent, g_bytes_unref);
  g_clear_pointer (&self->features, g_hash_table_unref);

  G_OBJECT_CLASS (tether_rsp_connection_parent_class)->finalize (object);
}

static void
tether_rsp_connection_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TetherRspConnection *self = TETHER_RSP_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CLOSED: g_value_set_boolean (value, self->closed); break;
    case PROP_NON_STOP: g_value_set_boolean (value, self->non_stop); break;
    case PROP_SESSION_RESETS: g_value_set_uint (value, self->session_resets); break;
    case PROP_TIMEOUT: g_value_set_uint (value, self->timeout_ms); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_rsp_connection_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TetherRspConnection *self = TETHER_RSP_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT: tether_rsp_connection_set_timeout (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_rsp_connection_class_init (TetherRspConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_rsp_connection_dispose;
  object_class->finalize = tether_rsp_connection_finalize;
  object_class->get_property = tether_rsp_connection_get_property;
  object_class->set_property = tether_rsp_connection_set_property;

  properties[PROP_CLOSED] =
    g_param_spec_boolean ("closed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NON_STOP] =
    g_param_spec_boolean ("non-stop", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION_RESETS] =
    g_param_spec_uint ("session-resets", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A stop reply, from a %Stop notification or the vStopped drain that follows it. */
  signals[STOP] =
    g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);
  /* Any other %Name:payload notification. */
  signals[NOTIFICATION] =
    g_signal_new ("notification", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BYTES);
  /* For the packet log: direction, payload, and for replies the round-trip time in µs. */
  signals[PACKET_LOGGED] =
    g_signal_new ("packet-logged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_BYTES, G_TYPE_INT64);
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SESSION_RESET] =
    g_signal_new ("session-reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /* The target's output ("O" packets) while a TETHER_RSP_REQUEST_RESUME request runs. */
  signals[OUTPUT] =
    g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
tether_rsp_connection_init (TetherRspConnection *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->max_packet = TETHER_RSP_DEFAULT_MAX_PACKET;
  self->decoder = tether_rsp_decoder_new (self->max_packet);
  self->outgoing = g_byte_array_new ();
  self->features = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->internal);
  g_queue_init (&self->pending);
  g_queue_init (&self->ahead);
}

TetherRspConnection *
tether_rsp_connection_new (GIOStream *stream)
{
  TetherRspConnection *self;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);

  self = g_object_new (TETHER_TYPE_RSP_CONNECTION, NULL);
  self->io = _tether_rsp_io_new (self, stream);
  _tether_rsp_connection_start_read (self);
  return self;
}

void
tether_rsp_connection_request_async (TetherRspConnection   *self,
                                     const char            *packet,
                                     TetherRspRequestFlags  flags,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (TETHER_IS_RSP_CONNECTION (self));
  g_return_if_fail (packet != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_rsp_connection_request_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->closed)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CLOSED,
                               _("The connection to the server is closed"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  request = _tether_rsp_request_new (packet, flags);
  request->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source, G_SOURCE_FUNC (request_cancelled_cb),
                             request, NULL);
      g_source_attach (request->cancel_source, g_main_context_get_thread_default ());
    }

  g_queue_push_tail (&self->pending, request);
  _tether_rsp_connection_send_next (self);
}

GBytes *
tether_rsp_connection_request_finish (TetherRspConnection  *self,
                                      GAsyncResult         *result,
                                      GBytes              **output,
                                      GError              **error)
{
  GBytes *reply;

  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  if (output != NULL)
    {
      GBytes *collected = g_object_get_data (G_OBJECT (result), "tether-output");

      *output = reply != NULL && collected != NULL ? g_bytes_ref (collected) : NULL;
    }

  return reply;
}

gboolean
tether_rsp_connection_is_closed (TetherRspConnection *self)
{
  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), TRUE);

  return self->closed;
}

gboolean
tether_rsp_connection_get_non_stop (TetherRspConnection *self)
{
  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), FALSE);

  return self->non_stop;
}

guint
tether_rsp_connection_get_timeout (TetherRspConnection *self)
{
  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), 0);

  return self->timeout_ms;
}

void
tether_rsp_connection_set_timeout (TetherRspConnection *self,
                                   guint                timeout_ms)
{
  g_return_if_fail (TETHER_IS_RSP_CONNECTION (self));

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
tether_rsp_connection_get_session_resets (TetherRspConnection *self)
{
  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), 0);

  return self->session_resets;
}

gsize
tether_rsp_connection_get_max_packet (TetherRspConnection *self)
{
  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), 0);

  return self->max_packet;
}

void
tether_rsp_connection_set_max_packet (TetherRspConnection *self,
                                      gsize                max_packet)
{
  g_return_if_fail (TETHER_IS_RSP_CONNECTION (self));
  g_return_if_fail (max_packet >= 64);

  self->max_packet = max_packet;
  tether_rsp_decoder_free (self->decoder);
  self->decoder = tether_rsp_decoder_new (max_packet);
}

gboolean
tether_rsp_connection_get_extended (TetherRspConnection *self)
{
  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), FALSE);

  return self->extended;
}
