/* tether-rsp-connection-send.c: TetherRspConnection: sending requests, their timeouts,
 * pipelining and interrupts
 *
 * One request is in flight at a time, as the protocol requires; pipelined requests (lldb-server's
 * qsProcessInfo) go out ahead of their turn and become in flight, in order, as replies come.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-rsp-connection-private.h"

static gboolean
request_timeout_cb (gpointer user_data)
{
  TetherRspConnection *self = user_data;
  g_autofree char *what = NULL;

  self->timeout_source = NULL;
  what = self->in_flight != NULL ? g_strndup (self->in_flight->packet, 40) : g_strdup ("?");

  _tether_rsp_connection_close_with (self, TETHER_ERROR_TIMED_OUT,
              _("The server did not answer “%s” within %.1f s. It may be busy with another "
                "client (gdbserver serves one at a time), stalled, or not a gdbserver at all."),
              what, self->timeout_ms / 1000.0);
  return G_SOURCE_REMOVE;
}

void
_tether_rsp_connection_arm_timeout (TetherRspConnection *self)
{
  g_clear_pointer (&self->timeout_source, g_source_destroy);
  if (self->timeout_ms == 0)
    return;

  self->timeout_source = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (self->timeout_source, request_timeout_cb, self, NULL);
  g_source_set_name (self->timeout_source, "[tether] rsp request timeout");
  g_source_attach (self->timeout_source, g_main_context_get_thread_default ());
  g_source_unref (self->timeout_source);
}

static void
send_frame (TetherRspConnection *self,
            Request             *request)
{
  request->sent_at = g_get_monotonic_time ();
  g_clear_pointer (&self->last_sent, g_bytes_unref);
  {
    g_autoptr(GByteArray) frame = g_byte_array_new ();

    tether_rsp_encode (frame, (const guint8 *)request->packet, strlen (request->packet), FALSE);
    self->last_sent = g_byte_array_free_to_bytes (g_steal_pointer (&frame));
  }
  self->retransmits = 0;
  g_byte_array_append (self->outgoing,
                       g_bytes_get_data (self->last_sent, NULL),
                       g_bytes_get_size (self->last_sent));
  _tether_rsp_connection_log_packet (self, TETHER_RSP_LOG_SENT, (const guint8 *)request->packet,
              strlen (request->packet), 0);
}

/* Sends, ahead of their turn, the pipelined requests that follow a pipelined one. Only without
 * acks (a '-' would make the last one be sent again), and never past a handshake step. */
static void
send_ahead (TetherRspConnection *self)
{
  Request *last = g_queue_peek_tail (&self->ahead);
  Request *next;

  if (last == NULL)
    last = self->in_flight;

  while (self->no_ack && !self->handshaking && !self->rehandshake_needed &&
         g_queue_is_empty (&self->internal) &&
         last != NULL && (last->flags & TETHER_RSP_REQUEST_PIPELINE) != 0 &&
         g_queue_get_length (&self->ahead) < PIPELINE_WINDOW &&
         (next = g_queue_peek_head (&self->pending)) != NULL &&
         (next->flags & TETHER_RSP_REQUEST_PIPELINE) != 0)
    {
      g_queue_pop_head (&self->pending);
      send_frame (self, next);
      g_queue_push_tail (&self->ahead, next);
      last = next;
    }
}

void
_tether_rsp_connection_send_next (TetherRspConnection *self)
{
  Request *request;

  if (self->closed)
    return;

  /* The next answer is the oldest pipelined request's: it is in flight now. */
  if (self->in_flight == NULL && !g_queue_is_empty (&self->ahead))
    {
      self->in_flight = g_queue_pop_head (&self->ahead);
      _tether_rsp_connection_arm_timeout (self);
    }
  if (self->in_flight != NULL)
    {
      send_ahead (self);
      _tether_rsp_connection_flush (self);
      return;
    }

  request = g_queue_pop_head (&self->internal);
  if (request == NULL && !self->handshaking)
    {
      if (self->rehandshake_needed)
        {
          _tether_rsp_connection_start_handshake (self);
          request = g_queue_pop_head (&self->internal);
        }
      else
        request = g_queue_pop_head (&self->pending);
    }
  if (request == NULL)
    return;

  self->in_flight = request;
  send_frame (self, request);
  if ((request->flags & TETHER_RSP_REQUEST_RESUME) == 0)
    _tether_rsp_connection_arm_timeout (self);
  else if (self->interrupt_queued)
    {
      /* Asked for while this resume still waited its turn: it follows it. */
      static const guint8 interrupt = 0x03;

      self->interrupt_queued = FALSE;
      g_byte_array_append (self->outgoing, &interrupt, 1);
    }
  send_ahead (self);
  _tether_rsp_connection_flush (self);
}


void
tether_rsp_connection_interrupt (TetherRspConnection *self)
{
  g_return_if_fail (TETHER_IS_RSP_CONNECTION (self));

  if (self->closed)
    return;

  /* A target stopped before its resume is sent would ignore the byte and then run on. */
  if (self->in_flight != NULL && (self->in_flight->flags & TETHER_RSP_REQUEST_RESUME) != 0)
    _tether_rsp_connection_send_ack (self, '\x03');
  else
    {
      for (GList *l = self->pending.head; l != NULL; l = l->next)
        {
          Request *request = l->data;

          if ((request->flags & TETHER_RSP_REQUEST_RESUME) != 0)
            {
              self->interrupt_queued = TRUE;
              return;
            }
        }
      /* Nothing runs: a plain interrupt, as before. */
      _tether_rsp_connection_send_ack (self, '\x03');
    }
}
