/* test-faults.c: the engine against broken links and misbehaving servers
 *
 * A real gdbserver behind the fault proxy (tether-fault-proxy.h): refused and silent ports, a
 * server killed mid-request, links cut mid-packet, corrupted replies, endless packets, garbage and
 * unsolicited notifications. Each failure must carry its specific TetherError code and arrive
 * within the configured timeout (plus a generous margin for loaded CI machines; no minimum speed
 * is asserted), and every TetherServer must be finalized at the end. Known engine bugs are
 * fixed since; their tests now assert the right behaviour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-fault-proxy.h"
#include "tether-test-session.h"

/* Added to every timeout: the suites run in parallel on two cores, and under valgrind. */
#define MARGIN_MS 3000
/* For what must simply not hang. */
#define WAIT_MS   20000

typedef TetherTestProxied Fixture;

/* Helpers */

/* Like tether_test_poll_until(), but fails the test after @timeout_ms. */
static void
wait_until (TetherTestCondition  condition,
            gpointer             data,
            guint                timeout_ms,
            const char          *what)
{
  if (!tether_test_poll_until (condition, data, timeout_ms))
    g_error ("still waiting for %s after %u ms", what, timeout_ms);
}

/* Connects; returns how long it took, and the error if it failed. */
static gint64
try_connect (TetherServer  *server,
             GError       **error)
{
  gint64 start = g_get_monotonic_time ();

  tether_test_try_connect (server, error);
  return tether_test_elapsed_ms (start);
}

/* Lists; returns the processes (NULL on failure, with @error set) and how long it took. */
static GPtrArray *
try_list (TetherServer  *server,
          gint64        *elapsed,
          GError       **error)
{
  gint64 start = g_get_monotonic_time ();
  GPtrArray *processes = tether_test_try_list (server, error);

  if (elapsed != NULL)
    *elapsed = tether_test_elapsed_ms (start);
  return processes;
}

/* The server failed, says why, and the error it keeps is the one the caller saw. */
static void
assert_failed (TetherServer *server,
               GQuark        domain,
               gint          code)
{
  g_autofree char *message = NULL;
  gboolean has_error = FALSE;
  const GError *error = tether_server_get_error (server);

  g_assert_cmpuint (tether_server_get_state (server), ==, TETHER_SERVER_FAILED);
  g_object_get (server, "has-error", &has_error, "error-message", &message, NULL);
  g_assert_true (has_error);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_nonnull (error);
  g_assert_error ((GError *)error, domain, code);
}

static guint16
unused_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, &error);
  g_assert_no_error (error);
  return port;
}

/* 1. Nothing listens on the port: a quick CONNECT error that points at gdbserver. */
static void
test_refused_port (void)
{
  g_autofree char *options = g_strdup_printf ("tcp:server=127.0.0.1,port=%u", unused_port ());
  g_autoptr(GError) error = NULL;
  TetherServer *server = tether_test_new_server (options, 5000);
  gint64 took;

  took = try_connect (server, &error);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "gdbserver"));
  g_assert_cmpint (took, <, 5000 + MARGIN_MS);
  assert_failed (server, TETHER_ERROR, TETHER_ERROR_CONNECT);

  tether_test_disconnect (server);
}

/* The proxy closes every client at once: the handshake sees the link end. */
static void
test_refused_by_proxy (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 took;

  fixture->server = tether_test_new_server (fixture->options, 5000);
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_BOTH, TETHER_FAULT_REFUSE, 0);
  took = try_connect (fixture->server, &error);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CLOSED);
  g_assert_cmpint (took, <, 5000 + MARGIN_MS);
  g_assert_cmpuint (tether_fault_proxy_get_n_accepted (fixture->proxy), ==, 1);
  assert_failed (fixture->server, TETHER_ERROR, TETHER_ERROR_CLOSED);
}

/* 2. A listener that accepts and never answers: TIMED_OUT within the configured timeout. */
static void
test_never_answers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 took;

  fixture->server = tether_test_new_server (fixture->options, 1500);
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_SERVER, TETHER_FAULT_BLACKHOLE, 0);
  took = try_connect (fixture->server, &error);
  g_test_message ("timed out after %" G_GINT64_FORMAT " ms", took);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (took, <, 1500 + MARGIN_MS);
  assert_failed (fixture->server, TETHER_ERROR, TETHER_ERROR_TIMED_OUT);
  /* It was the handshake that went unanswered, not the TCP connect. */
  g_assert_cmpuint (tether_fault_proxy_get_received (fixture->proxy, TETHER_FAULT_TO_SERVER), >, 0);
  g_assert_cmpuint (tether_fault_proxy_get_relayed (fixture->proxy, TETHER_FAULT_TO_SERVER), ==, 0);
}

/* 3. The server is killed while a listing is in flight. */

typedef struct
{
  TetherFaultProxy *proxy;
  guint64           before;
} ReceivedData;

static gboolean
request_reached_proxy (gpointer user_data)
{
  ReceivedData *data = user_data;

  return tether_fault_proxy_get_received (data->proxy, TETHER_FAULT_TO_SERVER) > data->before;
}

static void
test_server_killed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;
  TetherServer *server = tether_test_connect_timeout (fixture->options, 8000);
  ReceivedData received = { fixture->proxy, 0 };
  gint64 start;
  gint64 took;

  /* The proxy holds the request back long enough to kill the server under it. */
  received.before = tether_fault_proxy_get_received (fixture->proxy, TETHER_FAULT_TO_SERVER);
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_SERVER, TETHER_FAULT_SLOW, 3000);

  start = g_get_monotonic_time ();
  tether_server_list_processes_async (server, NULL, tether_test_store_result, &result);
  wait_until (request_reached_proxy, &received, WAIT_MS, "the listing request");
  g_assert_null (result);
  g_assert_cmpint (kill (fixture->gdbserver->pid, SIGKILL), ==, 0);

  processes = tether_server_list_processes_finish (server, tether_test_wait (&result, WAIT_MS),
                                                   &error);
  took = tether_test_elapsed_ms (start);
  g_test_message ("failed after %" G_GINT64_FORMAT " ms: %s", took,
                  error != NULL ? error->message : "(no error)");
  g_assert_null (processes);
  if (!g_error_matches (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT))
    g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CLOSED);
  g_assert_cmpint (took, <, 8000 + MARGIN_MS);
  assert_failed (server, error->domain, error->code);

  /* Dropping the last reference is enough to finalize a failed server. */
  g_clear_object (&result);
  g_assert_finalize_object (server);
}

/* 4. The link is cut a few hundred bytes into a listing's reply. */
static void
test_cut_mid_packet (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;
  guint64 relayed;
  gint64 took;

  fixture->server = tether_test_connect_timeout (fixture->options, 5000);
  relayed = tether_fault_proxy_get_relayed (fixture->proxy, TETHER_FAULT_TO_CLIENT);
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_CUT_AFTER, 256);
  processes = try_list (fixture->server, &took, &error);
  g_test_message ("failed after %" G_GINT64_FORMAT " ms: %s", took,
                  error != NULL ? error->message : "(no error)");
  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    return;

  g_assert_null (processes);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CLOSED);
  g_assert_cmpint (took, <, 5000 + MARGIN_MS);
  assert_failed (fixture->server, TETHER_ERROR, TETHER_ERROR_CLOSED);
  /* Exactly the budget went through: the cut was inside the reply. */
  relayed = tether_fault_proxy_get_relayed (fixture->proxy, TETHER_FAULT_TO_CLIENT) - relayed;
  g_assert_cmpuint (relayed, ==, 256);
}

/* 5. One flipped bit in a reply: that request fails as PROTOCOL (no-ack mode: nothing to resend),
 * and the connection goes on. */
static void
test_bit_flip (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 took;

  fixture->server = tether_test_connect_timeout (fixture->options, 5000);
  /* Offset 1 is the first payload byte, 'l' or 'm': it becomes the other one, and the checksum no
   * longer matches. */
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_FLIP, 1);
  processes = try_list (fixture->server, &took, &error);
  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    return;

  g_assert_null (processes);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
  g_assert_cmpint (took, <, 5000 + MARGIN_MS);
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_CONNECTED);

  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_PASS, 0);
  if (!tether_test_proxied_list_works (fixture) || !tether_test_proxied_list_works (fixture))
    return;
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_CONNECTED);
  g_assert_cmpuint (tether_fault_proxy_get_n_accepted (fixture->proxy), ==, 1);
}

/* 6. An endless packet: memory stays bounded and the request fails. The bound can only be set on
 * the connection itself, so this one talks RSP without a TetherServer. */

#define ENDLESS_BYTES    (20u * 1024u * 1024u)
#define SMALL_MAX_PACKET 4096
#define RSS_BOUND_KB     (64u * 1024u)

static void
test_endless_packet (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GIOStream) stream = tether_test_dial (tether_fault_proxy_get_port (fixture->proxy));
  g_autoptr(TetherRspConnection) connection = tether_rsp_connection_new (stream);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) dollar = g_bytes_new_static ("$", 1);
  g_autoptr(GError) error = NULL;
  guint64 rss_before;
  guint64 hwm_before;
  guint64 rss_after;
  guint64 hwm_after;
  guint64 injected;
  gint64 start;
  gint64 took;

  tether_rsp_connection_set_max_packet (connection, SMALL_MAX_PACKET);
  tether_rsp_connection_set_timeout (connection, 3000);
  tether_test_handshake (connection, &error);
  g_assert_no_error (error);

  /* The real reply must not end the endless packet: the server's side is muted. */
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_BLACKHOLE, 0);
  rss_before = tether_test_self_status_kb ("VmRSS");
  hwm_before = tether_test_self_status_kb ("VmHWM");

  start = g_get_monotonic_time ();
  tether_rsp_connection_request_async (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT,
                                       NULL, tether_test_store_result, &result);
  g_assert_cmpuint (tether_fault_proxy_inject (fixture->proxy, TETHER_FAULT_TO_CLIENT, dollar), ==,
                    1);
  g_assert_cmpuint (tether_fault_proxy_inject_repeated (fixture->proxy, TETHER_FAULT_TO_CLIENT, 'a',
                                                        ENDLESS_BYTES), ==, 1);
  reply = tether_rsp_connection_request_finish (connection, tether_test_wait (&result, WAIT_MS),
                                                NULL, &error);
  took = tether_test_elapsed_ms (start);
  injected = tether_fault_proxy_get_injected (fixture->proxy, TETHER_FAULT_TO_CLIENT);
  g_test_message ("failed after %" G_GINT64_FORMAT " ms, %" G_GUINT64_FORMAT " bytes in: %s",
                  took, injected, error != NULL ? error->message : "(no error)");

  /* Reported as soon as the bound is passed, not when the request times out. */
  g_assert_null (reply);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_TOO_LARGE);
  g_assert_cmpint (took, <, 3000);
  /* The bound was passed, so the test did test it. */
  g_assert_cmpuint (injected, >, SMALL_MAX_PACKET + 1);

  rss_after = tether_test_self_status_kb ("VmRSS");
  hwm_after = tether_test_self_status_kb ("VmHWM");
  g_test_message ("VmRSS %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " kB, VmHWM %"
                  G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " kB",
                  rss_before, rss_after, hwm_before, hwm_after);
  g_assert_cmpuint (rss_after, <, rss_before + RSS_BOUND_KB);
  /* Nor did it peak in between. */
  g_assert_cmpuint (hwm_after, <=, MAX (hwm_before, rss_before + RSS_BOUND_KB));
  g_assert_true (tether_rsp_connection_is_closed (connection));

  /* Whether the connection is then finalized is /faults/connection-finalized's business. */
  g_clear_object (&result);
  g_io_stream_close (stream, NULL, NULL);
}

/* 7. A %Stop notification for a process Tether never attached. */

typedef struct
{
  guint   stops;
  GBytes *last;
  guint   process_stopped;
} StopData;

static void
stop_cb (TetherRspConnection *connection,
         GBytes              *payload,
         gpointer             user_data)
{
  StopData *data = user_data;

  data->stops++;
  g_clear_pointer (&data->last, g_bytes_unref);
  data->last = g_bytes_ref (payload);
}

static void
process_stopped_cb (TetherServer *server,
                    gint64        pid,
                    guint         signo,
                    gpointer      user_data)
{
  StopData *data = user_data;

  if (pid == 0x1234)
    data->process_stopped++;
}

static gboolean
stopped_once (gpointer user_data)
{
  return ((StopData *)user_data)->stops >= 1;
}

#define STRAY_STOP "Stop:T0506:0000000000000000;07:f0e1ffffff7f0000;thread:p1234.1234;core:0;"

static void
test_unsolicited_stop (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;
  TetherRspConnection *connection;
  StopData stops = { 0 };
  const char *payload;
  gsize len;

  fixture->server = tether_test_connect_timeout (fixture->options, 5000);
  connection = tether_server_get_connection (fixture->server);
  g_signal_connect (connection, "stop", G_CALLBACK (stop_cb), &stops);
  g_signal_connect (fixture->server, "process-stopped", G_CALLBACK (process_stopped_cb), &stops);

  /* While the connection is idle. */
  g_assert_cmpuint (tether_fault_proxy_inject_packet (fixture->proxy, TETHER_FAULT_TO_CLIENT,
                                                      STRAY_STOP, TRUE), ==, 1);
  wait_until (stopped_once, &stops, WAIT_MS, "the stop signal");
  payload = g_bytes_get_data (stops.last, &len);
  g_assert_cmpmem (payload, len, STRAY_STOP + strlen ("Stop:"), strlen (STRAY_STOP) - 5);
  if (!tether_test_proxied_list_works (fixture))
    goto out;

  /* While a request is in flight: queued now, the notification comes before the reply. */
  tether_server_list_processes_async (fixture->server, NULL, tether_test_store_result, &result);
  g_assert_cmpuint (tether_fault_proxy_inject_packet (fixture->proxy, TETHER_FAULT_TO_CLIENT,
                                                      STRAY_STOP, TRUE), ==, 1);
  processes = tether_server_list_processes_finish (fixture->server,
                                                   tether_test_wait (&result, WAIT_MS), &error);
  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    goto out;
  g_assert_no_error (error);
  g_assert_nonnull (tether_test_find_pid (processes, getpid ()));
  g_assert_cmpuint (stops.stops, ==, 2);

  if (!tether_test_proxied_list_works (fixture))
    goto out;
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_CONNECTED);
  g_assert_false (tether_rsp_connection_is_closed (connection));
  g_test_message ("process-stopped emitted %u times for the never-attached PID",
                  stops.process_stopped);

out:
  g_signal_handlers_disconnect_by_data (connection, &stops);
  g_signal_handlers_disconnect_by_data (fixture->server, &stops);
  g_clear_pointer (&stops.last, g_bytes_unref);
}

/* Garbage between packets is skipped; the connection goes on. */
static void
test_garbage_between_packets (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("hello\r\n#00\x01\xff garbage", 20);

  fixture->server = tether_test_connect_timeout (fixture->options, 5000);
  g_assert_cmpuint (tether_fault_proxy_inject (fixture->proxy, TETHER_FAULT_TO_CLIENT, garbage),
                    ==, 1);
  if (!tether_test_proxied_list_works (fixture))
    return;
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_CONNECTED);
}

/* A slow link that splits every packet into small pieces is still a working link. */
static void
test_slow_fragmented (Fixture       *fixture,
                      gconstpointer  data)
{
  tether_fault_proxy_set_chunk_size (fixture->proxy, 61);
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_BOTH, TETHER_FAULT_SLOW, 1);
  fixture->server = tether_test_connect_timeout (fixture->options, 10000);
  if (!tether_test_proxied_list_works (fixture))
    return;
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_CONNECTED);
}

/* The proxy drops the link under a connected server: FAILED with CLOSED, and a reconnect works. */
static void
test_link_dropped (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server = tether_test_connect_timeout (fixture->options, 5000);
  tether_fault_proxy_drop_links (fixture->proxy);
  processes = try_list (fixture->server, NULL, &error);
  g_assert_null (processes);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CLOSED);
  assert_failed (fixture->server, TETHER_ERROR, TETHER_ERROR_CLOSED);

  g_clear_error (&error);
  try_connect (fixture->server, &error);
  g_assert_no_error (error);
  if (!tether_test_proxied_list_works (fixture))
    return;
  g_assert_cmpuint (tether_fault_proxy_get_n_accepted (fixture->proxy), ==, 2);
}

/* A corrupted notification (bad checksum, no-ack mode) while a request is in flight and another
 * is queued: whatever the engine does with it, no request may get another one's reply. */
static void
test_corrupt_notification (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GBytes) first_reply = NULL;
  g_autoptr(GBytes) second_reply = NULL;
  g_autoptr(GError) first_error = NULL;
  g_autoptr(GError) second_error = NULL;
  g_autoptr(GBytes) corrupt = NULL;
  TetherRspConnection *connection;
  guint8 sum = 0;
  char *frame;

  fixture->server = tether_test_connect_timeout (fixture->options, 5000);
  connection = tether_server_get_connection (fixture->server);
  for (const char *p = STRAY_STOP; *p != '\0'; p++)
    sum += (guint8)*p;
  frame = g_strdup_printf ("%%%s#%02x", STRAY_STOP, (guint8)~sum);
  corrupt = g_bytes_new_take (frame, strlen (frame));

  /* Two requests whose replies cannot be mistaken for each other: "vCont;c;C;s;S..." and "". */
  tether_rsp_connection_request_async (connection, "vCont?", TETHER_RSP_REQUEST_DEFAULT, NULL,
                                       tether_test_store_result, &first);
  tether_rsp_connection_request_async (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT,
                                       NULL, tether_test_store_result, &second);
  /* Queued before either request is even written: it arrives before the first reply. */
  g_assert_cmpuint (tether_fault_proxy_inject (fixture->proxy, TETHER_FAULT_TO_CLIENT, corrupt), ==,
                    1);

  first_reply = tether_rsp_connection_request_finish (connection,
                                                      tether_test_wait (&first, WAIT_MS), NULL,
                                                      &first_error);
  second_reply = tether_rsp_connection_request_finish (connection,
                                                       tether_test_wait (&second, WAIT_MS), NULL,
                                                       &second_error);
  g_test_message ("first: %s; second: %s",
                  first_error != NULL ? first_error->message : "reply",
                  second_error != NULL ? second_error->message : "reply");

  /* The second request never gets the first one's reply. */
  g_assert_false (second_reply != NULL && g_bytes_get_size (second_reply) >= 5 &&
                  memcmp (g_bytes_get_data (second_reply, NULL), "vCont", 5) == 0);

  g_assert_true (first_reply == NULL ||
                 (g_bytes_get_size (first_reply) >= 5 &&
                  memcmp (g_bytes_get_data (first_reply, NULL), "vCont", 5) == 0));
  g_assert_true (second_reply == NULL || g_bytes_get_size (second_reply) == 0);
  if (first_reply == NULL && !g_error_matches (first_error, TETHER_ERROR, TETHER_ERROR_CLOSED))
    g_assert_error (first_error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
  if (tether_server_get_state (fixture->server) == TETHER_SERVER_CONNECTED)
    tether_test_proxied_list_works (fixture);
}

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *)user_data == NULL;
}

/* 8. The connection a TetherServer made is finalized too once the server is disconnected. */
static void
test_connection_finalized (Fixture       *fixture,
                           gconstpointer  data)
{
  TetherServer *server = tether_test_connect_timeout (fixture->options, 5000);
  gpointer connection = tether_server_get_connection (server);

  g_object_add_weak_pointer (connection, &connection);
  tether_test_disconnect (server);

  g_assert_true (tether_test_poll_until (pointer_cleared, &connection, 2000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/faults/" path, Fixture, NULL, tether_test_proxied_set_up, func, \
              tether_test_proxied_tear_down)

  g_test_add_func ("/faults/refused-port", test_refused_port);
  ADD ("refused-by-proxy", test_refused_by_proxy);
  ADD ("never-answers", test_never_answers);
  ADD ("server-killed-mid-listing", test_server_killed);
  ADD ("cut-mid-packet", test_cut_mid_packet);
  ADD ("bit-flip", test_bit_flip);
  ADD ("endless-packet", test_endless_packet);
  ADD ("unsolicited-stop", test_unsolicited_stop);
  ADD ("garbage-between-packets", test_garbage_between_packets);
  ADD ("slow-fragmented", test_slow_fragmented);
  ADD ("link-dropped", test_link_dropped);
  ADD ("corrupt-notification", test_corrupt_notification);
  ADD ("connection-finalized", test_connection_finalized);

#undef ADD

  return g_test_run ();
}
