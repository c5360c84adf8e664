/* tether-transport-spawn.c: servers started over pipes (local:, ssh:), their standard error and
 * their end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "tether-transport-private.h"

#define STDERR_MAX_LINES 200
/* What gdbserver writes to its standard error once it is up and reads its standard input. */
#define GDBSERVER_READY_LINE "Remote debugging using stdio"

typedef void (*StderrWatch) (const char *line,
                             gpointer    user_data);

/* The child's standard error, collected by a reader that may outlive the transport by one callback:
 * so it is a reference-counted box of its own rather than a field of the transport. A watch, while
 * set, sees each line as it comes, and NULL at the end. */
struct _StderrLog
{
  GQueue         lines;
  guint          since_mark;
  GCancellable  *cancellable;
  StderrWatch    watch;
  gpointer       watch_data;
  GDestroyNotify watch_data_free;
};

static void
stderr_log_unwatch (StderrLog *log)
{
  gpointer data = g_steal_pointer (&log->watch_data);

  log->watch = NULL;
  if (data != NULL && log->watch_data_free != NULL)
    log->watch_data_free (data);
}

static void
stderr_log_clear (StderrLog *log)
{
  stderr_log_unwatch (log);
  g_queue_clear_full (&log->lines, g_free);
  g_clear_object (&log->cancellable);
}

StderrLog *
_tether_stderr_log_new (void)
{
  StderrLog *log = g_atomic_rc_box_new0 (StderrLog);

  g_queue_init (&log->lines);
  log->cancellable = g_cancellable_new ();
  return log;
}

void
_tether_stderr_log_unref (StderrLog *log)
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
      if (log->watch != NULL)
        log->watch (NULL, log->watch_data);
      _tether_stderr_log_unref (log);
      return;
    }

  g_debug ("server stderr: %s", line);
  g_queue_push_tail (&log->lines, g_strdup (line));
  log->since_mark++;
  while (log->lines.length > STDERR_MAX_LINES)
    g_free (g_queue_pop_head (&log->lines));
  log->since_mark = MIN (log->since_mark, log->lines.length);

  if (log->watch != NULL)
    log->watch (line, log->watch_data);

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
_tether_transport_end_child (TetherTransport *self,
                             guint            grace_ms)
{
  GInputStream *err;

  if (self->subprocess == NULL)
    return;

  err = g_subprocess_get_stderr_pipe (self->subprocess);
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

/* In the child: die with Tether. Closed pipes end a server only when it next writes, and
 * gdbserver 13.1 can spin forever in a process listing without writing anything. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts @argv with its standard input and output as the returned stream, and its standard error
 * collected in a new log. */
static GIOStream *
spawn_with_pipes (TetherTransport  *self,
                  const char      **argv,
                  GError          **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Keep the server out of the caller's working directory (an unmountable one, say). */
  g_subprocess_launcher_set_cwd (launcher, "/");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  subprocess = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (subprocess == NULL)
    return NULL;

  self->subprocess = g_object_ref (subprocess);
  /* A new log for each child: the last one's reader was cancelled when it closed. */
  g_clear_pointer (&self->stderr_log, _tether_stderr_log_unref);
  self->stderr_log = _tether_stderr_log_new ();
  stderr_log_start (self->stderr_log, g_subprocess_get_stderr_pipe (subprocess));

  return g_simple_io_stream_new (g_subprocess_get_stdout_pipe (subprocess),
                                 g_subprocess_get_stdin_pipe (subprocess));
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
      _tether_transport_return_error (task, error);
      return;
    }

  _tether_transport_set_nodelay (G_SOCKET_CONNECTION (stream));
  self->subprocess = g_steal_pointer (&subprocess);
  g_clear_pointer (&self->stderr_log, _tether_stderr_log_unref);
  self->stderr_log = _tether_stderr_log_new ();
  stderr_log_start (self->stderr_log, g_subprocess_get_stderr_pipe (self->subprocess));
  _tether_transport_return_stream (task, stream);
}

void
_tether_transport_open_local (TetherTransport *self,
                              GTask           *task)
{
  const char *configured = tether_options_get_gdbserver (self->options);
  g_autofree char *path = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

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
      if (configured != NULL)
        _tether_transport_fail (task, TETHER_ERROR_CONNECT,
                                _("“%s” is not an executable program. Check the gdbserver= "
                                  "path of the connection."), configured);
      else
        _tether_transport_fail (task, TETHER_ERROR_CONNECT,
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

    stream = spawn_with_pipes (self, argv, &error);
    if (stream == NULL)
      {
        _tether_transport_fail (task, TETHER_ERROR_CONNECT, _("Could not start %s: %s"), path,
                                error->message);
        return;
      }
  }
  _tether_transport_return_stream (task, stream);
}

/* ssh */

/* The first line of @text that contains @needle, or NULL. */
static char *
find_line (const char *text,
           const char *needle)
{
  const char *hit = strstr (text, needle);
  const char *start;
  const char *end;

  if (hit == NULL)
    return NULL;
  for (start = hit; start > text && start[-1] != '\n'; start--)
    ;
  end = strchr (hit, '\n');
  if (end == NULL)
    end = hit + strlen (hit);
  return g_strstrip (g_strndup (start, end - start));
}

/* "[user@]host" and, when set, " -p PORT": what to type to try the same login by hand. */
static char *
ssh_command_line (TetherOptions *options)
{
  GString *s = g_string_new ("ssh ");
  const char *user = tether_options_get_user (options);

  if (tether_options_get_ssh_config (options) != NULL)
    g_string_append_printf (s, "-F %s ", tether_options_get_ssh_config (options));
  if (tether_options_get_identity (options) != NULL)
    g_string_append_printf (s, "-i %s ", tether_options_get_identity (options));
  if (tether_options_get_port (options) != 0)
    g_string_append_printf (s, "-p %u ", tether_options_get_port (options));
  if (user != NULL)
    g_string_append_printf (s, "%s@", user);
  g_string_append (s, tether_options_get_host (options));
  return g_string_free (s, FALSE);
}

GError *
_tether_transport_explain_ssh (TetherOptions *options,
                               int            exit_status,
                               const char    *stderr_text)
{
  const char *host = tether_options_get_host (options);
  const char *gdbserver = tether_options_get_gdbserver (options);
  const char *text = stderr_text != NULL ? stderr_text : "";
  g_autofree char *by_hand = ssh_command_line (options);
  g_autofree char *line = NULL;

  /* ssh itself fails with 255; 127 and 126 come from the remote shell. */
  if (exit_status == 127 || exit_status == 126)
    {
      if (gdbserver != NULL)
        return g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                            exit_status == 127
                              ? _("“%s” was not found on %s: check the gdbserver= path, or "
                                  "install the gdbserver package there.")
                              : _("“%s” on %s is not an executable program: check the "
                                  "gdbserver= path."),
                            gdbserver, host);
      return g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                          _("gdbserver is not installed on %s: install the gdbserver package "
                            "there (on Debian: sudo apt install gdbserver), or give its path "
                            "with gdbserver=."),
                          host);
    }

  if (strstr (text, "REMOTE HOST IDENTIFICATION HAS CHANGED") != NULL)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("The host key of %s has changed: it is not the key your known_hosts "
                          "file holds for it, so ssh refused to connect. Someone may be "
                          "intercepting the connection, or the host was reinstalled. If you "
                          "know why the key changed, remove the old one with “ssh-keygen -R "
                          "%s” and connect once by hand (%s) to check and accept the new one."),
                        host, host, by_hand);

  if (strstr (text, "Host key verification failed") != NULL)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("The host key of %s could not be verified: it is not in your "
                          "known_hosts file, and Tether never accepts a key by itself. Connect "
                          "once by hand (%s) to check and accept the key, or add it to "
                          "known_hosts (or to the UserKnownHostsFile of the file given as "
                          "config=)."),
                        host, by_hand);

  if ((line = find_line (text, "Permission denied")) != NULL)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("%s refused the login (“%s”). Tether logs in with a key only, never "
                          "a password: give your private key with identity=FILE or load it into "
                          "ssh-agent, and check that its public key is in ~/.ssh/authorized_keys "
                          "of %s on %s."),
                        host, line,
                        tether_options_get_user (options) != NULL
                          ? tether_options_get_user (options) : _("your user"),
                        host);

  if ((line = find_line (text, "UNPROTECTED PRIVATE KEY FILE")) != NULL ||
      (line = find_line (text, "Load key")) != NULL)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("ssh could not use the private key (“%s”). Check identity=: it must "
                          "name a private key readable only by you (chmod 600 FILE)."),
                        line);

  if (strstr (text, "Connection refused") != NULL)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_CONNECT,
                        _("%s refused the SSH connection on port %u. Check that its SSH server "
                          "is running and listens on that port (port= sets another)."),
                        host, tether_options_get_port (options) != 0
                                ? tether_options_get_port (options) : 22);

  if ((line = find_line (text, "Could not resolve hostname")) != NULL)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_CONNECT,
                        _("Unknown host %s (“%s”). Check host=, or define the name in the file "
                          "given as config=."),
                        host, line);

  if ((line = find_line (text, "Bad configuration option")) != NULL ||
      (line = find_line (text, "bad configuration option")) != NULL ||
      (line = find_line (text, "Can't open user config file")) != NULL)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_CONNECT,
                        _("ssh refused its configuration (“%s”). Check the file given as "
                          "config=."),
                        line);

  line = g_strdup (text);
  g_strstrip (line);
  if (exit_status == 255)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_CONNECT,
                        _("ssh could not connect to %s: %s. Try the same by hand: %s"),
                        host, line[0] != '\0' ? line : _("no reason given"), by_hand);

  if (exit_status < 0)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_CONNECT,
                        _("ssh to %s was killed before gdbserver started: %s"),
                        host, line[0] != '\0' ? line : _("no reason given"));

  return g_error_new (TETHER_ERROR, TETHER_ERROR_CONNECT,
                      _("gdbserver on %s stopped at once (exit status %d): %s"),
                      host, exit_status, line[0] != '\0' ? line : _("no reason given"));
}

/* Hands out the pipes (@error NULL) or fails, once: whichever of gdbserver's first words, ssh's
 * end, the timeout and cancellation comes first. */
static void
ssh_finish (GTask  *task,
            GError *error)
{
  TetherTransport *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GIOStream) stream = g_steal_pointer (&data->pending_stream);

  g_assert (stream != NULL);
  stderr_log_unwatch (self->stderr_log);
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }

  if (error == NULL)
    {
      _tether_transport_return_stream (task, stream);
      return;
    }

  g_io_stream_close (stream, NULL, NULL);
  _tether_transport_end_child (self, 0);
  if (error->domain == TETHER_ERROR)
    {
      self->opening = FALSE;
      g_task_return_error (task, error);
    }
  else
    _tether_transport_return_error (task, error);
}

static void
ssh_wait_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  TetherTransport *self = g_task_get_source_object (task);
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autofree char *tail = NULL;
  int status = -1;

  if (data->pending_stream == NULL)
    return;  /* timed out or cancelled meanwhile */
  if (!g_subprocess_wait_finish (subprocess, result, NULL))
    return;  /* only the wait's own cancellation fails it, and it has none */

  if (g_subprocess_get_if_exited (subprocess))
    status = g_subprocess_get_exit_status (subprocess);
  tail = stderr_log_join (self->stderr_log, MIN (self->stderr_log->lines.length, 20));
  ssh_finish (task, _tether_transport_explain_ssh (self->options, status, tail));
}

static void
ssh_stderr_cb (const char *line,
               gpointer    user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  TetherTransport *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);

  if (data->pending_stream == NULL)
    return;

  if (line != NULL)
    {
      if (g_str_has_prefix (line, GDBSERVER_READY_LINE))
        ssh_finish (task, NULL);
      return;
    }

  /* Its standard error ended before gdbserver spoke: ssh (or the remote shell) is ending. Its
   * exit status and last words say why. */
  stderr_log_unwatch (self->stderr_log);
  if (self->subprocess != NULL)
    g_subprocess_wait_async (self->subprocess, NULL, ssh_wait_cb, g_object_ref (task));
  else
    /* The transport was closed while it opened. */
    ssh_finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           "Operation was cancelled"));
}

static gboolean
ssh_cancelled_cb (GCancellable *cancellable,
                  gpointer      user_data)
{
  GTask *task = user_data;
  OpenData *data = g_task_get_task_data (task);

  if (data->pending_stream != NULL)
    ssh_finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           "Operation was cancelled"));
  return G_SOURCE_REMOVE;
}

/* identity= and config= name files on this computer: say so before ssh says something vaguer. */
static gboolean
ssh_check_file (GTask      *task,
                const char *key,
                const char *path)
{
  g_autofree char *expanded = NULL;

  if (path == NULL)
    return TRUE;
  expanded = _tether_transport_expand_path (path);
  if (g_file_test (expanded, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  _tether_transport_fail (task, TETHER_ERROR_NOT_FOUND,
                          _("The file “%s” given as %s= does not exist or is not a regular file. "
                            "Give the path of a file on this computer."),
                          expanded, key);
  return FALSE;
}

void
_tether_transport_open_ssh (TetherTransport *self,
                            GTask           *task)
{
  OpenData *data = g_task_get_task_data (task);
  const char *gdbserver = tether_options_get_gdbserver (self->options);
  const char *identity = tether_options_get_identity (self->options);
  const char *config = tether_options_get_ssh_config (self->options);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *quoted = g_shell_quote (gdbserver != NULL ? gdbserver : "gdbserver");
  g_autofree char *ssh = g_find_program_in_path ("ssh");
  g_autoptr(GError) error = NULL;

  if (ssh == NULL)
    {
      _tether_transport_fail (task, TETHER_ERROR_CONNECT,
                              _("ssh is not installed on this computer. Install it (on Debian: "
                                "sudo apt install openssh-client)."));
      return;
    }
  if (!ssh_check_file (task, "identity", identity) || !ssh_check_file (task, "config", config))
    return;

  g_ptr_array_add (argv, g_steal_pointer (&ssh));
  g_ptr_array_add (argv, g_strdup ("-T"));
  /* Never a prompt (there may be no terminal, and CI has no input): an unknown host key, a
   * password or a passphrase is a failure that the error explains. */
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("BatchMode=yes"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup_printf ("ConnectTimeout=%u", MAX (1, data->timeout_ms / 1000)));
  if (config != NULL)
    {
      /* Instead of ~/.ssh/config and /etc/ssh/ssh_config, as ssh -F does. */
      g_ptr_array_add (argv, g_strdup ("-F"));
      g_ptr_array_add (argv, _tether_transport_expand_path (config));
    }
  if (identity != NULL)
    {
      /* That key only: an agent full of others would use up the server's MaxAuthTries. */
      g_ptr_array_add (argv, g_strdup ("-o"));
      g_ptr_array_add (argv, g_strdup ("IdentitiesOnly=yes"));
      g_ptr_array_add (argv, g_strdup ("-i"));
      g_ptr_array_add (argv, _tether_transport_expand_path (identity));
    }
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
  /* Not --once, as for local: (a failed vAttach would end the server). When the link goes, sshd
   * closes the pipes: gdbserver then writes to a closed standard error and dies of SIGPIPE. */
  g_ptr_array_add (argv, g_strdup_printf ("exec %s --multi -", quoted));
  g_ptr_array_add (argv, NULL);

  data->pending_stream = spawn_with_pipes (self, (const char **)argv->pdata, &error);
  if (data->pending_stream == NULL)
    {
      _tether_transport_fail (task, TETHER_ERROR_CONNECT, _("Could not start ssh: %s"),
                              error->message);
      return;
    }

  /* Hand the pipes out only once gdbserver is up on the far side: until then a failure is
   * ssh's (host key, login, network) or the remote shell's (no gdbserver), and its exit status
   * and standard error say which. */
  self->stderr_log->watch = ssh_stderr_cb;
  self->stderr_log->watch_data = g_object_ref (task);
  self->stderr_log->watch_data_free = g_object_unref;

  data->cancel_source = g_cancellable_source_new (data->op_cancellable);
  g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (ssh_cancelled_cb),
                         g_object_ref (task), g_object_unref);
  g_source_set_name (data->cancel_source, "[tether] ssh open cancelled");
  g_source_attach (data->cancel_source, g_main_context_get_thread_default ());
}
