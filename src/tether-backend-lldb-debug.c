/* tether-backend-lldb-debug.c: the lldb-server platform backend: a debug server per process
 *
 * The platform debugs nothing itself. For each process Tether attaches to or creates, it asks the
 * platform for a debug server (qLaunchGDBServer → "pid:N;port:P;"), opens a second connection to
 * that port and attaches (vAttach) or starts the program (vRun) there. Debug servers are all-stop:
 * "c" is answered only when the process stops again, meanwhile its output arrives as "O" packets
 * (emitted as TetherServer::process-output), and 0x03 stops it. Linux signal numbers are used
 * (native-signals), not GDB's. A session's debug server is ended with qKillSpawnedProcess when
 * the session ends; closing its connection also makes it let go of the process and exit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "tether-error.h"
#include "tether-rsp-codec.h"
#include "tether-backend-lldb-private.h"
#include "tether-server-private.h"

/* Signals the debug server lets through without stopping: ALRM, CHLD, CONT, URG, VTALRM, PROF,
 * WINCH, IO (Linux numbers, hex). */
#define PASS_SIGNALS "QPassSignals:0e;11;12;17;1a;1b;1c;1d"


/* Linux signal numbers to GDB's (include/gdb/signals.def). */
static guint
gdb_signal_from_linux (guint sig)
{
  static const guint map[] = {
    [1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [6] = 6, [7] = 10, [8] = 8, [9] = 9, [10] = 30,
    [11] = 11, [12] = 31, [13] = 13, [14] = 14, [15] = 15, [17] = 20, [18] = 19, [19] = 17,
    [20] = 18, [21] = 21, [22] = 22, [23] = 16, [24] = 24, [25] = 25, [26] = 26, [27] = 27,
    [28] = 28, [29] = 23, [30] = 32, [31] = 12,
  };

  return sig < G_N_ELEMENTS (map) && map[sig] != 0 ? map[sig] : sig;
}

/* Ends a debug server through the platform, if the platform can still be told. */
void
_tether_lldb_kill_debug_server (TetherServer *self,
                               gint64        server_pid)
{
  g_autofree char *packet = NULL;

  if (server_pid <= 0 || self->connection == NULL ||
      tether_rsp_connection_is_closed (self->connection))
    return;
  packet = g_strdup_printf ("qKillSpawnedProcess:%" G_GINT64_FORMAT, server_pid);
  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT, NULL,
                                       _tether_backend_ignore_reply_cb, NULL);
}

static void
debug_session_free (DebugSession *session)
{
  if (session->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (session->connection, session);
      tether_rsp_connection_close (session->connection, NULL);
      g_clear_object (&session->connection);
    }
  _tether_lldb_kill_debug_server (session->server, session->server_pid);
  g_free (session);
}

DebugSession *
_tether_lldb_lookup_session (TetherServer *self,
                gint64        pid)
{
  Held *held = g_hash_table_lookup (self->held, &pid);

  return held != NULL ? held->data : NULL;
}

/* Running, stopping, ending */

/* Weak: a server dropped while its process runs must still be disposed (which ends the session,
 * and so this request). */
typedef struct
{
  GWeakRef             server;
  TetherRspConnection *connection;
  gint64               pid;
} ResumeRef;

static void
resume_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ResumeRef *ref = user_data;
  g_autoptr(TetherServer) self = g_weak_ref_get (&ref->server);
  DebugSession *session = self != NULL ? _tether_lldb_lookup_session (self, ref->pid) : NULL;
  g_autoptr(GBytes) reply = NULL;
  g_auto(TetherStopReply) stop = { 0 };
  g_autoptr(GError) error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  /* A session that has ended (or been replaced) meanwhile is not this reply's. */
  if (session == NULL || session->connection != ref->connection)
    goto out;
  session->running = FALSE;

  if (reply == NULL ||
      !tether_stop_reply_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &stop,
                                NULL))
    {
      /* The debug server is gone: so is the session, and the process is released. */
      g_hash_table_remove (self->held, &ref->pid);
      goto out;
    }

  switch (stop.kind)
    {
    case TETHER_STOP_SIGNALLED:
      /* The program ran another (exec, as a shell or a wrapper does): not a stop for the user,
       * as gdb goes on too. */
      if (g_strstr_len (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                        ";reason:exec;") != NULL)
        {
          _tether_lldb_session_resume (session);
          break;
        }
      _tether_server_emit_stopped (self, ref->pid, gdb_signal_from_linux (stop.signal));
      break;
    case TETHER_STOP_EXITED:
      _tether_server_emit_exited (self, ref->pid, (gint)stop.exit_code, 0);
      break;
    case TETHER_STOP_TERMINATED:
      _tether_server_emit_exited (self, ref->pid, -1, gdb_signal_from_linux (stop.signal));
      break;
    case TETHER_STOP_NO_RESUMED:
    default:
      break;
    }

out:
  g_weak_ref_clear (&ref->server);
  g_object_unref (ref->connection);
  g_free (ref);
}

void
_tether_lldb_session_resume (DebugSession *session)
{
  ResumeRef *ref = g_new0 (ResumeRef, 1);
  Held *held = g_hash_table_lookup (session->server->held, &session->pid);

  g_weak_ref_init (&ref->server, session->server);
  ref->connection = g_object_ref (session->connection);
  ref->pid = session->pid;
  session->running = TRUE;
  if (held != NULL)
    held->stopped = FALSE;
  tether_rsp_connection_request_async (session->connection, "c", TETHER_RSP_REQUEST_RESUME, NULL,
                                       resume_cb, ref);
}

static void
session_output_cb (DebugSession        *session,
                   GBytes              *bytes,
                   TetherRspConnection *connection)
{
  _tether_server_emit_output (session->server, session->pid, bytes);
}

/* The debug server went away by itself (killed, crashed): it let go of the process as it went,
 * so the session is over. */
static void
session_closed_cb (DebugSession        *session,
                   const GError        *error,
                   TetherRspConnection *connection)
{
  gint64 pid = session->pid;

  g_debug ("the debug server of process %d is gone: %s", (int)pid, error->message);
  g_hash_table_remove (session->server->held, &pid);
}

/* Starting a debug server and attaching or creating there */

typedef struct
{
  gint64               pid;          /* to attach to; 0 to create */
  gboolean             resume;
  gboolean             then_kill;
  TetherCreateOptions *options;
  char                *host;
  gint64               server_pid;
  guint16              port;
  TetherRspConnection *connection;
  GPtrArray           *packets;      /* set-up packets for the debug server, then the last one */
  guint                next;
  GError              *refusal;      /* a refused attach, while it is explained */
} LaunchData;

static void
launch_data_free (LaunchData *data)
{
  g_clear_pointer (&data->options, tether_create_options_free);
  g_free (data->host);
  if (data->connection != NULL)
    tether_rsp_connection_close (data->connection, NULL);
  g_clear_object (&data->connection);
  g_clear_pointer (&data->packets, g_ptr_array_unref);
  g_clear_error (&data->refusal);
  g_free (data);
}

/* Fails the launch, ending the debug server it started. */
static void
launch_fail (GTask  *task,
             GError *error)
{
  TetherServer *self = g_task_get_source_object (task);
  LaunchData *data = g_task_get_task_data (task);

  _tether_lldb_kill_debug_server (self, data->server_pid);
  data->server_pid = 0;
  g_task_return_error (task, error);
  g_object_unref (task);
}

GError *
_tether_lldb_refusal (GBytes     *reply,
                      const char *what)
{
  g_autofree char *text = _tether_lldb_dup_error_text (reply);
  g_autofree char *raw = reply_dup_text (reply);

  if (g_bytes_get_size (reply) == 0)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                        _("%s: the debug server does not support it"), what);
  if (text != NULL)
    return g_error_new (TETHER_ERROR,
                        strstr (text, "not permitted") != NULL ? TETHER_ERROR_PERMISSION
                                                               : TETHER_ERROR_SERVER,
                        _("%s: the server said “%s”"), what, text);
  return g_error_new (TETHER_ERROR, TETHER_ERROR_SERVER, _("%s: the server refused (%s)"), what,
                      raw);
}

static void
launch_done (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  LaunchData *data = g_task_get_task_data (task);
  DebugSession *session = g_new0 (DebugSession, 1);
  Held *held;

  session->server = self;
  session->pid = data->pid;
  session->server_pid = data->server_pid;
  session->connection = g_steal_pointer (&data->connection);
  data->server_pid = 0;
  g_signal_connect_swapped (session->connection, "output", G_CALLBACK (session_output_cb),
                            session);
  g_signal_connect_swapped (session->connection, "closed", G_CALLBACK (session_closed_cb),
                            session);

  held = _tether_server_hold (self, data->pid, data->options != NULL, TRUE);
  held->data = session;
  held->data_free = (GDestroyNotify)debug_session_free;

  /* Only once there is a process: before, the debug server refuses it. It goes out before any
   * "c" below. */
  tether_rsp_connection_request_async (session->connection, PASS_SIGNALS,
                                       TETHER_RSP_REQUEST_DEFAULT, NULL,
                                       _tether_backend_ignore_reply_cb, NULL);

  if (data->then_kill)
    {
      /* Held only to be killed (tether_server_control_async KILL of a process not held). */
      g_task_set_task_data (task, NULL, NULL);
      _tether_lldb_control (self, session->pid, TETHER_CONTROL_KILL, task);
      return;
    }

  if (data->resume)
    _tether_lldb_session_resume (session);

  if (data->options != NULL)
    g_task_return_int (task, data->pid);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void launch_next (GTask *task);

/* After a refused attach: the inspector's explanation (gone, a zombie or kernel thread, already
 * traced and by whom, another user's, ptrace_scope) with the server's own words. */
static void
attach_explain_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  LaunchData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!tether_inspector_check_attach_finish (TETHER_INSPECTOR (object), result, &error))
    {
      char *message = g_strdup_printf ("%s (%s)", error->message, data->refusal->message);

      g_free (error->message);
      error->message = message;
      launch_fail (task, error);
      return;
    }
  launch_fail (task, g_steal_pointer (&data->refusal));
}

static void
launch_pid_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  LaunchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GHashTable) pairs = NULL;
  const char *pid_hex;
  guint64 pid = 0;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      launch_fail (task, error);
      return;
    }

  pairs = _tether_lldb_parse_pairs (reply);
  pid_hex = g_hash_table_lookup (pairs, "pid");
  if (pid_hex == NULL || !tether_hex_parse_uint64 (pid_hex, -1, &pid) || pid == 0)
    {
      launch_fail (task, g_error_new (TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                                      _("The server started %s but did not say its PID"),
                                      tether_create_options_get_argv (data->options)[0]));
      return;
    }
  data->pid = pid;
  launch_done (task);
}

static void
launch_step_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  LaunchData *data = g_task_get_task_data (task);
  const char *packet = g_ptr_array_index (data->packets, data->next);
  g_autoptr(GBytes) reply = NULL;
  g_auto(TetherStopReply) stop = { 0 };
  gboolean last = data->next + 1 == data->packets->len;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      launch_fail (task, error);
      return;
    }

  if (!last)
    {
      /* Error strings are a nicety; the process's setup is not. */
      if (!reply_is (reply, "OK") && !g_str_has_prefix (packet, "QEnableErrorStrings"))
        {
          g_autoptr(GError) refused = _tether_lldb_refusal (reply, _("Could not prepare the process"));

          launch_fail (task, g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED, "%s (%s)",
                                          refused->message, packet));
          return;
        }
      data->next++;
      launch_next (task);
      return;
    }

  if (reply_is_error (reply) || g_bytes_get_size (reply) == 0)
    {
      g_autofree char *what = NULL;

      if (data->options != NULL)
        what = g_strdup_printf (_("The server could not start %s"),
                                tether_create_options_get_argv (data->options)[0]);
      else
        {
          /* The server's words say what failed; /proc, read through the platform, says why. */
          TetherServer *self = g_task_get_source_object (task);

          data->refusal = _tether_lldb_refusal (reply, _("The server could not attach"));
          tether_inspector_check_attach_async (self->inspector, data->pid, NULL,
                                               attach_explain_cb, task);
          return;
        }
      launch_fail (task, _tether_lldb_refusal (reply, what));
      return;
    }

  if (!tether_stop_reply_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &stop,
                                NULL) || stop.kind != TETHER_STOP_SIGNALLED)
    {
      launch_fail (task, g_error_new (TETHER_ERROR, TETHER_ERROR_SERVER,
                                      _("The process ended at once (%.*s)"),
                                      (int)MIN (g_bytes_get_size (reply), 8),
                                      (const char *)g_bytes_get_data (reply, NULL)));
      return;
    }

  if (data->options != NULL)
    {
      /* The PID of what vRun started. */
      tether_rsp_connection_request_async (data->connection, "qProcessInfo",
                                           TETHER_RSP_REQUEST_DEFAULT, NULL, launch_pid_cb, task);
      return;
    }
  launch_done (task);
}

static void
launch_next (GTask *task)
{
  LaunchData *data = g_task_get_task_data (task);
  gboolean last = data->next + 1 == data->packets->len;

  /* Not cancellable once the process may exist: it must be known, to be released. */
  tether_rsp_connection_request_async (data->connection,
                                       g_ptr_array_index (data->packets, data->next),
                                       TETHER_RSP_REQUEST_DEFAULT,
                                       last ? NULL : g_task_get_cancellable (task),
                                       launch_step_cb, task);
}

static gboolean
is_unset (TetherCreateOptions *options,
          const char          *assignment)
{
  GPtrArray *unsetenv = tether_create_options_get_unsetenv (options);
  const char *eq = strchr (assignment, '=');
  gsize len = eq != NULL ? (gsize)(eq - assignment) : strlen (assignment);

  for (guint i = 0; i < unsetenv->len; i++)
    {
      const char *name = g_ptr_array_index (unsetenv, i);

      if (strlen (name) == len && strncmp (name, assignment, len) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The debug server starts programs with only the variables it is given: to inherit, Tether gives
 * it the platform's own environment (read through host I/O) first. */
static void
build_create_packets (LaunchData *data,
                      GBytes     *server_environ)
{
  TetherCreateOptions *options = data->options;
  GPtrArray *setenv = tether_create_options_get_setenv (options);
  const char *cwd = tether_create_options_get_cwd (options);
  const char * const *argv = tether_create_options_get_argv (options);
  g_autoptr(GString) run = g_string_new ("vRun");

  g_ptr_array_add (data->packets,
                   g_strdup_printf ("QSetDisableASLR:%d",
                                    tether_create_options_get_disable_aslr (options)));
  if (server_environ != NULL)
    {
      gsize len;
      const char *p = g_bytes_get_data (server_environ, &len);
      const char *end = p + len;

      while (p < end)
        {
          const char *nul = memchr (p, '\0', end - p);
          g_autofree char *entry = g_strndup (p, (nul != NULL ? nul : end) - p);

          if (strchr (entry, '=') != NULL && !is_unset (options, entry))
            _tether_backend_add_hex_packet (data->packets, "QEnvironmentHexEncoded:", entry);
          p = (nul != NULL ? nul : end) + 1;
        }
    }
  for (guint i = 0; i < setenv->len; i++)
    _tether_backend_add_hex_packet (data->packets, "QEnvironmentHexEncoded:",
                                    g_ptr_array_index (setenv, i));
  if (cwd != NULL)
    _tether_backend_add_hex_packet (data->packets, "QSetWorkingDir:", cwd);

  /* Arguments reach the program exactly; the shell only when asked for, as gdbserver would. */
  if (tether_create_options_get_use_shell (options))
    {
      g_autoptr(GString) command = g_string_new ("exec");
      const char *shell_argv[] = { "/bin/sh", "-c", NULL, NULL };

      /* The shell expands variables and patterns; white space and quotes stay in their argument,
       * as gdbserver's own quoting keeps them. */
      for (guint i = 0; argv[i] != NULL; i++)
        {
          g_autofree char *quoted = strpbrk (argv[i], " \t\n'\"\\") != NULL || argv[i][0] == '\0'
                                      ? g_shell_quote (argv[i]) : g_strdup (argv[i]);

          g_string_append_printf (command, " %s", quoted);
        }
      shell_argv[2] = command->str;

      for (guint i = 0; shell_argv[i] != NULL; i++)
        {
          g_autofree char *hex = tether_hex_encode_string (shell_argv[i]);

          g_string_append_printf (run, ";%s", hex);
        }
    }
  else
    {
      for (guint i = 0; argv[i] != NULL; i++)
        {
          g_autofree char *hex = tether_hex_encode_string (argv[i]);

          g_string_append_printf (run, ";%s", hex);
        }
    }
  g_ptr_array_add (data->packets, g_string_free (g_steal_pointer (&run), FALSE));
}

static void
launch_environ_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  LaunchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = tether_host_io_read_file_finish (TETHER_HOST_IO (object), result, &error);
  if (bytes == NULL)
    {
      GError *explained = g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                       _("Cannot pass on the server's environment: it is "
                                         "unreadable (%s)"), error->message);

      g_error_free (error);
      launch_fail (task, explained);
      return;
    }
  build_create_packets (data, bytes);
  launch_next (task);
}

static void
launch_handshake_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  LaunchData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!tether_rsp_connection_handshake_finish (TETHER_RSP_CONNECTION (object), result, &error))
    {
      launch_fail (task, error);
      return;
    }

  g_ptr_array_add (data->packets, g_strdup ("QEnableErrorStrings"));

  if (data->options == NULL)
    {
      g_ptr_array_add (data->packets,
                       g_strdup_printf ("vAttach;%" G_GINT64_MODIFIER "x", data->pid));
      launch_next (task);
      return;
    }

  if (tether_create_options_get_environment_base (data->options) == TETHER_ENVIRONMENT_INHERIT)
    {
      /* Host I/O runs in the platform: /proc/self is the platform server. */
      tether_host_io_read_file_async (self->host_io, "/proc/self/environ", 1024 * 1024,
                                      g_task_get_cancellable (task), launch_environ_cb, task);
      return;
    }
  build_create_packets (data, NULL);
  launch_next (task);
}

static void
launch_dial_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  LaunchData *data = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) stream = NULL;
  GError *error = NULL;

  stream = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (stream == NULL)
    {
      GError *explained = g_error_new (TETHER_ERROR, TETHER_ERROR_CONNECT,
                                       _("The server started a debug server on %s port %u, but "
                                         "Tether cannot reach it (%s). lldb-server needs a second "
                                         "connection for each debugged process: allow that port "
                                         "(or start the platform with --min-gdbserver-port and "
                                         "--max-gdbserver-port and allow those)."),
                                       data->host, data->port, error->message);

      g_error_free (error);
      launch_fail (task, explained);
      return;
    }

  /* Small requests and replies, strictly alternating: Nagle would add 40 ms to each. */
  g_socket_set_option (g_socket_connection_get_socket (stream), IPPROTO_TCP, TCP_NODELAY, 1,
                       NULL);
  data->connection = tether_rsp_connection_new (G_IO_STREAM (stream));
  tether_rsp_connection_set_timeout (data->connection, tether_server_get_timeout (self));
  tether_rsp_connection_handshake_async (data->connection, g_task_get_cancellable (task),
                                         launch_handshake_cb, task);
}

static void
launch_server_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  LaunchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GHashTable) pairs = NULL;
  g_autoptr(GSocketClient) client = NULL;
  gint64 server_pid = 0;
  guint64 port = 0;
  const char *text;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      launch_fail (task, error);
      return;
    }
  if (reply_is_error (reply) || g_bytes_get_size (reply) == 0)
    {
      launch_fail (task, _tether_lldb_refusal (reply, _("The server could not start a debug server")));
      return;
    }

  pairs = _tether_lldb_parse_pairs (reply);
  text = g_hash_table_lookup (pairs, "pid");
  if (text != NULL)
    server_pid = g_ascii_strtoll (text, NULL, 10);
  text = g_hash_table_lookup (pairs, "port");
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
    {
      data->server_pid = server_pid;
      launch_fail (task, g_error_new (TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                                      _("The server started a debug server but did not say "
                                        "its port")));
      return;
    }
  data->server_pid = server_pid;
  data->port = port;

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, MAX (1, tether_server_get_timeout (self) / 1000));
  g_socket_client_connect_to_host_async (client, data->host, data->port,
                                         g_task_get_cancellable (task), launch_dial_cb, task);
}

static void
launch (TetherServer *self,
        LaunchData   *data,
        GTask        *task)
{
  g_autofree char *packet = NULL;
  GError *error = NULL;

  data->packets = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify)launch_data_free);

  data->host = _tether_lldb_dup_debug_host (self, &error);
  if (data->host == NULL)
    {
      launch_fail (task, error);
      return;
    }

  packet = g_strdup_printf ("qLaunchGDBServer;host:%s;", data->host);
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, launch_server_cb);
}

void
_tether_lldb_attach (TetherServer *self,
                     gint64        pid,
                     gboolean      resume,
                     GTask        *task)
{
  LaunchData *data = g_new0 (LaunchData, 1);

  data->pid = pid;
  data->resume = resume;
  launch (self, data, task);
}

void
_tether_lldb_create_process (TetherServer              *self,
                             const TetherCreateOptions *options,
                             GTask                     *task)
{
  LaunchData *data = g_new0 (LaunchData, 1);

  data->options = tether_create_options_copy (options);
  data->resume = !tether_create_options_get_stopped (options);
  launch (self, data, task);
}

void
_tether_lldb_attach_to_kill (TetherServer *self,
                             gint64        pid,
                             GTask        *task)
{
  LaunchData *data = g_new0 (LaunchData, 1);

  data->pid = pid;
  data->then_kill = TRUE;
  launch (self, data, task);
}
