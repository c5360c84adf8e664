/* tether-fault-proxy-private.h: what the proxy's accepting side (tether-fault-proxy.c) and its
 * pipes (tether-fault-proxy-pipe.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-fault-proxy.h"

G_BEGIN_DECLS

/* Bytes queued toward one side before the pipe stops reading from the other: backpressure. */
#define MAX_QUEUED         (256 * 1024)
#define FILL_SIZE          (64 * 1024)

enum
{
  TO_SERVER,
  TO_CLIENT,
  N_DIRECTIONS
};

typedef struct
{
  TetherFaultMode mode;
  guint64         param;
  guint           generation;   /* bumped by every set_mode: pipes restart their counting */
} DirectionConfig;

typedef struct
{
  GBytes   *bytes;       /* NULL for a run of one repeated byte */
  gsize     offset;      /* bytes: how much is written already */
  guint8    byte;        /* runs: the byte */
  guint64   left;        /* runs: how many are still to write */
  gboolean  injected;
} Item;

typedef struct _Link Link;

typedef struct
{
  Link     *link;
  guint     direction;   /* TO_SERVER or TO_CLIENT */

  gboolean  reading;
  GSource  *delay_source;  /* SLOW: the timer holding back @delayed */
  GBytes   *delayed;
  gboolean  ended;       /* the sender ended, or CUT_AFTER spent its budget: close once drained */

  guint     generation;  /* the DirectionConfig generation @counted belongs to */
  guint64   counted;     /* bytes read since the mode was set */
  gboolean  flipped;

  GQueue    queue;       /* Item* */
  guint64   queued;      /* bytes in @queue still to write */
  gboolean  writing;
  guint8   *fill;        /* FILL_SIZE copies of @fill_byte, for runs */
  guint8    fill_byte;
} Pipe;

struct _Link
{
  guint              ref_count;
  TetherFaultProxy  *proxy;
  GSocketConnection *client;
  GSocketConnection *server;  /* NULL until the upstream connection is made */
  GCancellable      *cancellable;
  Pipe               pipes[N_DIRECTIONS];
  gboolean           closed;
};

struct _TetherFaultProxy
{
  guint            ref_count;
  GMainContext    *context;
  GSocketListener *listener;
  GCancellable    *cancellable;
  guint16          port;
  guint16          upstream_port;

  DirectionConfig  config[N_DIRECTIONS];
  gsize            chunk_size;
  guint8           flip_mask;

  GPtrArray       *links;     /* Link*, open ones; each holds a reference */
  guint            n_accepted;
  guint64          received[N_DIRECTIONS];
  guint64          relayed[N_DIRECTIONS];
  guint64          injected[N_DIRECTIONS];

  gboolean         stopped;
  gboolean        *finalized; /* set by the last unref, for tether_fault_proxy_free() */
};

/* Links (tether-fault-proxy.c) */
Link    *tether_fault_link_ref      (Link *link);
void     tether_fault_link_unref    (Link *link);
void     tether_fault_link_close    (Link *link);

/* Items and pipes (tether-fault-proxy-pipe.c) */
void     tether_fault_item_free     (Item *item);
guint64  tether_fault_item_left     (const Item *item);
void     tether_fault_pipe_enqueue  (Pipe *pipe,
                                     Item *item);
void     tether_fault_pipe_flush    (Pipe *pipe);
void     tether_fault_pipe_read     (Pipe *pipe);

G_END_DECLS
