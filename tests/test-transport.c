/* test-transport.c: TetherTransport against real peers
 *
 * Every transport kind that can run on one machine is opened against a real gdbserver: tcp to a
 * loopback port, local pipes, clicon (the test plays the server that dials out and splices the link
 * to a real gdbserver) and com (a real "gdbserver --multi -" on the master side of a
 * pseudo-terminal). Each successful open is proved by a real handshake and request over the stream.
 * Timing assertions are upper bounds with a generous margin for loaded CI machines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-rsp-connection.h"
#include "tether-test-util.h"
#include "tether-transport.h"

/* Added to every timeout: the suites run in parallel on two cores, and under valgrind. */
#define MARGIN_MS 3000
/* For what must simply not hang. */
#define WAIT_MS   20000

/* Helpers */

static TetherTransport *
new_transport (const char *string)
{
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  options = tether_options_parse (string, &error);
  g_assert_no_error (error);
  return tether_transport_new (options);
}

/* Opens; returns the stream (NULL on failure, with @error set) and how long it took. The GTask is
 * released before returning, so whatever the open held (a listener) is gone too. */
static GIOStream *
try_open (TetherTransport  *transport,
          guint             timeout_ms,
          GCancellable     *cancellable,
          gint64           *took_ms,
          GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  GIOStream *stream;

  tether_transport_open_async (transport, timeout_ms, cancellable, tether_test_store_result,
                               &result);
  stream = tether_transport_open_finish (transport, tether_test_wait (&result, WAIT_MS), error);
  if (took_ms != NULL)
    *took_ms = tether_test_elapsed_ms (start);
  return stream;
}

static GIOStream *
open_ok (TetherTransport *transport)
{
  g_autoptr(GError) error = NULL;
  GIOStream *stream = try_open (transport, 10000, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (G_IS_IO_STREAM (stream));
  return stream;
}

/* Opening @options fails to connect, with @fragment in the message, and leaves nothing running. */
static void
open_fails (const char *options,
            const char *fragment)
{
  g_autoptr(TetherTransport) transport = new_transport (options);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = try_open (transport, 5000, NULL, NULL, &error);
  g_assert_null (stream);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CONNECT);
  g_test_message ("%s: %s", options, error->message);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_cmpint (tether_transport_get_child_pid (transport), ==, 0);
}

static TetherRspConnection *
handshake (GIOStream  *stream,
           GError    **error)
{
  TetherRspConnection *connection = tether_rsp_connection_new (stream);

  tether_rsp_connection_set_timeout (connection, 10000);
  tether_test_handshake (connection, error);
  return connection;
}

static void
assert_osdata_reply (GBytes *reply)
{
  gsize len = 0;
  const char *data;

  g_assert_nonnull (reply);
  data = g_bytes_get_data (reply, &len);
  g_assert_cmpuint (len, >, 1);
  g_assert_true (data[0] == 'm' || data[0] == 'l');
}

/* Closes a connection, checks it is finalized and waits for its stream to be closed. */
static void
close_connection (TetherRspConnection *connection,
                  GIOStream           *stream)
{
  tether_rsp_connection_close (connection, NULL);
  g_assert_finalize_object (connection);
  g_assert_true (tether_test_poll_until (tether_test_stream_is_closed, stream, WAIT_MS));
}

/* Proves that bytes flow both ways over @stream: a real handshake, then a real request. */
static void
prove_bytes_flow (GIOStream *stream)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  TetherRspConnection *connection = handshake (stream, &error);

  g_assert_no_error (error);
  g_assert_true (tether_rsp_connection_get_non_stop (connection));
  g_assert_true (tether_rsp_connection_has_feature (connection, "qXfer:osdata:read"));

  reply = tether_test_request (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpuint (g_bytes_get_size (reply), ==, 0);

  close_connection (connection, stream);
}

/* A loopback port that nobody listens on (it was free a moment ago). */
static guint16
free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  g_assert_cmpuint (port, >, 0);
  return port;
}

/* Whether a listening socket can be bound to 127.0.0.1:@port (nobody holds it). */
static gboolean
port_is_free (guint16 port)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  gboolean bound;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_nonnull (socket);
  bound = g_socket_bind (socket, address, TRUE, NULL) && g_socket_listen (socket, NULL);
  g_socket_close (socket, NULL);
  return bound;
}

static char *
read_cmdline (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", pid);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  /* Arguments are NUL-separated: make it one line. */
  for (gsize i = 0; i + 1 < length; i++)
    {
      if (contents[i] == '\0')
        contents[i] = ' ';
    }

  return g_steal_pointer (&contents);
}

typedef struct
{
  TetherTransport *transport;
  const char      *needle;
} StderrWait;

static gboolean
stderr_tail_has (gpointer data)
{
  StderrWait *wait = data;
  g_autofree char *tail = tether_transport_dup_stderr_tail (wait->transport);

  return tail != NULL && (wait->needle == NULL || strstr (tail, wait->needle) != NULL);
}

static gboolean
stderr_since_mark_has (gpointer data)
{
  StderrWait *wait = data;
  g_autofree char *text = tether_transport_dup_stderr_since_mark (wait->transport);

  return text != NULL && strstr (text, wait->needle) != NULL;
}

/* 1. tcp */

static void
test_tcp (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autofree char *ipv4 = g_strdup_printf ("%s,ipversion=4", gdbserver->options);
  const char *strings[] = { gdbserver->options, ipv4 };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autoptr(TetherTransport) transport = new_transport (strings[i]);
      g_autoptr(GIOStream) stream = open_ok (transport);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GIOStream) again = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("opened %s", strings[i]);
      g_assert_true (G_IS_SOCKET_CONNECTION (stream));
      g_assert_cmpint (tether_transport_get_child_pid (transport), ==, 0);

      /* Opening an open transport is refused, and leaves the open one alone. */
      tether_transport_open_async (transport, 1000, NULL, tether_test_store_result, &result);
      again = tether_transport_open_finish (transport, tether_test_wait (&result, WAIT_MS),
                                            &error);
      g_assert_null (again);
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_BUSY);

      prove_bytes_flow (stream);
      tether_transport_close (transport, 0);
      tether_transport_close (transport, 0);
    }
}

static void
test_tcp_refused (void)
{
  guint16 port = free_port ();
  g_autofree char *string = g_strdup_printf ("tcp:server=127.0.0.1,port=%u", port);
  g_autoptr(TetherTransport) transport = new_transport (string);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  gint64 took;

  stream = try_open (transport, 5000, NULL, &took, &error);
  g_assert_null (stream);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, port_text));
  g_assert_cmpint (took, <, 5000 + MARGIN_MS);
}

/* 2. local */

static void
test_local (void)
{
  g_autoptr(TetherTransport) transport = new_transport ("local:");
  g_autoptr(GIOStream) stream = open_ok (transport);
  g_autofree char *cmdline = NULL;
  g_autofree char *ppid = NULL;
  GPid pid = tether_transport_get_child_pid (transport);

  g_assert_cmpint (pid, >, 0);
  cmdline = read_cmdline (pid);
  g_assert_nonnull (cmdline);
  g_test_message ("child %d: %s", pid, cmdline);
  g_assert_nonnull (strstr (cmdline, "gdbserver --multi -"));
  ppid = tether_test_proc_status (pid, "PPid");
  g_assert_cmpint (g_ascii_strtoll (ppid, NULL, 10), ==, getpid ());

  prove_bytes_flow (stream);

  tether_transport_close (transport, 0);
  g_assert_cmpint (tether_transport_get_child_pid (transport), ==, 0);
  g_assert_true (tether_test_wait_gone (pid, 5000));
  /* Safe to call again. */
  tether_transport_close (transport, 0);
}

/* With a grace period, the child must end by itself once its pipes are closed (the kill comes far
 * later than the test waits). */
static void
test_local_ends_by_itself (void)
{
  g_autoptr(TetherTransport) transport = new_transport ("local:");
  g_autoptr(GIOStream) stream = open_ok (transport);
  GPid pid = tether_transport_get_child_pid (transport);
  gboolean gone;

  g_assert_cmpint (pid, >, 0);
  prove_bytes_flow (stream);

  tether_transport_close (transport, 60000);
  /* With its pipes closed, it ends by itself (SIGPIPE), long before the 60 s grace. */
  gone = tether_test_poll_until (tether_test_pid_is_gone, GINT_TO_POINTER (pid), 5000);
  if (!gone)
    kill (pid, SIGKILL);
  g_assert_true (gone);
}

static void
test_local_missing_program (void)
{
  const char *cases[][2] = {
    { "local:gdbserver=/nonexistent/gdbserver", "/nonexistent/gdbserver" },
    { "local:gdbserver=tether-no-such-gdbserver", "tether-no-such-gdbserver" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    open_fails (cases[i][0], cases[i][1]);
}

/* A program that is not gdbserver and exits at once: sh refuses "--multi" and says so on stderr. */
static void
test_local_program_exits (void)
{
  g_autoptr(TetherTransport) transport = new_transport ("local:gdbserver=/bin/sh");
  g_autoptr(GIOStream) stream = open_ok (transport);
  g_autoptr(GError) error = NULL;
  g_autofree char *tail = NULL;
  StderrWait wait = { transport, NULL };
  TetherRspConnection *connection;
  /* 0 if it has already exited and been reaped. */
  GPid pid = tether_transport_get_child_pid (transport);

  connection = handshake (stream, &error);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CLOSED);
  g_assert_true (tether_rsp_connection_is_closed (connection));

  g_assert_true (tether_test_poll_until (stderr_tail_has, &wait, 5000));
  tail = tether_transport_dup_stderr_tail (transport);
  g_test_message ("stderr tail: %s", tail);
  g_assert_nonnull (strstr (tail, "--"));

  g_assert_finalize_object (connection);
  g_assert_true (tether_test_poll_until (tether_test_stream_is_closed, stream, WAIT_MS));
  tether_transport_close (transport, 0);
  g_assert_true (pid == 0 || tether_test_wait_gone (pid, 5000));
}

/* 3. The stderr capture */

static void
test_local_stderr_since_mark (void)
{
  g_autoptr(TetherTransport) transport = new_transport ("local:");
  g_autoptr(GIOStream) stream = open_ok (transport);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *before = NULL;
  g_autofree char *at_reply = NULL;
  g_autofree char *since = NULL;
  StderrWait started = { transport, "Remote debugging using stdio" };
  StderrWait attach_failed = { transport, "Cannot attach to process" };
  TetherRspConnection *connection = handshake (stream, &error);
  GPid pid = tether_transport_get_child_pid (transport);

  g_assert_no_error (error);

  /* What the server said when it started is in the tail, and forgotten by the mark. */
  g_assert_true (tether_test_poll_until (stderr_tail_has, &started, 5000));
  tether_transport_mark_stderr (transport);
  before = tether_transport_dup_stderr_since_mark (transport);
  g_assert_null (before);

  reply = tether_test_request (connection, "vAttach;7fffffff", TETHER_RSP_REQUEST_MAY_RESET,
                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpuint (g_bytes_get_size (reply), >, 0);
  g_assert_cmpint (((const char *)g_bytes_get_data (reply, NULL))[0], ==, 'E');

  /* The server writes its reason before its reply, but the two come through separate pipes. */
  at_reply = tether_transport_dup_stderr_since_mark (transport);
  g_test_message ("since the mark when the reply arrived: %s", at_reply ? at_reply : "(nothing)");

  g_assert_true (tether_test_poll_until (stderr_since_mark_has, &attach_failed, 5000));
  since = tether_transport_dup_stderr_since_mark (transport);
  g_test_message ("since the mark: %s", since);
  g_assert_nonnull (strstr (since, "Cannot attach to process"));

  close_connection (connection, stream);
  tether_transport_close (transport, 0);
  g_assert_true (tether_test_wait_gone (pid, 5000));
}

/* A transport opened again after it was closed collects its new child's stderr too. */
static void
test_local_reopen (void)
{
  g_autoptr(TetherTransport) transport = new_transport ("local:");
  g_autoptr(GIOStream) first = open_ok (transport);
  g_autoptr(GIOStream) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  StderrWait attach_failed = { transport, "Cannot attach to process" };
  TetherRspConnection *connection;
  GPid first_pid = tether_transport_get_child_pid (transport);
  GPid second_pid;

  prove_bytes_flow (first);
  tether_transport_close (transport, 0);
  g_assert_true (tether_test_wait_gone (first_pid, 5000));

  second = open_ok (transport);
  second_pid = tether_transport_get_child_pid (transport);
  g_assert_cmpint (second_pid, >, 0);
  g_assert_cmpint (second_pid, !=, first_pid);
  connection = handshake (second, &error);
  g_assert_no_error (error);

  tether_transport_mark_stderr (transport);
  reply = tether_test_request (connection, "vAttach;7fffffff", TETHER_RSP_REQUEST_MAY_RESET,
                               &error);
  g_assert_no_error (error);
  g_assert_cmpint (((const char *)g_bytes_get_data (reply, NULL))[0], ==, 'E');
  g_assert_true (tether_test_poll_until (stderr_since_mark_has, &attach_failed, 5000));

  close_connection (connection, second);
  tether_transport_close (transport, 0);
  g_assert_true (tether_test_wait_gone (second_pid, 5000));
}

/* 4. clicon */

static void
test_clicon (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  guint16 port = free_port ();
  g_autofree char *string = g_strdup_printf ("tcp:clicon=127.0.0.1,port=%u", port);
  g_autoptr(TetherTransport) transport = new_transport (string);
  g_autoptr(GAsyncResult) open_result = NULL;
  g_autoptr(GAsyncResult) splice_result = NULL;
  g_autoptr(GIOStream) dialled = NULL;
  g_autoptr(GIOStream) upstream = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GIOStream) second = NULL;
  g_autoptr(GError) error = NULL;

  tether_transport_open_async (transport, WAIT_MS, NULL, tether_test_store_result, &open_result);

  /* Play the server that dials out: dial Tether, and relay to a real gdbserver. */
  dialled = tether_test_dial (port);
  upstream = tether_test_dial (gdbserver->port);
  g_io_stream_splice_async (dialled, upstream, G_IO_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT, NULL,
                            tether_test_store_result, &splice_result);

  stream = tether_transport_open_finish (transport, tether_test_wait (&open_result, WAIT_MS),
                                         &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_SOCKET_CONNECTION (stream));
  g_clear_object (&open_result);

  prove_bytes_flow (stream);

  /* The listener went away with the open: nobody else can dial in. */
  second = tether_test_try_dial (port, &error);
  g_assert_null (second);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);

  tether_transport_close (transport, 0);
  /* Tether hung up, so the relay ends. */
  g_io_stream_splice_finish (tether_test_wait (&splice_result, WAIT_MS), &error);
  g_assert_no_error (error);
}

static void
test_clicon_timeout (void)
{
  guint16 port = free_port ();
  g_autofree char *string = g_strdup_printf ("tcp:clicon=127.0.0.1,port=%u", port);
  g_autoptr(TetherTransport) transport = new_transport (string);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gint64 took;

  stream = try_open (transport, 500, NULL, &took, &error);
  g_test_message ("failed after %" G_GINT64_FORMAT " ms: %s", took,
                  error != NULL ? error->message : "(no error)");
  g_assert_null (stream);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT);
  g_assert_cmpint (took, <, 500 + MARGIN_MS);

  /* The port is released. */
  g_assert_true (port_is_free (port));
}

/* 6. Cancellation */

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_clicon_cancelled (void)
{
  guint16 port = free_port ();
  g_autofree char *string = g_strdup_printf ("tcp:clicon=127.0.0.1,port=%u", port);
  g_autoptr(TetherTransport) transport = new_transport (string);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GIOStream) retry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 took;

  /* Cancelled while it waits (no timeout of its own). */
  g_idle_add (cancel_cb, cancellable);
  stream = try_open (transport, 0, cancellable, &took, &error);
  g_assert_null (stream);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (took, <, MARGIN_MS);
  g_assert_true (port_is_free (port));
  g_clear_error (&error);

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancelled);
  retry = try_open (transport, 0, cancelled, NULL, &error);
  g_assert_null (retry);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (port_is_free (port));
}

/* 5. com, over a pseudo-terminal */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
make_raw (int fd)
{
  struct termios tio;

  g_assert_cmpint (tcgetattr (fd, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (fd, TCSANOW, &tio), ==, 0);
}

static void
test_com (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) gdbserver = NULL;
  g_autoptr(TetherTransport) transport = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *device = NULL;
  g_autofree char *string = NULL;
  const char *argv[] = { "gdbserver", "--multi", "-", NULL };
  TetherRspConnection *connection;
  int master;
  int slave;

  master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  device = g_strdup (ptsname (master));
  g_assert_nonnull (device);

  /* Hold the line open and raw from the start, so that nothing is echoed or translated before
   * Tether configures it. */
  slave = open (device, O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (slave, >=, 0);
  make_raw (slave);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_take_stdin_fd (launcher, dup (master));
  g_subprocess_launcher_take_stdout_fd (launcher, dup (master));
  gdbserver = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_clear_object (&launcher);
  close (master);

  string = g_strdup_printf ("com:port=%s,baud=115200", device);
  transport = new_transport (string);
  stream = open_ok (transport);
  g_assert_cmpint (tether_transport_get_child_pid (transport), ==, 0);

  connection = handshake (stream, &error);
  g_assert_no_error (error);
  g_assert_true (tether_rsp_connection_get_non_stop (connection));
  reply = tether_test_request (connection, "qXfer:osdata:read:processes:0,100",
                               TETHER_RSP_REQUEST_DEFAULT, &error);
  /* Its PID only matters (and is only asked for) once the listing timed out. */
  if (!g_error_matches (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT) ||
      !tether_test_skip_if_gdbserver_hung (
        (GPid)g_ascii_strtoll (g_subprocess_get_identifier (gdbserver), NULL, 10), error))
    {
      g_assert_no_error (error);
      assert_osdata_reply (reply);
    }

  close_connection (connection, stream);
  tether_transport_close (transport, 0);
  close (slave);

  g_subprocess_force_exit (gdbserver);
  g_subprocess_wait (gdbserver, NULL, &error);
  g_assert_no_error (error);
}

static void
test_com_errors (void)
{
  const char *cases[][2] = {
    { "com:port=/nonexistent/tty", "/nonexistent/tty" },
    { "com:port=/dev/null", "not a usable serial line" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    open_fails (cases[i][0], cases[i][1]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transport/tcp/open", test_tcp);
  g_test_add_func ("/transport/tcp/refused", test_tcp_refused);
  g_test_add_func ("/transport/local/open", test_local);
  g_test_add_func ("/transport/local/ends-by-itself", test_local_ends_by_itself);
  g_test_add_func ("/transport/local/missing-program", test_local_missing_program);
  g_test_add_func ("/transport/local/program-exits", test_local_program_exits);
  g_test_add_func ("/transport/local/stderr-since-mark", test_local_stderr_since_mark);
  g_test_add_func ("/transport/local/reopen", test_local_reopen);
  g_test_add_func ("/transport/clicon/open", test_clicon);
  g_test_add_func ("/transport/clicon/timeout", test_clicon_timeout);
  g_test_add_func ("/transport/clicon/cancelled", test_clicon_cancelled);
  g_test_add_func ("/transport/com/open", test_com);
  g_test_add_func ("/transport/com/errors", test_com_errors);

  return g_test_run ();
}
