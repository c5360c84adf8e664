/* fuzz-rsp-connection.c: the RSP connection (handshake, reply matching, notifications, console
 * output, session resets) against an arbitrary byte stream from the "server"
 *
 * Input: byte 0 picks which requests are queued after the handshake; the rest is everything the
 * server sends, read from memory (what the connection writes goes to memory too). The stream ends,
 * so every request must complete, with a reply or an error; then the connection must finalize.
 * Invariants: each callback runs exactly once; an error always has a message; the connection is
 * closed once its input ended and nothing is left to answer; nothing leaks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "fuzz-common.h"
#include "tether-rsp-connection.h"

/* A guard only: the input's end completes everything long before. */
#define TIMEOUT_MS 60000

typedef struct
{
  guint pending;
  guint stops;
} State;

typedef struct
{
  State   *state;
  gboolean done;
} Call;

static void
check_error (const GError *error)
{
  FUZZ_CHECK (error != NULL);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
}

/* TETHER_FUZZ_DEBUG=1: what each call got, to check that seeds reach where they should. */
static void
debug (const char   *what,
       GBytes       *reply,
       const GError *error)
{
  if (g_getenv ("TETHER_FUZZ_DEBUG") == NULL)
    return;
  if (error != NULL)
    fprintf (stderr, "%s: %s\n", what, error->message);
  else
    fprintf (stderr, "%s: ok (%zu bytes)\n", what, reply != NULL ? g_bytes_get_size (reply) : 0);
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  FUZZ_CHECK (!call->done);
  if (!tether_rsp_connection_handshake_finish (TETHER_RSP_CONNECTION (object), result, &error))
    check_error (error);
  debug ("handshake", NULL, error);
  call->done = TRUE;
  call->state->pending--;
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GBytes) reply = NULL;

  FUZZ_CHECK (!call->done);
  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, &output,
                                                &error);
  if (reply == NULL)
    check_error (error);
  debug ("request", reply, error);
  call->done = TRUE;
  call->state->pending--;
}

static void
stop_cb (TetherRspConnection *connection,
         GBytes              *payload,
         gpointer             user_data)
{
  FUZZ_CHECK (payload != NULL);
  ((State *)user_data)->stops++;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const struct
  {
    const char            *packet;
    TetherRspRequestFlags  flags;
  } requests[] = {
    { "qXfer:osdata:read:processes:0,fff", TETHER_RSP_REQUEST_DEFAULT },
    { "qRcmd,68656c70", TETHER_RSP_REQUEST_OUTPUT },
    { "vAttach;1", TETHER_RSP_REQUEST_MAY_RESET },
    { "vFile:pread:3,1000,0", TETHER_RSP_REQUEST_DEFAULT },
  };
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GIOStream) stream = NULL;
  TetherRspConnection *connection;
  gpointer weak = NULL;
  State state = { 0 };
  Call calls[1 + G_N_ELEMENTS (requests)];

  if (size < 1)
    return 0;

  in = g_memory_input_stream_new_from_data (g_memdup2 (data + 1, size - 1), size - 1, g_free);
  out = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (in, out);
  connection = tether_rsp_connection_new (stream);
  tether_rsp_connection_set_timeout (connection, TIMEOUT_MS);
  /* Small, so that the bound is reached too. */
  if (data[0] & 0x80)
    tether_rsp_connection_set_max_packet (connection, 64);
  g_signal_connect (connection, "stop", G_CALLBACK (stop_cb), &state);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    calls[i] = (Call) { &state, FALSE };

  state.pending++;
  tether_rsp_connection_handshake_async (connection, NULL, handshake_cb, &calls[0]);
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      if ((data[0] & (1u << i)) == 0)
        {
          calls[1 + i].done = TRUE;
          continue;
        }
      state.pending++;
      tether_rsp_connection_request_async (connection, requests[i].packet, requests[i].flags,
                                           NULL, request_cb, &calls[1 + i]);
    }

  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    FUZZ_CHECK (calls[i].done);

  /* Whatever it does with a stream that ended, it lets go of everything. */
  tether_rsp_connection_close (connection, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handlers_disconnect_by_data (connection, &state);
  weak = connection;
  g_object_add_weak_pointer (G_OBJECT (connection), &weak);
  g_object_unref (connection);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  FUZZ_CHECK (weak == NULL);

  return 0;
}
