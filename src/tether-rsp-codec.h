/* tether-rsp-codec.h: the GDB remote serial protocol framing, as a pure incremental codec
 *
 * No I/O and no GObject: bytes in, events out; payloads in, bytes out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TETHER_RSP_DEFAULT_MAX_PACKET (16u * 1024u * 1024u)

typedef enum
{
  TETHER_RSP_EVENT_NONE,          /* more bytes are needed */
  TETHER_RSP_EVENT_ACK,           /* '+' */
  TETHER_RSP_EVENT_NAK,           /* '-' */
  TETHER_RSP_EVENT_INTERRUPT,     /* 0x03 */
  TETHER_RSP_EVENT_PACKET,        /* "$payload#cs" with a good checksum; payload decoded */
  TETHER_RSP_EVENT_NOTIFICATION,  /* "%payload#cs" with a good checksum; payload decoded */
  TETHER_RSP_EVENT_BAD_CHECKSUM,  /* a packet or notification whose checksum did not match */
  TETHER_RSP_EVENT_TOO_LARGE,     /* a frame passed the bound: reported at once, the rest of the
                                   * frame up to its checksum is then skipped without an event */
  TETHER_RSP_EVENT_GARBAGE,       /* bytes outside any packet that mean nothing; skipped */
} TetherRspEventKind;

typedef struct
{
  TetherRspEventKind kind;
  /* PACKET and NOTIFICATION: the decoded payload (RLE expanded, then '}' escapes undone). Owned by the
   * event: free with tether_rsp_event_clear(). NULL for other kinds. */
  GBytes *payload;
  /* TRUE when the frame began with '%': a notification, even when BAD_CHECKSUM or TOO_LARGE says
   * it could not be read. A connection must not take such a frame for a command's reply. */
  gboolean notification;
} TetherRspEvent;

typedef struct _TetherRspDecoder TetherRspDecoder;

TetherRspDecoder *tether_rsp_decoder_new    (gsize             max_packet_size);
void              tether_rsp_decoder_free   (TetherRspDecoder *self);
void              tether_rsp_decoder_reset  (TetherRspDecoder *self);
/* Consumes bytes from @data until one event is complete or the input ends. Returns the number of bytes
 * consumed (always > 0 when @len > 0); @event->kind is NONE if the input ended first. Any split of the
 * same input gives the same events. */
gsize             tether_rsp_decoder_feed   (TetherRspDecoder *self,
                                             const guint8     *data,
                                             gsize             len,
                                             TetherRspEvent   *event);
void              tether_rsp_event_clear    (TetherRspEvent   *event);

/* Appends "$payload#cs" (or "%…" when @notification) to @out, escaping '#', '$', '}' and '*'. */
void              tether_rsp_encode         (GByteArray       *out,
                                             const guint8     *payload,
                                             gsize             len,
                                             gboolean          notification);

/* Hex helpers used throughout the protocol. */
char             *tether_hex_encode         (const guint8     *data,
                                             gsize             len);
char             *tether_hex_encode_string  (const char       *str);
/* Returns NULL if @hex has an odd length or a non-hex character. */
GBytes           *tether_hex_decode         (const char       *hex,
                                             gssize            len);
/* Decodes hex into a NUL-terminated string; NULL on bad hex or an embedded NUL. */
char             *tether_hex_decode_string  (const char       *hex,
                                             gssize            len);
gboolean          tether_hex_parse_uint64   (const char       *hex,
                                             gssize            len,
                                             guint64          *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherRspDecoder, tether_rsp_decoder_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TetherRspEvent, tether_rsp_event_clear)

G_END_DECLS
