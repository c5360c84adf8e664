/* tether-rsp-connection-io.c: TetherRspConnection: reading, writing and acknowledging bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-rsp-connection-private.h"

Io *
_tether_rsp_io_new (TetherRspConnection *self,
        GIOStream           *stream)
{
  Io *io = g_atomic_rc_box_new0 (Io);

  g_weak_ref_init (&io->self, self);
  io->stream = g_object_ref (stream);
  io->cancellable = g_cancellable_new ();
  io->buffer = g_malloc (READ_BUFFER_SIZE);
  return io;
}

static void
io_clear (Io *io)
{
  g_weak_ref_clear (&io->self);
  g_clear_object (&io->stream);
  g_clear_object (&io->cancellable);
  g_clear_pointer (&io->buffer, g_free);
  g_clear_pointer (&io->writing, g_bytes_unref);
}

static Io *
io_ref (Io *io)
{
  return g_atomic_rc_box_acquire (io);
}

void
_tether_rsp_io_unref (Io *io)
{
  g_atomic_rc_box_release_full (io, (GDestroyNotify)io_clear);
}

/* Writing */


static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Io *io = user_data;
  g_autoptr(TetherRspConnection) self = g_weak_ref_get (&io->self);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  g_clear_pointer (&io->writing, g_bytes_unref);

  if (self != NULL && !self->closed)
    {
      if (error != NULL)
        _tether_rsp_connection_close_with (self, TETHER_ERROR_CLOSED, _("Lost the connection to the server: %s"),
                    error->message);
      else
        _tether_rsp_connection_flush (self);
    }

  _tether_rsp_io_unref (io);
}

void
_tether_rsp_connection_flush (TetherRspConnection *self)
{
  GOutputStream *out;
  gsize len;
  gconstpointer data;

  if (self->closed || self->io->writing != NULL || self->outgoing->len == 0)
    return;

  self->io->writing = g_byte_array_free_to_bytes (g_steal_pointer (&self->outgoing));
  self->outgoing = g_byte_array_new ();

  out = g_io_stream_get_output_stream (self->io->stream);
  data = g_bytes_get_data (self->io->writing, &len);
  g_output_stream_write_all_async (out, data, len, G_PRIORITY_DEFAULT, self->io->cancellable,
                                   write_cb, io_ref (self->io));
}

void
_tether_rsp_connection_send_ack (TetherRspConnection *self,
          char                 ack)
{
  g_byte_array_append (self->outgoing, (const guint8 *)&ack, 1);
  _tether_rsp_connection_flush (self);
}

/* Reading */


static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Io *io = user_data;
  g_autoptr(TetherRspConnection) self = g_weak_ref_get (&io->self);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (self == NULL || self->closed)
    {
      _tether_rsp_io_unref (io);
      return;
    }

  if (n < 0)
    _tether_rsp_connection_close_with (self, TETHER_ERROR_CLOSED, _("Lost the connection to the server: %s"),
                error->message);
  else if (n == 0)
    _tether_rsp_connection_close_with (self, TETHER_ERROR_CLOSED, _("The server closed the connection"));
  else
    {
      const guint8 *data = io->buffer;
      gsize left = n;

      while (left > 0 && !self->closed)
        {
          g_auto(TetherRspEvent) event = { 0 };
          gsize used = tether_rsp_decoder_feed (self->decoder, data, left, &event);

          data += used;
          left -= used;
          _tether_rsp_connection_handle_event (self, &event);
        }

      _tether_rsp_connection_start_read (self);
    }

  _tether_rsp_io_unref (io);
}

void
_tether_rsp_connection_start_read (TetherRspConnection *self)
{
  GInputStream *in;

  if (self->closed)
    return;

  in = g_io_stream_get_input_stream (self->io->stream);
  g_input_stream_read_async (in, self->io->buffer, READ_BUFFER_SIZE, G_PRIORITY_DEFAULT,
                             self->io->cancellable, read_cb, io_ref (self->io));
}
