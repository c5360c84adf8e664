/* tether-transport.c
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
#include <signal.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-transport-private.h"

#define STDERR_MAX_LINES 200

/* The child's standard error, collected by a reader that may outlive the transport by one callback:
 * so it is a reference-counted box of its own rather than a field of the transport. */
typedef struct
{
  GQueue        lines;
  guint         since_mark;
  GCancellable *cancellable;
} StderrLog;

struct _TetherTransport
{
  GObject        parent_instance;

  TetherOptions *options;
  GIOStream     *stream;
  GSubprocess   *subprocess;
  StderrLog     *stderr_log;
  gboolean       opening;
};

G_DEFINE_FINAL_TYPE (TetherTransport, tether_transport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
stderr_log_clear (StderrLog *log)
{
  g_queue_clear_full (&log->lines, g_free);
  g_clear_object (&log->cancellable);
}

static StderrLog *
stderr_log_new (void)
{
  StderrLog *log = g_atomic_rc_box_new0 (StderrLog);

  g_queue_init (&log->lines);
  log->cancellable = g_cancellable_new ();
  return log;
}

static void
stderr_log_unref (StderrLog *log)
{
  g_atomic_rc_box_release_full (log, (GDestroyNotify)stderr_log_clear);
}

static void
stderr_read_line_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GDataInputStream *data_stream = G_DATA_INPUT_STREAM (object);
  StderrLog *log = user_data;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish_utf8 (data_stream, result, &length, NULL);
  if (line == NULL)
    {
      /* End of file, cancellation, or a line that is not UTF-8: stop reading either way. */
      stderr_log_unref (log);
      return;
    }

  g_debug ("server stderr: %s", line);
  g_queue_push_tail (&log->lines, g_steal_pointer (&line));
  log->since_mark++;
  while (log->lines.length > STDERR_MAX_LINES)
    g_free (g_queue_pop_head (&log->lines));
  log->since_mark = MIN (log->since_mark, log->lines.length);

  g_data_input_stream_read_line_async (data_stream, G_PRIORITY_DEFAULT, log->cancellable,
                                       stderr_read_line_cb, log);
}

static void
stderr_log_start (StderrLog    *log,
                  GInputStream *stream)
{
  g_autoptr(GDataInputStream) data_stream = g_data_input_stream_new (stream);

  g_data_input_stream_set_newline_type (data_stream, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_data_input_stream_read_line_async (data_stream, G_PRIORITY_DEFAULT, log->cancellable,
                                       stderr_read_line_cb, g_atomic_rc_box_acquire (log));
}

static char *
stderr_log_join (StderrLog *log,
                 guint      last_n)
{
  g_autoptr(GString) text = NULL;
  guint skip;
  guint i = 0;

  if (last_n == 0)
    return NULL;

  text = g_string_new (NULL);
  skip = log->lines.length - last_n;
  for (GList *l = log->lines.head; l != NULL; l = l->next, i++)
    {
      if (i < skip)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, l->data);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
kill_child_cb (gpointer user_data)
{
  GSubprocess *subprocess = user_data;

  if (g_subprocess_get_identifier (subprocess) != NULL)
    {
      g_debug ("server process %s did not exit; killing it",
               g_subprocess_get_identifier (subprocess));
      g_subprocess_force_exit (subprocess);
    }

  return G_SOURCE_REMOVE;
}

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

  if (self->subprocess != NULL)
    {
      GInputStream *err = g_subprocess_get_stderr_pipe (self->subprocess);

      g_cancellable_cancel (self->stderr_log->cancellable);
      if (err != NULL)
        g_input_stream_close (err, NULL, NULL);

      if (g_subprocess_get_identifier (self->subprocess) != NULL)
        {
          if (grace_ms == 0)
            g_subprocess_force_exit (self->subprocess);
          else
            g_timeout_add_full (G_PRIORITY_DEFAULT, grace_ms, kill_child_cb,
                                g_object_ref (self->subprocess), g_object_unref);
        }
      g_clear_object (&self->subprocess);
    }
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
  g_clear_pointer (&self->stderr_log, stderr_log_unref);

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
  self->stderr_log = stderr_log_new ();
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

GPid
tether_transport_get_child_pid (TetherTransport *self)
{
  const char *id;

  g_return_val_if_fail (TETHER_IS_TRANSPORT (self), 0);

  if (self->subprocess == NULL || (id = g_subprocess_get_identifier (self->subprocess)) == NULL)
    return 0;

  return (GPid)g_ascii_strtoll (id, NULL, 10);
}

char *
tether_transport_dup_stderr_tail (TetherTransport *self)
{
  g_return_val_if_fail (TETHER_IS_TRANSPORT (self), NULL);

  return stderr_log_join (self->stderr_log, MIN (self->stderr_log->lines.length, 20));
}

void
tether_transport_mark_stderr (TetherTransport *self)
{
  g_return_if_fail (TETHER_IS_TRANSPORT (self));

  self->stderr_log->since_mark = 0;
}

char *
tether_transport_dup_stderr_since_mark (TetherTransport *self)
{
  g_return_val_if_fail (TETHER_IS_TRANSPORT (self), NULL);

  return stderr_log_join (self->stderr_log, self->stderr_log->since_mark);
}

/* Opening */

typedef struct
{
  GCancellable    *op_cancellable;   /* cancelled by the timeout or by the caller's cancellable */
  GCancellable    *caller_cancellable;
  gulong           caller_handler;
  GSource         *timeout_source;
  gboolean         timed_out;
  guint            timeout_ms;
  GSocketListener *listener;
  GList           *allowed_peers;    /* clicon: GInetAddress list the server may dial from */
} OpenData;

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

static void
open_return_stream (GTask     *task,
                    GIOStream *stream)
{
  TetherTransport *self = g_task_get_source_object (task);

  self->opening = FALSE;
  g_set_object (&self->stream, stream);
  g_task_return_pointer (task, g_object_ref (stream), g_object_unref);
}

/* Turns a failed connect or accept into the error the user sees. */
static void
open_return_error (GTask  *task,
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
  else if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                             _("Connection refused (%s). Is “gdbserver --multi :%u” running "
                               "there?"),
                             where, tether_options_get_port (self->options));
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                             _("Could not connect (%s): %s"), where, owned->message);
}

static void
set_tcp_nodelay (GSocketConnection *connection)
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
      open_return_error (task, error);
      return;
    }

  set_tcp_nodelay (connection);
  open_return_stream (task, G_IO_STREAM (connection));
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
      open_return_error (task, error);
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

  set_tcp_nodelay (connection);
  open_return_stream (task, G_IO_STREAM (connection));
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
      open_return_error (task, error);
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

/* In the child: die with Tether. Closed pipes end a server only when it next writes, and
 * gdbserver 13.1 can spin forever in a process listing without writing anything. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
open_pipes (TetherTransport  *self,
            GTask            *task,
            const char      **argv,
            GError          **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GIOStream) stream = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Keep the server out of the caller's working directory (an unmountable one, say). */
  g_subprocess_launcher_set_cwd (launcher, "/");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  subprocess = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (subprocess == NULL)
    return FALSE;

  self->subprocess = g_object_ref (subprocess);
  /* A new log for each child: the last one's reader was cancelled when it closed. */
  g_clear_pointer (&self->stderr_log, stderr_log_unref);
  self->stderr_log = stderr_log_new ();
  stderr_log_start (self->stderr_log, g_subprocess_get_stderr_pipe (subprocess));

  stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (subprocess),
                                   g_subprocess_get_stdin_pipe (subprocess));
  open_return_stream (task, stream);
  return TRUE;
}

/* local:kind=lldb: lldb-server platform on loopback TCP (tether-transport-lldb.c). */
static void
local_lldb_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherTransport *self = g_task_get_source_object (task);
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GIOStream) stream = NULL;
  GError *error = NULL;

  stream = _tether_transport_start_lldb_platform_finish (result, &subprocess, &error);
  if (stream == NULL)
    {
      open_return_error (task, error);
      return;
    }

  set_tcp_nodelay (G_SOCKET_CONNECTION (stream));
  self->subprocess = g_steal_pointer (&subprocess);
  g_clear_pointer (&self->stderr_log, stderr_log_unref);
  self->stderr_log = stderr_log_new ();
  stderr_log_start (self->stderr_log, g_subprocess_get_stderr_pipe (self->subprocess));
  open_return_stream (task, stream);
}

static void
open_local (TetherTransport *self,
            GTask           *task)
{
  const char *configured = tether_options_get_gdbserver (self->options);
  g_autofree char *path = NULL;
  GError *error = NULL;

  if (tether_options_get_server_kind (self->options) == TETHER_SERVER_KIND_LLDB)
    {
      OpenData *data = g_task_get_task_data (task);

      _tether_transport_start_lldb_platform_async (self->options, data->timeout_ms,
                                                   data->op_cancellable, local_lldb_cb,
                                                   g_object_ref (task));
      return;
    }

  if (configured != NULL && strchr (configured, '/') != NULL)
    path = g_strdup (configured);
  else
    path = g_find_program_in_path (configured != NULL ? configured : "gdbserver");

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      self->opening = FALSE;
      if (configured != NULL)
        g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                                 _("“%s” is not an executable program. Check the gdbserver= "
                                   "path of the connection."), configured);
      else
        g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                                 _("gdbserver is not installed on this computer. Install it "
                                   "(on Debian: sudo apt install gdbserver), or give its path "
                                   "as local:gdbserver=PATH."));
      return;
    }

  /* Not --once: with --once gdbserver quits on the first failed vAttach or vRun, taking every
   * other process of the session with it. Without it, the server outlives such errors; it ends
   * when we send "monitor exit", or of SIGPIPE when our ends of its pipes close. */
  {
    const char *argv[] = { path, "--multi", "-", NULL };

    if (!open_pipes (self, task, argv, &error))
      {
        self->opening = FALSE;
        g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                                 _("Could not start %s: %s"), path, error->message);
        g_clear_error (&error);
      }
  }
}

static void
open_ssh (TetherTransport *self,
          GTask           *task)
{
  OpenData *data = g_task_get_task_data (task);
  const char *gdbserver = tether_options_get_gdbserver (self->options);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *quoted = g_shell_quote (gdbserver != NULL ? gdbserver : "gdbserver");
  g_autofree char *remote = NULL;
  g_autofree char *ssh = g_find_program_in_path ("ssh");
  GError *error = NULL;

  if (ssh == NULL)
    {
      self->opening = FALSE;
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                               _("ssh is not installed on this computer. Install it (on Debian: "
                                 "sudo apt install openssh-client)."));
      return;
    }

  g_ptr_array_add (argv, g_steal_pointer (&ssh));
  g_ptr_array_add (argv, g_strdup ("-T"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("BatchMode=yes"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup_printf ("ConnectTimeout=%u", MAX (1, data->timeout_ms / 1000)));
  if (tether_options_get_port (self->options) != 0)
    {
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", tether_options_get_port (self->options)));
    }
  if (tether_options_get_user (self->options) != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-l"));
      g_ptr_array_add (argv, g_strdup (tether_options_get_user (self->options)));
    }
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (tether_options_get_host (self->options)));
  remote = g_strdup_printf ("exec %s --multi -", quoted);
  g_ptr_array_add (argv, g_steal_pointer (&remote));
  g_ptr_array_add (argv, NULL);

  if (!open_pipes (self, task, (const char **)argv->pdata, &error))
    {
      self->opening = FALSE;
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                               _("Could not start ssh: %s"), error->message);
      g_clear_error (&error);
    }
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
  open_return_stream (task, stream);
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
    case TETHER_TRANSPORT_LOCAL: open_local (self, task); break;
    case TETHER_TRANSPORT_SSH: open_ssh (self, task); break;
    case TETHER_TRANSPORT_COM: open_com (self, task); break;
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
