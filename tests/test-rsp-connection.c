/* test-rsp-connection.c: TetherRspConnection over a TCP stream to a real gdbserver
 *
 * The stream goes through the fault proxy (tether-fault-proxy.h), which relays unchanged unless a
 * test slows or mutes one direction. Timing assertions are upper bounds with a generous margin for
 * loaded CI machines; orderings are checked through the "packet-logged" signal, not the clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-error.h"
#include "tether-fault-proxy.h"
#include "tether-rsp-connection.h"
#include "tether-test-util.h"

/* Added to every timeout: the suites run in parallel on two cores, and under valgrind. */
#define MARGIN_MS 3000
/* For what must simply not hang. */
#define WAIT_MS   20000
/* How long the proxy holds back each chunk in the SLOW tests. */
#define SLOW_MS   500

/* A real, non-empty reply that only the process listing gives. */
#define LISTING   "qXfer:osdata:read:processes:0,40"
/* As real and non-empty, but cheap and immune to the gdbserver hang below. */
#define TYPES     "qXfer:osdata:read:types:0,100"

typedef struct
{
  TetherRspLogDirection direction;
  char                 *payload;
  gint64                elapsed_us;
} LogEntry;

typedef struct
{
  TetherTestGdbserver *gdbserver;
  TetherFaultProxy    *proxy;
  GIOStream           *stream;
  TetherRspConnection *connection;
  GArray              *log;           /* LogEntry, from "packet-logged" */
  guint                n_closed;      /* "closed" emissions */
  GError              *closed_error;  /* the first one's error */
} Fixture;

static void
log_entry_clear (LogEntry *entry)
{
  g_free (entry->payload);
}

static void
on_packet_logged (TetherRspConnection *connection,
                  guint                direction,
                  GBytes              *payload,
                  gint64               elapsed_us,
                  Fixture             *fixture)
{
  LogEntry entry = { direction, NULL, elapsed_us };
  gsize len = 0;
  const char *data = g_bytes_get_data (payload, &len);

  entry.payload = g_strndup (data != NULL ? data : "", len);
  g_array_append_val (fixture->log, entry);
}

static void
on_closed (TetherRspConnection *connection,
           const GError        *error,
           Fixture             *fixture)
{
  if (fixture->n_closed++ == 0)
    fixture->closed_error = g_error_copy (error);
}

/* Helpers */

static void
handshake (TetherRspConnection *connection)
{
  g_autoptr(GError) error = NULL;

  tether_test_handshake (connection, &error);
  g_assert_no_error (error);
}

static void
send_request (TetherRspConnection   *connection,
              const char            *packet,
              TetherRspRequestFlags  flags,
              GCancellable          *cancellable,
              GAsyncResult         **result)
{
  tether_rsp_connection_request_async (connection, packet, flags, cancellable,
                                       tether_test_store_result, result);
}

static GBytes *
finish_request (TetherRspConnection  *connection,
                GAsyncResult        **result,
                GError              **error)
{
  return tether_rsp_connection_request_finish (connection, tether_test_wait (result, WAIT_MS),
                                               NULL, error);
}

static char
first_char (GBytes *reply)
{
  gsize len = 0;
  const char *data;

  g_assert_nonnull (reply);
  data = g_bytes_get_data (reply, &len);
  return len > 0 ? data[0] : '\0';
}

static void
assert_osdata_reply (GBytes *reply)
{
  char c = first_char (reply);

  g_assert_true (c == 'm' || c == 'l');
  g_assert_cmpuint (g_bytes_get_size (reply), >, 1);
}

static void
assert_empty_reply (GBytes *reply)
{
  g_assert_nonnull (reply);
  g_assert_cmpuint (g_bytes_get_size (reply), ==, 0);
}

/* How many packets were logged as @direction with @payload (any payload if NULL). */
static guint
count_logged (Fixture               *fixture,
              TetherRspLogDirection  direction,
              const char            *payload)
{
  guint n = 0;

  for (guint i = 0; i < fixture->log->len; i++)
    {
      LogEntry *entry = &g_array_index (fixture->log, LogEntry, i);

      if (entry->direction == direction &&
          (payload == NULL || g_str_equal (entry->payload, payload)))
        n++;
    }

  return n;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->gdbserver = tether_test_gdbserver_start ();
  fixture->proxy = tether_fault_proxy_new (fixture->gdbserver->port);
  fixture->stream = tether_test_dial (tether_fault_proxy_get_port (fixture->proxy));
  fixture->connection = tether_rsp_connection_new (fixture->stream);
  fixture->log = g_array_new (FALSE, TRUE, sizeof (LogEntry));
  g_array_set_clear_func (fixture->log, (GDestroyNotify)log_entry_clear);
  g_signal_connect (fixture->connection, "packet-logged", G_CALLBACK (on_packet_logged), fixture);
  g_signal_connect (fixture->connection, "closed", G_CALLBACK (on_closed), fixture);
  handshake (fixture->connection);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->connection != NULL)
    {
      tether_rsp_connection_close (fixture->connection, NULL);
      g_assert_cmpuint (fixture->n_closed, ==, 1);
      g_assert_finalize_object (g_steal_pointer (&fixture->connection));
    }
  g_assert_true (tether_test_poll_until (tether_test_stream_is_closed, fixture->stream, WAIT_MS));
  g_clear_object (&fixture->stream);
  g_clear_pointer (&fixture->proxy, tether_fault_proxy_free);
  g_clear_pointer (&fixture->gdbserver, tether_test_gdbserver_stop);
  g_clear_pointer (&fixture->log, g_array_unref);
  g_clear_error (&fixture->closed_error);
}

/* 1. The handshake */

static void
test_handshake (Fixture       *fixture,
                gconstpointer  data)
{
  TetherRspConnection *connection = fixture->connection;
  g_auto(GStrv) names = tether_rsp_connection_dup_feature_names (connection);
  const char *packet_size = tether_rsp_connection_get_feature (connection, "PacketSize");
  gboolean non_stop = FALSE;
  guint n_names;

  g_assert_true (tether_rsp_connection_has_feature (connection, "qXfer:osdata:read"));
  g_assert_cmpstr (tether_rsp_connection_get_feature (connection, "qXfer:osdata:read"), ==, "+");
  g_assert_true (tether_rsp_connection_has_feature (connection, "QStartNoAckMode"));
  g_assert_null (tether_rsp_connection_get_feature (connection, "tether-no-such-feature"));
  g_assert_false (tether_rsp_connection_has_feature (connection, "tether-no-such-feature"));

  g_assert_nonnull (packet_size);
  g_assert_cmpuint (strlen (packet_size), >, 0);
  for (const char *p = packet_size; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));
  g_assert_cmpuint (tether_rsp_connection_get_packet_size (connection), >, 1000);
  g_assert_cmpuint (tether_rsp_connection_get_packet_size (connection), ==,
                    MIN (g_ascii_strtoull (packet_size, NULL, 16),
                         tether_rsp_connection_get_max_packet (connection)));

  g_assert_true (tether_rsp_connection_get_non_stop (connection));
  g_object_get (connection, "non-stop", &non_stop, NULL);
  g_assert_true (non_stop);
  g_assert_false (tether_rsp_connection_is_closed (connection));
  g_assert_cmpuint (tether_rsp_connection_get_session_resets (connection), ==, 0);

  n_names = g_strv_length (names);
  g_assert_cmpuint (n_names, >, 3);
  g_assert_true (g_strv_contains ((const char * const *)names, "PacketSize"));
  g_assert_true (g_strv_contains ((const char * const *)names, "qXfer:osdata:read"));
  for (guint i = 1; i < n_names; i++)
    g_assert_cmpint (strcmp (names[i - 1], names[i]), <, 0);

  /* The steps, in order, each answered. */
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_SENT, "QStartNoAckMode"), ==, 1);
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_SENT, "!"), ==, 1);
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_SENT, "QNonStop:1"), ==, 1);
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_SENT, NULL), ==,
                    count_logged (fixture, TETHER_RSP_LOG_RECEIVED, NULL));

  /* A second handshake while connected is allowed and changes nothing. */
  handshake (connection);
  g_assert_true (tether_rsp_connection_get_non_stop (connection));
  g_assert_cmpuint (tether_rsp_connection_get_session_resets (connection), ==, 0);
}

/* 2. A queued request cancelled before it is sent */

static void
test_cancel_queued (Fixture       *fixture,
                    gconstpointer  data)
{
  TetherRspConnection *connection = fixture->connection;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GBytes) first_reply = NULL;
  g_autoptr(GBytes) second_reply = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *queued = TYPES;

  /* The first reply is held back, so the second request surely waits in the queue. */
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_SLOW, SLOW_MS);
  send_request (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT, NULL, &first);
  send_request (connection, queued, TETHER_RSP_REQUEST_DEFAULT, cancellable, &second);
  g_cancellable_cancel (cancellable);

  second_reply = finish_request (connection, &second, &error);
  g_assert_null (second_reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* Cancelled before the first reply came, so before it could have been sent. */
  g_assert_null (first);
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_SENT, queued), ==, 0);

  first_reply = finish_request (connection, &first, &error);
  g_assert_no_error (error);
  assert_empty_reply (first_reply);

  /* It never goes out, and the connection carries on. */
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_PASS, 0);
  after = tether_test_request (connection, TYPES, TETHER_RSP_REQUEST_DEFAULT, &error);
  g_assert_no_error (error);
  assert_osdata_reply (after);
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_SENT, queued), ==, 1);
  g_assert_false (tether_rsp_connection_is_closed (connection));
}

/* 3. A request cancelled after it was sent: its late reply goes to nobody */

static void
test_cancel_in_flight (Fixture       *fixture,
                       gconstpointer  data)
{
  TetherRspConnection *connection = fixture->connection;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) next = NULL;
  g_autoptr(GBytes) cancelled_reply = NULL;
  g_autoptr(GBytes) next_reply = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *slow = LISTING;
  guint received_before;
  gint64 start;

  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_SLOW, SLOW_MS);
  received_before = count_logged (fixture, TETHER_RSP_LOG_RECEIVED, NULL);

  start = g_get_monotonic_time ();
  send_request (connection, slow, TETHER_RSP_REQUEST_DEFAULT, cancellable, &cancelled);
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_SENT, slow), ==, 1);
  g_cancellable_cancel (cancellable);
  send_request (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT, NULL, &next);

  cancelled_reply = finish_request (connection, &cancelled, &error);
  g_test_message ("cancelled after %" G_GINT64_FORMAT " ms", tether_test_elapsed_ms (start));
  g_assert_null (cancelled_reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* Promptly: before its reply came back. */
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_RECEIVED, NULL), ==, received_before);
  g_assert_cmpint (tether_test_elapsed_ms (start), <, SLOW_MS + MARGIN_MS);

  /* The late osdata reply is swallowed; the next request gets its own (empty) reply. */
  next_reply = finish_request (connection, &next, &error);
  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    return;
  g_assert_no_error (error);
  assert_empty_reply (next_reply);
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_RECEIVED, NULL), ==,
                    received_before + 2);

  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_PASS, 0);
  after = tether_test_request (connection, TYPES, TETHER_RSP_REQUEST_DEFAULT, &error);
  g_assert_no_error (error);
  assert_osdata_reply (after);
  g_assert_false (tether_rsp_connection_is_closed (connection));
}

/* 4. Timeout */

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  TetherRspConnection *connection = fixture->connection;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) later = NULL;
  g_autoptr(GError) error = NULL;
  gboolean closed = FALSE;
  gint64 start;
  gint64 took;

  tether_rsp_connection_set_timeout (connection, 500);
  g_assert_cmpuint (tether_rsp_connection_get_timeout (connection), ==, 500);
  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_BLACKHOLE, 0);

  start = g_get_monotonic_time ();
  reply = tether_test_request (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT, &error);
  took = tether_test_elapsed_ms (start);
  g_test_message ("timed out after %" G_GINT64_FORMAT " ms: %s", took,
                  error != NULL ? error->message : "(no error)");
  g_assert_null (reply);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT);
  g_assert_cmpint (took, <, 500 + MARGIN_MS);
  g_clear_error (&error);

  g_assert_true (tether_rsp_connection_is_closed (connection));
  g_object_get (connection, "closed", &closed, NULL);
  g_assert_true (closed);
  g_assert_cmpuint (fixture->n_closed, ==, 1);
  g_assert_error (fixture->closed_error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT);

  /* Later requests fail at once, and closing again emits nothing. */
  start = g_get_monotonic_time ();
  later = tether_test_request (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT, &error);
  g_assert_null (later);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_CLOSED);
  g_assert_cmpint (tether_test_elapsed_ms (start), <, MARGIN_MS);
  tether_rsp_connection_close (connection, NULL);
  g_assert_cmpuint (fixture->n_closed, ==, 1);
}

/* 5. Session reset */

static void
test_session_reset (Fixture       *fixture,
                    gconstpointer  data)
{
  TetherRspConnection *connection = fixture->connection;
  g_autoptr(GBytes) attach = NULL;
  g_autoptr(GBytes) listing = NULL;
  g_autoptr(GError) error = NULL;
  guint resets = 0;

  attach = tether_test_request (connection, "vAttach;7fffffff", TETHER_RSP_REQUEST_MAY_RESET,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpint (first_char (attach), ==, 'E');

  listing = tether_test_request (connection, LISTING, TETHER_RSP_REQUEST_DEFAULT, &error);
  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    return;
  g_assert_no_error (error);
  assert_osdata_reply (listing);

  g_object_get (connection, "session-resets", &resets, NULL);
  g_assert_cmpuint (resets, >=, 1);
  g_assert_cmpuint (resets, ==, tether_rsp_connection_get_session_resets (connection));
  /* The modes were set again before the listing went out. */
  g_assert_true (tether_rsp_connection_get_non_stop (connection));
  g_test_message ("handshakes after the failed attach: %u",
                  count_logged (fixture, TETHER_RSP_LOG_SENT, "QNonStop:1") - 1);
  g_assert_false (tether_rsp_connection_is_closed (connection));
}

/* The same failure without TETHER_RSP_REQUEST_MAY_RESET: the reset is noticed by the '+' that the
 * server, back in ack mode, puts before its next reply. */
static void
test_session_reset_detected (Fixture       *fixture,
                             gconstpointer  data)
{
  TetherRspConnection *connection = fixture->connection;
  g_autoptr(GBytes) attach = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GBytes) listing = NULL;
  g_autoptr(GError) error = NULL;

  attach = tether_test_request (connection, "vAttach;7fffffff", TETHER_RSP_REQUEST_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first_char (attach), ==, 'E');
  g_assert_cmpuint (tether_rsp_connection_get_session_resets (connection), ==, 0);

  /* This one's reply still comes through, and the reset is noticed on the way. */
  empty = tether_test_request (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT, &error);
  g_assert_no_error (error);
  assert_empty_reply (empty);
  g_assert_cmpuint (tether_rsp_connection_get_session_resets (connection), >=, 1);

  /* The next request goes out after a new handshake. */
  listing = tether_test_request (connection, TYPES, TETHER_RSP_REQUEST_DEFAULT, &error);
  g_assert_no_error (error);
  assert_osdata_reply (listing);
  g_assert_true (tether_rsp_connection_get_non_stop (connection));
  g_assert_cmpuint (count_logged (fixture, TETHER_RSP_LOG_SENT, "QNonStop:1"), >=, 2);
  g_assert_false (tether_rsp_connection_is_closed (connection));
}

/* 6. "packet-logged" */

static void
test_packet_logged (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint first = fixture->log->len;
  LogEntry *sent;
  LogEntry *received;

  reply = tether_test_request (fixture->connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT,
                               &error);
  g_assert_no_error (error);
  assert_empty_reply (reply);

  g_assert_cmpuint (fixture->log->len, ==, first + 2);
  sent = &g_array_index (fixture->log, LogEntry, first);
  received = &g_array_index (fixture->log, LogEntry, first + 1);
  g_assert_cmpuint (sent->direction, ==, TETHER_RSP_LOG_SENT);
  g_assert_cmpstr (sent->payload, ==, "vMustReplyEmpty");
  g_assert_cmpuint (received->direction, ==, TETHER_RSP_LOG_RECEIVED);
  g_assert_cmpstr (received->payload, ==, "");
  g_assert_cmpint (received->elapsed_us, >, 0);
  g_assert_cmpint (received->elapsed_us, <, (gint64)(WAIT_MS) * 1000);
}

/* A handshake to a server that does not answer, cancelled while it waits: the caller hears of it at
 * once, not when the request times out. */

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

#define SILENT_TIMEOUT_MS 8000

static void
test_handshake_cancelled (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherFaultProxy) proxy = tether_fault_proxy_new (gdbserver->port);
  g_autoptr(GIOStream) stream = tether_test_dial (tether_fault_proxy_get_port (proxy));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TetherRspConnection *connection = tether_rsp_connection_new (stream);
  gint64 start;
  gint64 took;

  tether_rsp_connection_set_timeout (connection, SILENT_TIMEOUT_MS);
  tether_fault_proxy_set_mode (proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_BLACKHOLE, 0);

  start = g_get_monotonic_time ();
  tether_rsp_connection_handshake_async (connection, cancellable, tether_test_store_result,
                                         &result);
  g_idle_add (cancel_cb, cancellable);
  tether_rsp_connection_handshake_finish (connection, tether_test_wait (&result, WAIT_MS), &error);
  took = tether_test_elapsed_ms (start);
  g_test_message ("the cancelled handshake ended after %" G_GINT64_FORMAT " ms", took);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* At once, not when the request times out. */
  g_assert_cmpint (took, <, MARGIN_MS);

  tether_rsp_connection_close (connection, NULL);
  g_clear_object (&result);
  g_assert_finalize_object (connection);
  g_assert_true (tether_test_poll_until (tether_test_stream_is_closed, stream, WAIT_MS));
}

/* 7. Finalization */

static void
test_finalize (void)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(GIOStream) stream = tether_test_dial (gdbserver->port);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  TetherRspConnection *connection = tether_rsp_connection_new (stream);

  handshake (connection);
  reply = tether_test_request (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT, &error);
  g_assert_no_error (error);
  assert_empty_reply (reply);

  tether_rsp_connection_close (connection, NULL);
  g_assert_finalize_object (connection);
  /* Its pending read ends without it. */
  g_assert_true (tether_test_poll_until (tether_test_stream_is_closed, stream, WAIT_MS));
  tether_test_spin (50);

  /* Dropped without closing: disposing closes it. */
  {
    g_autoptr(GIOStream) other = tether_test_dial (gdbserver->port);

    connection = tether_rsp_connection_new (other);
    handshake (connection);
    g_assert_finalize_object (connection);
    g_assert_true (tether_test_poll_until (tether_test_stream_is_closed, other, WAIT_MS));
    tether_test_spin (50);
  }
}

/* 8. Odd notifications, from a stream in memory. Found by tests/fuzz/fuzz-rsp-connection (seed
 * corpus/rsp-connection/empty-notification): an empty notification ("%#00") passed NULL to
 * memchr(), which UndefinedBehaviorSanitizer reports. Each must be ignored or delivered, and the
 * request in flight must still get its own reply. */

static void
count_stops_cb (TetherRspConnection *connection,
                GBytes              *payload,
                gpointer             user_data)
{
  (*(guint *)user_data)++;
}

static void
append_frame (GString    *s,
              char        start,
              const char *payload)
{
  guint8 sum = 0;

  for (const char *p = payload; *p != '\0'; p++)
    sum += (guint8)*p;
  g_string_append_printf (s, "%c%s#%02x", start, payload, sum);
}

static void
test_odd_notifications (void)
{
  g_autoptr(GString) wire = g_string_new (NULL);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GAsyncResult) handshaken = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  TetherRspConnection *connection;
  guint stops = 0;
  gsize len;

  /* A handshake without no-ack mode or non-stop (so that no vStopped is sent): qSupported, "!". */
  g_string_append_c (wire, '+');
  append_frame (wire, '$', "PacketSize=3fff");
  g_string_append_c (wire, '+');
  append_frame (wire, '$', "OK");
  /* The notifications, then the reply to the one request. */
  append_frame (wire, '%', "");
  append_frame (wire, '%', ":");
  append_frame (wire, '%', "Stop");
  append_frame (wire, '%', "Unknown:x");
  g_string_append_c (wire, '+');
  append_frame (wire, '$', "reply");

  in = g_memory_input_stream_new_from_data (g_memdup2 (wire->str, wire->len), wire->len, g_free);
  stream = g_simple_io_stream_new (in, out);
  connection = tether_rsp_connection_new (stream);
  g_signal_connect (connection, "stop", G_CALLBACK (count_stops_cb), &stops);

  /* Both at once: the stream ends right after the reply, and that closes the connection. */
  tether_rsp_connection_handshake_async (connection, NULL, tether_test_store_result, &handshaken);
  tether_rsp_connection_request_async (connection, "vMustReplyEmpty", TETHER_RSP_REQUEST_DEFAULT,
                                       NULL, tether_test_store_result, &result);
  tether_rsp_connection_handshake_finish (connection, tether_test_wait (&handshaken, WAIT_MS),
                                          &error);
  g_assert_no_error (error);
  reply = tether_rsp_connection_request_finish (connection, tether_test_wait (&result, WAIT_MS),
                                                NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (reply, &len), len, "reply", 5);
  g_test_message ("%u stop events", stops);

  g_signal_handlers_disconnect_by_data (connection, &stops);
  tether_rsp_connection_close (connection, NULL);
  g_clear_object (&handshaken);
  g_clear_object (&result);
  g_assert_finalize_object (connection);
}

static void
add (const char   *path,
     void        (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add ("/rsp-connection/handshake", test_handshake);
  add ("/rsp-connection/cancel-queued", test_cancel_queued);
  add ("/rsp-connection/cancel-in-flight", test_cancel_in_flight);
  add ("/rsp-connection/timeout", test_timeout);
  add ("/rsp-connection/session-reset", test_session_reset);
  add ("/rsp-connection/session-reset-detected", test_session_reset_detected);
  add ("/rsp-connection/packet-logged", test_packet_logged);
  g_test_add_func ("/rsp-connection/handshake-cancelled", test_handshake_cancelled);
  g_test_add_func ("/rsp-connection/finalize", test_finalize);
  g_test_add_func ("/rsp-connection/odd-notifications", test_odd_notifications);

  return g_test_run ();
}
