/* tether-fault-proxy.c
 *
 * Each accepted client makes a Link: the client's connection, the upstream connection, and two
 * Pipes (client to server, server to client). A pipe reads a chunk, applies its direction's mode,
 * queues what survives and writes its queue in order, one write at a time; injected bytes join the
 * same queue. Every pending operation (connect, read, write, delay) holds a reference on its link,
 * and every link one on the proxy, so that closing is just: cancel, shut the sockets down, and let
 * the callbacks drop their references. The pipes are in tether-fault-proxy-pipe.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "tether-fault-proxy-private.h"

#define DEFAULT_CHUNK_SIZE (64 * 1024)
#define MAX_CHUNK_SIZE     (1024 * 1024)
/* How long tether_fault_proxy_free() waits for cancelled operations to come back. */
#define FREE_WAIT_MS       10000

static guint
direction_index (TetherFaultDirection direction)
{
  g_return_val_if_fail (direction == TETHER_FAULT_TO_SERVER || direction == TETHER_FAULT_TO_CLIENT,
                        TO_CLIENT);

  return direction == TETHER_FAULT_TO_SERVER ? TO_SERVER : TO_CLIENT;
}

/* Proxy references */

static TetherFaultProxy *
proxy_ref (TetherFaultProxy *self)
{
  self->ref_count++;
  return self;
}

static void
proxy_unref (TetherFaultProxy *self)
{
  g_assert (self->ref_count > 0);

  if (--self->ref_count > 0)
    return;

  g_assert (self->links->len == 0);
  g_socket_listener_close (self->listener);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  if (self->finalized != NULL)
    *self->finalized = TRUE;
  g_free (self);
}

/* Links */

Link *
tether_fault_link_ref (Link *link)
{
  link->ref_count++;
  return link;
}

static void
close_stream (GSocketConnection *connection)
{
  if (connection == NULL)
    return;

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_object_unref (connection);
}

void
tether_fault_link_unref (Link *link)
{
  g_assert (link->ref_count > 0);

  if (--link->ref_count > 0)
    return;

  /* Nothing is pending on the streams any more: they can be closed for good. */
  for (guint i = 0; i < N_DIRECTIONS; i++)
    {
      Pipe *pipe = &link->pipes[i];

      g_assert (pipe->delay_source == NULL);
      g_queue_clear_full (&pipe->queue, (GDestroyNotify)tether_fault_item_free);
      g_clear_pointer (&pipe->delayed, g_bytes_unref);
      g_clear_pointer (&pipe->fill, g_free);
    }
  close_stream (g_steal_pointer (&link->client));
  close_stream (g_steal_pointer (&link->server));
  g_clear_object (&link->cancellable);
  proxy_unref (link->proxy);
  g_free (link);
}

static void
shutdown_socket (GSocketConnection *connection)
{
  if (connection == NULL)
    return;

  /* The peer sees the end now; the descriptor itself is closed once nothing is pending on it. */
  g_socket_shutdown (g_socket_connection_get_socket (connection), TRUE, TRUE, NULL);
}

void
tether_fault_link_close (Link *link)
{
  TetherFaultProxy *proxy = link->proxy;

  if (link->closed)
    return;

  tether_fault_link_ref (link);
  link->closed = TRUE;
  g_cancellable_cancel (link->cancellable);
  shutdown_socket (link->client);
  shutdown_socket (link->server);

  for (guint i = 0; i < N_DIRECTIONS; i++)
    {
      Pipe *pipe = &link->pipes[i];

      /* Its destroy notify drops the reference the timer held. */
      if (pipe->delay_source != NULL)
        g_source_destroy (g_steal_pointer (&pipe->delay_source));
    }

  if (g_ptr_array_remove (proxy->links, link))
    tether_fault_link_unref (link);
  tether_fault_link_unref (link);
}

/* Accepting */

static void
set_nodelay (GSocketConnection *connection)
{
  /* Requests and replies are small: Nagle would hold each one back. */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1,
                       NULL);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Link *link = user_data;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, NULL);

  if (link->closed)
    g_clear_object (&connection);
  else if (connection == NULL)
    tether_fault_link_close (link);
  else
    {
      set_nodelay (connection);
      link->server = connection;
      for (guint i = 0; i < N_DIRECTIONS; i++)
        {
          tether_fault_pipe_flush (&link->pipes[i]);
          tether_fault_pipe_read (&link->pipes[i]);
        }
    }

  tether_fault_link_unref (link);
}

static void
link_start (TetherFaultProxy  *self,
            GSocketConnection *client)
{
  Link *link = g_new0 (Link, 1);
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketAddress) upstream = NULL;

  link->ref_count = 1;   /* the one self->links holds */
  link->proxy = proxy_ref (self);
  link->client = g_object_ref (client);
  link->cancellable = g_cancellable_new ();
  for (guint i = 0; i < N_DIRECTIONS; i++)
    {
      link->pipes[i].link = link;
      link->pipes[i].direction = i;
      link->pipes[i].generation = self->config[i].generation;
      g_queue_init (&link->pipes[i].queue);
    }
  g_ptr_array_add (self->links, link);
  set_nodelay (client);

  upstream = g_inet_socket_address_new_from_string ("127.0.0.1", self->upstream_port);
  g_socket_client_connect_async (socket_client, G_SOCKET_CONNECTABLE (upstream), link->cancellable,
                                 connect_cb, tether_fault_link_ref (link));
}

static void start_accept (TetherFaultProxy *self);

static void
accept_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TetherFaultProxy *self = user_data;
  g_autoptr(GSocketConnection) client = NULL;
  g_autoptr(GError) error = NULL;

  client = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, &error);

  if (!self->stopped)
    {
      if (client == NULL)
        g_debug ("fault proxy: accept failed: %s", error->message);
      else
        {
          self->n_accepted++;
          if (self->config[TO_SERVER].mode == TETHER_FAULT_REFUSE ||
              self->config[TO_CLIENT].mode == TETHER_FAULT_REFUSE)
            g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
          else
            link_start (self, client);
        }
      start_accept (self);
    }

  proxy_unref (self);
}

static void
start_accept (TetherFaultProxy *self)
{
  g_socket_listener_accept_async (self->listener, self->cancellable, accept_cb, proxy_ref (self));
}

/* API */

TetherFaultProxy *
tether_fault_proxy_new (guint16 upstream_port)
{
  TetherFaultProxy *self = g_new0 (TetherFaultProxy, 1);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (upstream_port > 0, NULL);

  self->ref_count = 1;
  self->context = g_main_context_ref_thread_default ();
  self->listener = g_socket_listener_new ();
  self->cancellable = g_cancellable_new ();
  self->upstream_port = upstream_port;
  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->flip_mask = 0x01;
  self->links = g_ptr_array_new ();

  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_assert_cmpuint (self->port, >, 0);

  start_accept (self);
  return self;
}

static gboolean
free_timeout_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * tether_fault_proxy_free:
 * Stops listening, closes every link, and iterates the proxy's main context until its own
 * cancelled operations have come back, so that nothing of it is left. Not from a proxy callback.
 */
void
tether_fault_proxy_free (TetherFaultProxy *self)
{
  g_autoptr(GMainContext) context = NULL;
  gboolean finalized = FALSE;
  gboolean timed_out = FALSE;
  GSource *timeout;

  if (self == NULL)
    return;

  context = g_main_context_ref (self->context);
  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  tether_fault_proxy_drop_links (self);
  self->finalized = &finalized;
  proxy_unref (self);

  timeout = g_timeout_source_new (FREE_WAIT_MS);
  g_source_set_callback (timeout, free_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!finalized && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);

  if (!finalized)
    g_critical ("fault proxy: operations still pending %u ms after it was freed", FREE_WAIT_MS);
}

guint16
tether_fault_proxy_get_port (TetherFaultProxy *self)
{
  return self->port;
}

char *
tether_fault_proxy_dup_options (TetherFaultProxy *self)
{
  return g_strdup_printf ("tcp:server=127.0.0.1,port=%u", self->port);
}

void
tether_fault_proxy_set_mode (TetherFaultProxy     *self,
                             TetherFaultDirection  directions,
                             TetherFaultMode       mode,
                             guint64               param)
{
  g_return_if_fail (mode <= TETHER_FAULT_FLIP);

  for (guint i = 0; i < N_DIRECTIONS; i++)
    {
      if ((directions & (1 << i)) == 0)
        continue;

      self->config[i].mode = mode;
      self->config[i].param = param;
      self->config[i].generation++;
    }
}

TetherFaultMode
tether_fault_proxy_get_mode (TetherFaultProxy     *self,
                             TetherFaultDirection  direction)
{
  return self->config[direction_index (direction)].mode;
}

void
tether_fault_proxy_set_chunk_size (TetherFaultProxy *self,
                                   gsize             chunk_size)
{
  g_return_if_fail (chunk_size > 0 && chunk_size <= MAX_CHUNK_SIZE);

  self->chunk_size = chunk_size;
}

void
tether_fault_proxy_set_flip_mask (TetherFaultProxy *self,
                                  guint8            mask)
{
  g_return_if_fail (mask != 0);

  self->flip_mask = mask;
}

static guint
inject_item (TetherFaultProxy     *self,
             TetherFaultDirection  direction,
             GBytes               *bytes,
             guint8                byte,
             guint64               count)
{
  guint index = direction_index (direction);
  guint n = 0;

  for (guint i = 0; i < self->links->len; i++)
    {
      Link *link = g_ptr_array_index (self->links, i);
      Item *item = g_new0 (Item, 1);

      item->injected = TRUE;
      if (bytes != NULL)
        item->bytes = g_bytes_ref (bytes);
      else
        {
          item->byte = byte;
          item->left = count;
        }
      tether_fault_pipe_enqueue (&link->pipes[index], item);
      n++;
    }

  return n;
}

guint
tether_fault_proxy_inject (TetherFaultProxy     *self,
                           TetherFaultDirection  direction,
                           GBytes               *bytes)
{
  g_return_val_if_fail (bytes != NULL, 0);

  if (g_bytes_get_size (bytes) == 0)
    return 0;

  return inject_item (self, direction, bytes, 0, 0);
}

guint
tether_fault_proxy_inject_repeated (TetherFaultProxy     *self,
                                    TetherFaultDirection  direction,
                                    guint8                byte,
                                    guint64               count)
{
  if (count == 0)
    return 0;

  return inject_item (self, direction, NULL, byte, count);
}

guint
tether_fault_proxy_inject_packet (TetherFaultProxy     *self,
                                  TetherFaultDirection  direction,
                                  const char           *payload,
                                  gboolean              notification)
{
  g_autoptr(GBytes) bytes = NULL;
  guint8 sum = 0;
  char *frame;

  g_return_val_if_fail (payload != NULL, 0);

  for (const char *p = payload; *p != '\0'; p++)
    sum += (guint8)*p;
  frame = g_strdup_printf ("%c%s#%02x", notification ? '%' : '$', payload, sum);
  bytes = g_bytes_new_take (frame, strlen (frame));
  return inject_item (self, direction, bytes, 0, 0);
}

void
tether_fault_proxy_drop_links (TetherFaultProxy *self)
{
  while (self->links->len > 0)
    tether_fault_link_close (g_ptr_array_index (self->links, self->links->len - 1));
}

guint
tether_fault_proxy_get_n_accepted (TetherFaultProxy *self)
{
  return self->n_accepted;
}

guint
tether_fault_proxy_get_n_links (TetherFaultProxy *self)
{
  return self->links->len;
}

guint64
tether_fault_proxy_get_received (TetherFaultProxy     *self,
                                 TetherFaultDirection  direction)
{
  return self->received[direction_index (direction)];
}

guint64
tether_fault_proxy_get_relayed (TetherFaultProxy     *self,
                                TetherFaultDirection  direction)
{
  return self->relayed[direction_index (direction)];
}

guint64
tether_fault_proxy_get_injected (TetherFaultProxy     *self,
                                 TetherFaultDirection  direction)
{
  return self->injected[direction_index (direction)];
}
