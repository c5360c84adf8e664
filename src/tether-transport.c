/* tether-transport.c: the transport object, opening with a timeout, TCP, clicon and serial lines
 *
 * Servers started over pipes (local:, ssh:) are in tether-transport-spawn.c, TLS (ssl:) in
 * tether-transport-tls.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <termios.h>
#include <unistd.h>

#include "tether-transport-private.h"

G_DEFINE_FINAL_TYPE (TetherTransport, tether_transport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
tether_transport_close (TetherTransport *self,
                        guint            grace_ms)
{
  g_return_if_fail (TETHER_IS_TRANSPORT (self));

  if (self->stream != NULL)
    {
      /* Closing our ends of the pipes is what makes a pipe server exit by itself (it dies of
       * SIGPIPE when it next writes); sockets and ttys just close. */
      g_io_stream_close (self->stream, NULL, NULL);
      g_clear_object (&self->stream);
    }

  _tether_transport_end_child (self, grace_ms);
}

static void
tether_transport_dispose (GObject *object)
{
  TetherTransport *self = (TetherTransport *)object;

  tether_transport_close (self, 500);

  G_OBJECT_CLASS (tether_transport_parent_class)->dispose (object);
}

static void
tether_transport_finalize (GObject *object)
{
  TetherTransport *self = (TetherTransport *)object;

  g_clear_pointer (&self->options, tether_options_unref);
  g_clear_pointer (&self->stderr_log, _tether_stderr_log_unref);

  G_OBJECT_CLASS (tether_transport_parent_class)->finalize (object);
}

static void
tether_transport_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TetherTransport *self = TETHER_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_OPTIONS:
      g_value_set_boxed (value, self->options);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_transport_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TetherTransport *self = TETHER_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_OPTIONS:
      self->options = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_transport_class_init (TetherTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_transport_dispose;
  object_class->finalize = tether_transport_finalize;
  object_class->get_property = tether_transport_get_property;
  object_class->set_property = tether_transport_set_property;

  properties[PROP_OPTIONS] =
    g_param_spec_boxed ("options", NULL, NULL, TETHER_TYPE_OPTIONS,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_transport_init (TetherTransport *self)
{
  self->stderr_log = _tether_stderr_log_new ();
}

TetherTransport *
tether_transport_new (TetherOptions *options)
{
  g_return_val_if_fail (options != NULL, NULL);

  return g_object_new (TETHER_TYPE_TRANSPORT, "options", options, NULL);
}

TetherOptions *
tether_transport_get_options (TetherTransport *self)
{
  g_return_val_if_fail (TETHER_IS_TRANSPORT (self), NULL);

  return self->options;
}

/* Opening */

static void
open_data_free (OpenData *data)
{
  if (data->caller_handler != 0)
    g_cancellable_disconnect (data->caller_cancellable, data->caller_handler);
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_source_unref (data->timeout_source);
    }
  if (data->listener != NULL)
    g_socket_listener_close (data->listener);
  g_clear_object (&data->listener);
  g_list_free_full (data->allowed_peers, g_object_unref);
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_source_unref (data->cancel_source);
    }
  g_clear_object (&data->pending_stream);
  g_clear_object (&data->tls_database);
  g_free (data->peer_sha256);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->op_cancellable);
  g_free (data);
}

static gboolean
open_timeout_cb (gpointer user_data)
{
  OpenData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->op_cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *op_cancellable)
{
  g_cancellable_cancel (op_cancellable);
}

char *
_tether_transport_expand_path (const char *path)
{
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);
  return g_strdup (path);
}

void
_tether_transport_fail (GTask       *task,
                        TetherError  code,
                        const char  *format,
                        ...)
{
  TetherTransport *self = g_task_get_source_object (task);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  self->opening = FALSE;
  g_task_return_new_error (task, TETHER_ERROR, code, "%s", message);
}

void
_tether_transport_return_stream (GTask     *task,
                                 GIOStream *stream)
{
  TetherTransport *self = g_task_get_source_object (task);

  self->opening = FALSE;
  g_set_object (&self->stream, stream);
  g_task_return_pointer (task, g_object_ref (stream), g_object_unref);
}

void
_tether_transport_return_error (GTask  *task,
                                GError *error)
{
  TetherTransport *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;
  g_autofree char *where = tether_options_describe (self->options);

  self->opening = FALSE;

  if (data->timed_out)
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_TIMED_OUT,
                             _("No answer within %.1f s (%s). Check that the server is running "
                               "and reachable, or raise the timeout."),
                             data->timeout_ms / 1000.0, where);
  else if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&owned));
  else if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) &&
           tether_options_get_transport (self->options) == TETHER_TRANSPORT_SSL)
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                             _("Connection refused (%s). Is the TLS server in front of gdbserver "
                               "(socat OPENSSL-LISTEN or stunnel) listening on port %u?"),
                             where, tether_options_get_port (self->options));
  else if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                             _("Connection refused (%s). Is “gdbserver --multi :%u” running "
                               "there?"),
                             where, tether_options_get_port (self->options));
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                             _("Could not connect (%s): %s"), where, owned->message);
}

void
_tether_transport_set_nodelay (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);

  /* Requests and replies are small and strictly alternating: Nagle would add 40 ms to each. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static void
tcp_connect_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      _tether_transport_return_error (task, error);
      return;
    }

  _tether_transport_set_nodelay (connection);
  _tether_transport_return_stream (task, G_IO_STREAM (connection));
}

static void
open_tcp (TetherTransport *self,
          GTask           *task)
{
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  switch (tether_options_get_ip_version (self->options))
    {
    case 4: g_socket_client_set_family (client, G_SOCKET_FAMILY_IPV4); break;
    case 6: g_socket_client_set_family (client, G_SOCKET_FAMILY_IPV6); break;
    default: break;
    }

  g_socket_client_connect_to_host_async (client,
                                         tether_options_get_host (self->options),
                                         tether_options_get_port (self->options),
                                         data->op_cancellable,
                                         tcp_connect_cb,
                                         g_object_ref (task));
}

static gboolean
peer_is_allowed (OpenData          *data,
                 GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  GInetAddress *address;

  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    return FALSE;
  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));

  for (GList *l = data->allowed_peers; l != NULL; l = l->next)
    {
      if (g_inet_address_equal (l->data, address))
        return TRUE;
    }

  return FALSE;
}

static void
clicon_accept_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, &error);
  if (connection == NULL)
    {
      _tether_transport_return_error (task, error);
      return;
    }

  if (!peer_is_allowed (data, connection))
    {
      /* Someone else dialled in: not the server we wait for. Hang up and keep waiting. */
      g_debug ("clicon: refusing a connection from an unexpected peer");
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_socket_listener_accept_async (data->listener, data->op_cancellable, clicon_accept_cb,
                                      g_object_ref (task));
      return;
    }

  _tether_transport_set_nodelay (connection);
  _tether_transport_return_stream (task, G_IO_STREAM (connection));
}

static void
clicon_listen (TetherTransport *self,
               GTask           *task)
{
  OpenData *data = g_task_get_task_data (task);
  gboolean loopback = tether_options_is_loopback (self->options);
  guint16 port = tether_options_get_port (self->options);
  GError *error = NULL;

  data->listener = g_socket_listener_new ();

  if (loopback)
    {
      /* The server runs on this machine: listen on loopback only, never on the network. */
      for (GList *l = data->allowed_peers; l != NULL; l = l->next)
        {
          g_autoptr(GSocketAddress) address = g_inet_socket_address_new (l->data, port);

          if (!g_socket_listener_add_address (data->listener, address, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error))
            break;
        }
    }
  else
    g_socket_listener_add_inet_port (data->listener, port, NULL, &error);

  if (error != NULL)
    {
      g_autofree char *where = tether_options_describe (self->options);

      self->opening = FALSE;
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                               _("Cannot listen on port %u (%s): %s. Pick another port."),
                               port, where, error->message);
      g_clear_error (&error);
      return;
    }

  g_socket_listener_accept_async (data->listener, data->op_cancellable, clicon_accept_cb,
                                  g_object_ref (task));
}

static void
clicon_resolve_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherTransport *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->allowed_peers = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  if (data->allowed_peers == NULL)
    {
      _tether_transport_return_error (task, error);
      return;
    }

  clicon_listen (self, task);
}

static void
open_clicon (TetherTransport *self,
             GTask           *task)
{
  OpenData *data = g_task_get_task_data (task);
  const char *host = tether_options_get_host (self->options);
  g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (host);
  g_autoptr(GResolver) resolver = NULL;

  if (literal != NULL)
    {
      data->allowed_peers = g_list_prepend (NULL, g_steal_pointer (&literal));
      clicon_listen (self, task);
      return;
    }

  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, host, data->op_cancellable, clicon_resolve_cb,
                                   g_object_ref (task));
}


static speed_t
baud_to_speed (guint baud)
{
  static const struct { guint baud; speed_t speed; } rates[] = {
    { 50, B50 }, { 75, B75 }, { 110, B110 }, { 134, B134 }, { 150, B150 }, { 200, B200 },
    { 300, B300 }, { 600, B600 }, { 1200, B1200 }, { 1800, B1800 }, { 2400, B2400 },
    { 4800, B4800 }, { 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
    { 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 }, { 460800, B460800 },
    { 500000, B500000 }, { 576000, B576000 }, { 921600, B921600 }, { 1000000, B1000000 },
    { 1152000, B1152000 }, { 1500000, B1500000 }, { 2000000, B2000000 },
    { 2500000, B2500000 }, { 3000000, B3000000 }, { 3500000, B3500000 },
    { 4000000, B4000000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      if (rates[i].baud == baud)
        return rates[i].speed;
    }

  return B0;
}

static void
open_com (TetherTransport *self,
          GTask           *task)
{
  const char *device = tether_options_get_device (self->options);
  speed_t speed = baud_to_speed (tether_options_get_baud (self->options));
  struct termios tio;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GIOStream) stream = NULL;
  int fd;
  int out_fd;
  int saved_errno;

  fd = open (device, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      saved_errno = errno;
      self->opening = FALSE;
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                               _("Cannot open the serial line %s: %s.%s"),
                               device, g_strerror (saved_errno),
                               saved_errno == EACCES
                                 ? _(" Add yourself to the “dialout” group, then log in again.")
                                 : "");
      return;
    }

  if (tcgetattr (fd, &tio) != 0 || speed == B0)
    {
      saved_errno = speed == B0 ? EINVAL : errno;
      close (fd);
      self->opening = FALSE;
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                               _("%s is not a usable serial line: %s"),
                               device, g_strerror (saved_errno));
      return;
    }

  cfmakeraw (&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  cfsetispeed (&tio, speed);
  cfsetospeed (&tio, speed);
  if (tcsetattr (fd, TCSANOW, &tio) != 0 || (out_fd = dup (fd)) < 0)
    {
      saved_errno = errno;
      close (fd);
      self->opening = FALSE;
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                               _("Cannot configure the serial line %s: %s"),
                               device, g_strerror (saved_errno));
      return;
    }
  tcflush (fd, TCIOFLUSH);

  in = g_unix_input_stream_new (fd, TRUE);
  out = g_unix_output_stream_new (out_fd, TRUE);
  stream = g_simple_io_stream_new (in, out);
  _tether_transport_return_stream (task, stream);
}

void
tether_transport_open_async (TetherTransport     *self,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (TETHER_IS_TRANSPORT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_transport_open_async);

  if (self->opening || self->stream != NULL)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_BUSY,
                               _("This transport is already open"));
      return;
    }
  self->opening = TRUE;

  data = g_new0 (OpenData, 1);
  data->op_cancellable = g_cancellable_new ();
  data->timeout_ms = timeout_ms;
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                    data->op_cancellable, NULL);
    }
  if (timeout_ms > 0)
    {
      data->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_callback (data->timeout_source, open_timeout_cb, data, NULL);
      g_source_set_name (data->timeout_source, "[tether] transport open timeout");
      g_source_attach (data->timeout_source, g_main_context_get_thread_default ());
    }
  g_task_set_task_data (task, data, (GDestroyNotify)open_data_free);

  switch (tether_options_get_transport (self->options))
    {
    case TETHER_TRANSPORT_TCP: open_tcp (self, task); break;
    case TETHER_TRANSPORT_TCP_CLICON: open_clicon (self, task); break;
    case TETHER_TRANSPORT_LOCAL: _tether_transport_open_local (self, task); break;
    case TETHER_TRANSPORT_SSH: _tether_transport_open_ssh (self, task); break;
    case TETHER_TRANSPORT_COM: open_com (self, task); break;
    case TETHER_TRANSPORT_SSL: _tether_transport_open_ssl (self, task); break;
    default: g_assert_not_reached ();
    }
}

GIOStream *
tether_transport_open_finish (TetherTransport  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (TETHER_IS_TRANSPORT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
