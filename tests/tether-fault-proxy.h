/* tether-fault-proxy.h: a fault-injecting TCP proxy in front of a real gdbserver, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the proxy does to the bytes going one way. Each direction has its own mode, and a mode can
 * be changed at any time: it applies to the next chunk read, on every open link and on new ones. */
typedef enum
{
  TETHER_FAULT_PASS,       /* relay unchanged */
  TETHER_FAULT_REFUSE,     /* new clients are closed as soon as they are accepted (if either
                            * direction refuses); on an open link, the next bytes that arrive
                            * this way close it instead */
  TETHER_FAULT_BLACKHOLE,  /* read and discard: the other side never hears a thing */
  TETHER_FAULT_SLOW,       /* delay every chunk by @param ms (see set_chunk_size) */
  TETHER_FAULT_CUT_AFTER,  /* let @param more bytes through, then close both sides of the link */
  TETHER_FAULT_FLIP,       /* flip the bits of the flip mask in the byte at offset @param (0 is the
                            * first byte after the mode was set), once per link; then relay */
} TetherFaultMode;

typedef enum
{
  TETHER_FAULT_TO_SERVER = 1 << 0,   /* from the client (Tether) to the real server */
  TETHER_FAULT_TO_CLIENT = 1 << 1,   /* from the real server to the client */
  TETHER_FAULT_BOTH      = TETHER_FAULT_TO_SERVER | TETHER_FAULT_TO_CLIENT,
} TetherFaultDirection;

/**
 * TetherFaultProxy:
 * Listens on 127.0.0.1 on a port of its own and, for each client it accepts (a "link"), connects
 * to the real server on 127.0.0.1:@upstream_port and relays bytes both ways, applying each
 * direction's fault mode. Everything runs on the thread-default main context of its creator.
 * tether_fault_proxy_free() closes every socket and waits for the proxy's own pending operations.
 */
typedef struct _TetherFaultProxy TetherFaultProxy;

TetherFaultProxy *tether_fault_proxy_new              (guint16               upstream_port);
void              tether_fault_proxy_free             (TetherFaultProxy     *self);
guint16           tether_fault_proxy_get_port         (TetherFaultProxy     *self);
/* "tcp:server=127.0.0.1,port=N" for the proxy's port. */
char             *tether_fault_proxy_dup_options      (TetherFaultProxy     *self);

/* Sets the mode of one or both directions; @param is the delay in ms (SLOW), the byte budget
 * (CUT_AFTER) or the byte offset (FLIP), and is ignored otherwise. Counting restarts at every
 * call. */
void              tether_fault_proxy_set_mode         (TetherFaultProxy     *self,
                                                       TetherFaultDirection  directions,
                                                       TetherFaultMode       mode,
                                                       guint64               param);
TetherFaultMode   tether_fault_proxy_get_mode         (TetherFaultProxy     *self,
                                                       TetherFaultDirection  direction);
/* The largest chunk read at once, so that SLOW delays and the relayed writes come in pieces of at
 * most this size (default 64 KiB; 1 relays byte by byte). */
void              tether_fault_proxy_set_chunk_size   (TetherFaultProxy     *self,
                                                       gsize                 chunk_size);
/* The bits FLIP flips (default 0x01). */
void              tether_fault_proxy_set_flip_mask    (TetherFaultProxy     *self,
                                                       guint8                mask);

/* Queues raw bytes toward one side of every open link, after what is already queued that way;
 * they bypass the direction's mode. Returns the number of links they were queued on. */
guint             tether_fault_proxy_inject           (TetherFaultProxy     *self,
                                                       TetherFaultDirection  direction,
                                                       GBytes               *bytes);
/* Queues @count copies of @byte (generated as they are written: any count costs no memory). */
guint             tether_fault_proxy_inject_repeated  (TetherFaultProxy     *self,
                                                       TetherFaultDirection  direction,
                                                       guint8                byte,
                                                       guint64               count);
/* Queues "$payload#cs" (or "%payload#cs") with a correct checksum; @payload is sent as it is, so
 * escape '#', '$', '}' and '*' yourself. */
guint             tether_fault_proxy_inject_packet    (TetherFaultProxy     *self,
                                                       TetherFaultDirection  direction,
                                                       const char           *payload,
                                                       gboolean              notification);

/* Closes every open link at once, as a network failure would; the proxy keeps listening. */
void              tether_fault_proxy_drop_links       (TetherFaultProxy     *self);

/* Clients accepted so far, and links open now (accepted and not closed yet). */
guint             tether_fault_proxy_get_n_accepted   (TetherFaultProxy     *self);
guint             tether_fault_proxy_get_n_links      (TetherFaultProxy     *self);
/* Totals over all links, for one direction: bytes read from the sending side, bytes of those
 * written to the receiving side, and injected bytes written to it. */
guint64           tether_fault_proxy_get_received     (TetherFaultProxy     *self,
                                                       TetherFaultDirection  direction);
guint64           tether_fault_proxy_get_relayed      (TetherFaultProxy     *self,
                                                       TetherFaultDirection  direction);
guint64           tether_fault_proxy_get_injected     (TetherFaultProxy     *self,
                                                       TetherFaultDirection  direction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherFaultProxy, tether_fault_proxy_free)

G_END_DECLS
