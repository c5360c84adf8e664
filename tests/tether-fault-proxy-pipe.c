/* tether-fault-proxy-pipe.c: one direction of a fault proxy's link
 *
 * A pipe reads a chunk from its sending side, applies its direction's fault mode, queues what
 * survives and writes its queue in order to the receiving side, one write at a time; injected bytes
 * join the same queue. Every pending read, write and delay holds a reference on the link.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-fault-proxy-private.h"

/* Items */

void
tether_fault_item_free (Item *item)
{
  g_clear_pointer (&item->bytes, g_bytes_unref);
  g_free (item);
}

guint64
tether_fault_item_left (const Item *item)
{
  return item->bytes != NULL ? g_bytes_get_size (item->bytes) - item->offset : item->left;
}

static GIOStream *
pipe_source (Pipe *pipe)
{
  GSocketConnection *connection = pipe->direction == TO_SERVER ? pipe->link->client
                                                               : pipe->link->server;

  return connection != NULL ? G_IO_STREAM (connection) : NULL;
}

static GIOStream *
pipe_sink (Pipe *pipe)
{
  GSocketConnection *connection = pipe->direction == TO_SERVER ? pipe->link->server
                                                               : pipe->link->client;

  return connection != NULL ? G_IO_STREAM (connection) : NULL;
}

/* Writing */

static void
pipe_maybe_end (Pipe *pipe)
{
  if (pipe->ended && !pipe->writing && pipe->delay_source == NULL &&
      g_queue_is_empty (&pipe->queue))
    tether_fault_link_close (pipe->link);
}

void
tether_fault_pipe_enqueue (Pipe *pipe,
                           Item *item)
{
  pipe->queued += tether_fault_item_left (item);
  g_queue_push_tail (&pipe->queue, item);
  tether_fault_pipe_flush (pipe);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Pipe *pipe = user_data;
  Link *link = pipe->link;
  gssize written;
  Item *item;

  written = g_output_stream_write_finish (G_OUTPUT_STREAM (object), result, NULL);
  pipe->writing = FALSE;

  if (link->closed)
    {
      tether_fault_link_unref (link);
      return;
    }
  if (written <= 0)
    {
      /* The receiving side is gone. */
      tether_fault_link_close (link);
      tether_fault_link_unref (link);
      return;
    }

  item = g_queue_peek_head (&pipe->queue);
  if (item->injected)
    link->proxy->injected[pipe->direction] += written;
  else
    link->proxy->relayed[pipe->direction] += written;
  pipe->queued -= written;

  if (item->bytes != NULL)
    item->offset += written;
  else
    item->left -= written;
  if (tether_fault_item_left (item) == 0)
    tether_fault_item_free (g_queue_pop_head (&pipe->queue));

  tether_fault_pipe_flush (pipe);
  tether_fault_pipe_read (pipe);
  pipe_maybe_end (pipe);
  tether_fault_link_unref (link);
}

void
tether_fault_pipe_flush (Pipe *pipe)
{
  GIOStream *sink = pipe_sink (pipe);
  const guint8 *data;
  gsize len;
  Item *item;

  if (pipe->link->closed || pipe->writing || sink == NULL ||
      (item = g_queue_peek_head (&pipe->queue)) == NULL)
    return;

  if (item->bytes != NULL)
    {
      data = (const guint8 *)g_bytes_get_data (item->bytes, NULL) + item->offset;
      len = g_bytes_get_size (item->bytes) - item->offset;
    }
  else
    {
      if (pipe->fill == NULL)
        {
          pipe->fill = g_malloc (FILL_SIZE);
          pipe->fill_byte = ~item->byte;
        }
      if (pipe->fill_byte != item->byte)
        {
          memset (pipe->fill, item->byte, FILL_SIZE);
          pipe->fill_byte = item->byte;
        }
      data = pipe->fill;
      len = (gsize)MIN (item->left, (guint64)FILL_SIZE);
    }

  pipe->writing = TRUE;
  g_output_stream_write_async (g_io_stream_get_output_stream (sink), data, len, G_PRIORITY_DEFAULT,
                               pipe->link->cancellable, write_cb, pipe);
  tether_fault_link_ref (pipe->link);
}

static void
pipe_relay (Pipe   *pipe,
            GBytes *bytes)
{
  Item *item;

  if (g_bytes_get_size (bytes) == 0)
    return;

  item = g_new0 (Item, 1);
  item->bytes = g_bytes_ref (bytes);
  tether_fault_pipe_enqueue (pipe, item);
}

/* Reading */

static gboolean
delay_cb (gpointer user_data)
{
  Pipe *pipe = user_data;
  g_autoptr(GBytes) bytes = g_steal_pointer (&pipe->delayed);

  pipe->delay_source = NULL;
  pipe_relay (pipe, bytes);
  tether_fault_pipe_read (pipe);
  pipe_maybe_end (pipe);
  return G_SOURCE_REMOVE;
}

static void
delay_destroy (gpointer user_data)
{
  Pipe *pipe = user_data;

  tether_fault_link_unref (pipe->link);
}

static void
pipe_delay (Pipe   *pipe,
            GBytes *bytes,
            guint   delay_ms)
{
  GSource *source = g_timeout_source_new (delay_ms);

  pipe->delayed = g_bytes_ref (bytes);
  g_source_set_callback (source, delay_cb, pipe, delay_destroy);
  g_source_set_name (source, "[tether] fault proxy delay");
  tether_fault_link_ref (pipe->link);
  g_source_attach (source, pipe->link->proxy->context);
  pipe->delay_source = source;
  g_source_unref (source);
}

/* Applies the direction's mode to a chunk just read. */
static void
pipe_process (Pipe   *pipe,
              GBytes *bytes)
{
  TetherFaultProxy *proxy = pipe->link->proxy;
  const DirectionConfig *config = &proxy->config[pipe->direction];
  gsize len = g_bytes_get_size (bytes);
  guint64 start;

  if (pipe->generation != config->generation)
    {
      pipe->generation = config->generation;
      pipe->counted = 0;
      pipe->flipped = FALSE;
    }
  start = pipe->counted;
  pipe->counted += len;

  switch (config->mode)
    {
    case TETHER_FAULT_PASS:
      pipe_relay (pipe, bytes);
      break;

    case TETHER_FAULT_REFUSE:
      tether_fault_link_close (pipe->link);
      break;

    case TETHER_FAULT_BLACKHOLE:
      break;

    case TETHER_FAULT_SLOW:
      pipe_delay (pipe, bytes, (guint)MIN (config->param, (guint64)G_MAXUINT));
      break;

    case TETHER_FAULT_CUT_AFTER:
      if (start + len < config->param)
        pipe_relay (pipe, bytes);
      else
        {
          g_autoptr(GBytes) head = NULL;

          if (start < config->param)
            {
              head = g_bytes_new_from_bytes (bytes, 0, (gsize)(config->param - start));
              pipe_relay (pipe, head);
            }
          pipe->ended = TRUE;
        }
      break;

    case TETHER_FAULT_FLIP:
      if (!pipe->flipped && config->param >= start && config->param < start + len)
        {
          gsize size = 0;
          guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &size);
          g_autoptr(GBytes) flipped = NULL;

          data[config->param - start] ^= proxy->flip_mask;
          flipped = g_bytes_new_take (data, size);
          pipe->flipped = TRUE;
          pipe_relay (pipe, flipped);
        }
      else
        pipe_relay (pipe, bytes);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pipe *pipe = user_data;
  Link *link = pipe->link;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  pipe->reading = FALSE;

  if (!link->closed)
    {
      if (bytes == NULL || g_bytes_get_size (bytes) == 0)
        pipe->ended = TRUE;
      else
        {
          link->proxy->received[pipe->direction] += g_bytes_get_size (bytes);
          pipe_process (pipe, bytes);
        }

      if (!link->closed)
        {
          tether_fault_pipe_read (pipe);
          pipe_maybe_end (pipe);
        }
    }

  tether_fault_link_unref (link);
}

void
tether_fault_pipe_read (Pipe *pipe)
{
  GIOStream *source = pipe_source (pipe);

  if (pipe->link->closed || pipe->reading || pipe->ended || pipe->delay_source != NULL ||
      source == NULL || pipe->queued >= MAX_QUEUED)
    return;

  pipe->reading = TRUE;
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (source),
                                   pipe->link->proxy->chunk_size, G_PRIORITY_DEFAULT,
                                   pipe->link->cancellable, read_cb, pipe);
  tether_fault_link_ref (pipe->link);
}
