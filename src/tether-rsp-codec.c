/* tether-rsp-codec.c: the GDB remote serial protocol framing, as a pure incremental codec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-rsp-codec.h"

/*
 * Decoding, byte by byte (every rule depends only on the decoder's state and the current byte,
 * so any split of the input gives the same events; the fast paths below only batch bytes that
 * the per-byte rules would treat one at a time anyway):
 *
 * Outside a frame:
 *   '+', '-', 0x03   ACK, NAK, INTERRUPT.
 *   '$', '%'         start a packet or a notification; no event.
 *   anything else    garbage. The FIRST byte of each maximal run of garbage gives one GARBAGE
 *                    event; the rest of the run is skipped silently. A run ends at any of the
 *                    five bytes above (so "xx+yy" gives GARBAGE, ACK, GARBAGE). A stray "#cs" is
 *                    garbage too.
 *
 * Inside a frame (between the start byte and '#'):
 *   '$'              always abandons the frame: GARBAGE, and a new packet starts with this '$'.
 *                    This also holds where an RLE count or a checksum digit is expected ('#' and
 *                    '$' are never valid counts, and a '$' there means bytes were lost).
 *   '#'              always ends the payload; the next two bytes are the checksum, whatever they
 *                    are (except '$', above). A non-hex digit makes the checksum bad.
 *   anything else    payload, summed into the checksum as it is on the wire. '%' is plain data.
 *
 * The payload is decoded in the protocol's order: run-length encoding is expanded on the wire
 * bytes first ("X*c" is X then c - 29 more copies of X, where X is the previous wire byte,
 * possibly itself the second byte of an escape or the last byte of an earlier run), then '}'
 * escapes are undone on the expanded stream ('}' b gives b ^ 0x20). So "}]*!" is "}]]]]]"
 * expanded, which is "}]]]]" decoded.
 *
 * A frame is malformed if it has a '*' with no previous byte in the frame, a count byte outside
 * ' '..'~' (3..97 repeats), a '*' whose count is cut off by '#', or a '}' left dangling at the
 * end. Once malformed, the rest of the frame is only checksummed.
 *
 * When the frame ends, its event is the first that applies of:
 *   TOO_LARGE      the decoded payload would have passed max_packet_size (checked on every
 *                  append, including inside RLE expansion; from then on nothing is buffered).
 *                  It is given as soon as the bound is passed, not at the frame's end, and the
 *                  frame's end then gives no event,
 *   BAD_CHECKSUM   the checksum digits are not hex or do not match,
 *   GARBAGE        the frame was malformed but its checksum matched (resending would not help),
 *   PACKET or NOTIFICATION with the decoded payload.
 */

#define BUFFER_INITIAL_SIZE (16u * 1024u)
/* After a frame whose payload grew past this, the buffer is freed rather than kept for the next. */
#define BUFFER_KEEP_SIZE    (1024u * 1024u)

typedef enum
{
  STATE_IDLE,
  STATE_PAYLOAD,
  STATE_CHECKSUM_HIGH,
  STATE_CHECKSUM_LOW,
} DecoderState;

struct _TetherRspDecoder
{
  GByteArray   *buffer;           /* the decoded payload of the current frame */
  gsize         max_packet_size;
  DecoderState  state;
  gboolean      in_garbage;       /* inside a run of garbage whose event was already given */

  /* The current frame. */
  gboolean      notification;
  gboolean      have_last;        /* last_wire is valid: a '*' has something to repeat */
  guint8        last_wire;        /* the last byte of the RLE-expanded wire stream */
  gboolean      rle_pending;      /* a '*' was seen; the next byte is the count */
  gboolean      escape_pending;   /* a '}' was seen in the expanded stream */
  gboolean      malformed;
  gboolean      too_large;
  gboolean      too_large_reported;  /* TOO_LARGE was given as soon as the bound was passed */
  guint8        sum;
  int           checksum_high;    /* the first checksum digit's value, or -1 if not hex */
};

static inline int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static inline gboolean
is_idle_meaningful (guint8 c)
{
  return c == '+' || c == '-' || c == 0x03 || c == '$' || c == '%';
}

/* The wire bytes that end a run of plain payload bytes. */
static inline gboolean
is_payload_special (guint8 c)
{
  return c == '#' || c == '$' || c == '*' || c == '}';
}

static inline gboolean
needs_escape (guint8 c)
{
  return c == '#' || c == '$' || c == '}' || c == '*';
}

static void
discard_buffer (TetherRspDecoder *self)
{
  if (self->buffer->len > BUFFER_KEEP_SIZE)
    {
      g_byte_array_unref (self->buffer);
      self->buffer = g_byte_array_sized_new (BUFFER_INITIAL_SIZE);
    }
  else
    {
      g_byte_array_set_size (self->buffer, 0);
    }
}

static void
begin_frame (TetherRspDecoder *self,
             gboolean          notification)
{
  discard_buffer (self);
  self->state = STATE_PAYLOAD;
  self->in_garbage = FALSE;
  self->notification = notification;
  self->have_last = FALSE;
  self->last_wire = 0;
  self->rle_pending = FALSE;
  self->escape_pending = FALSE;
  self->malformed = FALSE;
  self->too_large = FALSE;
  self->too_large_reported = FALSE;
  self->sum = 0;
  self->checksum_high = -1;
}

static void
mark_malformed (TetherRspDecoder *self)
{
  self->malformed = TRUE;
  discard_buffer (self);
}

/* Makes room for @n more decoded bytes and points @dest at them; FALSE, and the frame is too large
 * (nothing more is buffered), if that would pass the bound. */
static gboolean
payload_grow (TetherRspDecoder  *self,
              gsize              n,
              guint8           **dest)
{
  guint old_len = self->buffer->len;

  /* old_len <= max_packet_size <= G_MAXUINT always, so neither side overflows. */
  if (n > self->max_packet_size - old_len)
    {
      self->too_large = TRUE;
      discard_buffer (self);
      return FALSE;
    }

  g_byte_array_set_size (self->buffer, old_len + (guint) n);
  *dest = self->buffer->data + old_len;
  return TRUE;
}

/* Passes one byte of the RLE-expanded wire stream through the unescaping stage. */
static void
emit_expanded (TetherRspDecoder *self,
               guint8            c)
{
  guint8 *dest;

  if (self->escape_pending)
    {
      c ^= 0x20;
      self->escape_pending = FALSE;
    }
  else if (c == '}')
    {
      self->escape_pending = TRUE;
      return;
    }

  if (payload_grow (self, 1, &dest))
    *dest = c;
}

/* Expands "X*c": @repeats more copies of the previous wire byte. */
static void
expand_run (TetherRspDecoder *self,
            guint             repeats)
{
  guint8 c = self->last_wire;
  guint8 *dest;

  if (c == '}')
    {
      /* Each '}' opens or closes an escape in turn; at most 97 of them. */
      for (guint i = 0; i < repeats && !self->too_large; i++)
        emit_expanded (self, c);
      return;
    }

  /* A pending escape would mean the previous wire byte was '}', but be safe. */
  if (self->escape_pending)
    {
      emit_expanded (self, c);
      repeats--;
    }

  if (repeats > 0 && payload_grow (self, repeats, &dest))
    memset (dest, c, repeats);
}

static gsize
finish_frame (TetherRspDecoder *self,
              int               checksum_low,
              TetherRspEvent   *event,
              gsize             consumed)
{
  gboolean checksum_ok = self->checksum_high >= 0 && checksum_low >= 0 &&
                         ((self->checksum_high << 4) | checksum_low) == self->sum;

  self->state = STATE_IDLE;
  self->in_garbage = FALSE;
  event->notification = self->notification;

  if (self->too_large && self->too_large_reported)
    event->kind = TETHER_RSP_EVENT_NONE;
  else if (self->too_large)
    event->kind = TETHER_RSP_EVENT_TOO_LARGE;
  else if (!checksum_ok)
    event->kind = TETHER_RSP_EVENT_BAD_CHECKSUM;
  else if (self->malformed || self->escape_pending)
    event->kind = TETHER_RSP_EVENT_GARBAGE;
  else
    {
      event->kind = self->notification ? TETHER_RSP_EVENT_NOTIFICATION : TETHER_RSP_EVENT_PACKET;
      event->payload = g_bytes_new (self->buffer->data, self->buffer->len);
    }

  discard_buffer (self);
  return consumed;
}

/**
 * tether_rsp_decoder_new:
 * @max_packet_size: the largest decoded payload accepted, in bytes; 0 means
 *   %TETHER_RSP_DEFAULT_MAX_PACKET. Values above %G_MAXUINT are clamped to it.
 */
TetherRspDecoder *
tether_rsp_decoder_new (gsize max_packet_size)
{
  TetherRspDecoder *self = g_new0 (TetherRspDecoder, 1);

  if (max_packet_size == 0)
    max_packet_size = TETHER_RSP_DEFAULT_MAX_PACKET;
  self->max_packet_size = MIN (max_packet_size, (gsize) G_MAXUINT);
  self->buffer = g_byte_array_sized_new (BUFFER_INITIAL_SIZE);
  self->state = STATE_IDLE;

  return self;
}

void
tether_rsp_decoder_free (TetherRspDecoder *self)
{
  g_return_if_fail (self != NULL);

  g_byte_array_unref (self->buffer);
  g_free (self);
}

/* Forgets any partial frame or garbage run, as if the decoder were new. */
void
tether_rsp_decoder_reset (TetherRspDecoder *self)
{
  g_return_if_fail (self != NULL);

  discard_buffer (self);
  self->state = STATE_IDLE;
  self->in_garbage = FALSE;
}

/* An endless packet must not wait for a '#' that never comes: TOO_LARGE is given as soon as the
 * bound is passed, once; the rest of the frame is then skipped without an event. */
static gboolean
report_too_large (TetherRspDecoder *self,
                  TetherRspEvent   *event)
{
  if (!self->too_large || self->too_large_reported)
    return FALSE;

  self->too_large_reported = TRUE;
  event->kind = TETHER_RSP_EVENT_TOO_LARGE;
  event->notification = self->notification;
  return TRUE;
}

/**
 * tether_rsp_decoder_feed:
 *
 * @event is overwritten: clear the previous event first. See the comment at the top of this file
 * for the exact rules.
 */
gsize
tether_rsp_decoder_feed (TetherRspDecoder *self,
                         const guint8     *data,
                         gsize             len,
                         TetherRspEvent   *event)
{
  gsize i = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);
  g_return_val_if_fail (event != NULL, 0);

  event->kind = TETHER_RSP_EVENT_NONE;
  event->payload = NULL;
  event->notification = FALSE;

  while (i < len)
    {
      guint8 c = data[i];

      switch (self->state)
        {
        case STATE_IDLE:
          i++;
          switch (c)
            {
            case '+':
              self->in_garbage = FALSE;
              event->kind = TETHER_RSP_EVENT_ACK;
              return i;

            case '-':
              self->in_garbage = FALSE;
              event->kind = TETHER_RSP_EVENT_NAK;
              return i;

            case 0x03:
              self->in_garbage = FALSE;
              event->kind = TETHER_RSP_EVENT_INTERRUPT;
              return i;

            case '$':
            case '%':
              begin_frame (self, c == '%');
              break;

            default:
              if (!self->in_garbage)
                {
                  self->in_garbage = TRUE;
                  event->kind = TETHER_RSP_EVENT_GARBAGE;
                  return i;
                }
              while (i < len && !is_idle_meaningful (data[i]))
                i++;
              break;
            }
          break;

        case STATE_PAYLOAD:
          i++;
          if (c == '$')
            {
              begin_frame (self, FALSE);
              event->kind = TETHER_RSP_EVENT_GARBAGE;
              return i;
            }
          if (c == '#')
            {
              if (self->rle_pending)
                mark_malformed (self);
              self->rle_pending = FALSE;
              self->state = STATE_CHECKSUM_HIGH;
              break;
            }

          self->sum += c;

          if (self->malformed || self->too_large)
            {
              /* Only the checksum matters now. */
              while (i < len && data[i] != '#' && data[i] != '$')
                self->sum += data[i++];
              if (report_too_large (self, event))
                return i;
              break;
            }

          if (self->rle_pending)
            {
              self->rle_pending = FALSE;
              if (c < ' ' || c > '~')
                mark_malformed (self);
              else
                expand_run (self, c - 29u);
              if (report_too_large (self, event))
                return i;
              break;
            }

          if (c == '*')
            {
              if (self->have_last)
                self->rle_pending = TRUE;
              else
                mark_malformed (self);
              break;
            }

          self->have_last = TRUE;
          self->last_wire = c;

          if (c == '}' || self->escape_pending)
            {
              emit_expanded (self, c);
            }
          else
            {
              /* The hot path: a run of plain bytes, copied in one go. */
              gsize start = i - 1;
              guint8 *dest;

              while (i < len && !is_payload_special (data[i]))
                self->sum += data[i++];
              self->last_wire = data[i - 1];
              if (payload_grow (self, i - start, &dest))
                memcpy (dest, data + start, i - start);
            }

          if (report_too_large (self, event))
            return i;
          break;

        case STATE_CHECKSUM_HIGH:
          i++;
          if (c == '$')
            {
              begin_frame (self, FALSE);
              event->kind = TETHER_RSP_EVENT_GARBAGE;
              return i;
            }
          self->checksum_high = hex_value (c);
          self->state = STATE_CHECKSUM_LOW;
          break;

        case STATE_CHECKSUM_LOW:
          i++;
          if (c == '$')
            {
              begin_frame (self, FALSE);
              event->kind = TETHER_RSP_EVENT_GARBAGE;
              return i;
            }
          finish_frame (self, hex_value (c), event, i);
          /* A frame already reported as too large ends quietly: go on decoding, and do not let
           * its '%' mark whatever event comes next as a notification. */
          if (event->kind != TETHER_RSP_EVENT_NONE)
            return i;
          event->notification = FALSE;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return i;
}

void
tether_rsp_event_clear (TetherRspEvent *event)
{
  g_return_if_fail (event != NULL);

  g_clear_pointer (&event->payload, g_bytes_unref);
  event->kind = TETHER_RSP_EVENT_NONE;
}

void
tether_rsp_encode (GByteArray   *out,
                   const guint8 *payload,
                   gsize         len,
                   gboolean      notification)
{
  guint8 sum = 0;
  gsize i = 0;
  char trailer[4];

  g_return_if_fail (out != NULL);
  g_return_if_fail (payload != NULL || len == 0);
  /* GByteArray lengths are guint: at most 2 * len + 4 bytes are appended. */
  g_return_if_fail (out->len <= G_MAXUINT - 4 && len <= (G_MAXUINT - 4 - out->len) / 2);

  g_byte_array_append (out, (const guint8 *) (notification ? "%" : "$"), 1);

  while (i < len)
    {
      gsize start = i;

      while (i < len && !needs_escape (payload[i]))
        sum += payload[i++];
      if (i > start)
        g_byte_array_append (out, payload + start, (guint) (i - start));

      if (i < len)
        {
          guint8 escaped[2] = { '}', payload[i] ^ 0x20 };

          sum += escaped[0] + escaped[1];
          g_byte_array_append (out, escaped, 2);
          i++;
        }
    }

  g_snprintf (trailer, sizeof trailer, "#%02x", sum);
  g_byte_array_append (out, (const guint8 *) trailer, 3);
}

char *
tether_hex_encode (const guint8 *data,
                   gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *hex;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (len < G_MAXSIZE / 2, NULL);

  hex = g_malloc (len * 2 + 1);
  for (gsize i = 0; i < len; i++)
    {
      hex[2 * i] = digits[data[i] >> 4];
      hex[2 * i + 1] = digits[data[i] & 0xf];
    }
  hex[len * 2] = '\0';

  return hex;
}

char *
tether_hex_encode_string (const char *str)
{
  g_return_val_if_fail (str != NULL, NULL);

  return tether_hex_encode ((const guint8 *) str, strlen (str));
}

/* Decodes @n hex digits (@n even) into @out; FALSE on a non-hex digit. */
static gboolean
hex_decode_into (const char *hex,
                 gsize       n,
                 guint8     *out)
{
  for (gsize i = 0; i < n; i += 2)
    {
      int high = hex_value ((guint8) hex[i]);
      int low = hex_value ((guint8) hex[i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      out[i / 2] = (guint8) ((high << 4) | low);
    }

  return TRUE;
}

GBytes *
tether_hex_decode (const char *hex,
                   gssize      len)
{
  g_autofree guint8 *data = NULL;
  gsize n;

  g_return_val_if_fail (hex != NULL || len == 0, NULL);

  n = len < 0 ? strlen (hex) : (gsize) len;
  if (n % 2 != 0)
    return NULL;

  data = g_malloc (n / 2);
  if (!hex_decode_into (hex, n, data))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&data), n / 2);
}

char *
tether_hex_decode_string (const char *hex,
                          gssize      len)
{
  g_autofree char *str = NULL;
  gsize n;

  g_return_val_if_fail (hex != NULL || len == 0, NULL);

  n = len < 0 ? strlen (hex) : (gsize) len;
  if (n % 2 != 0)
    return NULL;

  str = g_malloc (n / 2 + 1);
  if (!hex_decode_into (hex, n, (guint8 *) str))
    return NULL;
  if (memchr (str, '\0', n / 2) != NULL)
    return NULL;
  str[n / 2] = '\0';

  return g_steal_pointer (&str);
}

/* Parses a non-empty run of hex digits, without prefix or sign, as an unsigned 64-bit value.
 * Leading zeros are fine. @out may be NULL; it is left alone on failure. */
gboolean
tether_hex_parse_uint64 (const char *hex,
                         gssize      len,
                         guint64    *out)
{
  guint64 value = 0;
  gsize n;

  g_return_val_if_fail (hex != NULL || len == 0, FALSE);

  n = len < 0 ? strlen (hex) : (gsize) len;
  if (n == 0)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      int digit = hex_value ((guint8) hex[i]);

      if (digit < 0 || value > (G_MAXUINT64 >> 4))
        return FALSE;
      value = (value << 4) | (guint64) digit;
    }

  if (out != NULL)
    *out = value;
  return TRUE;
}
