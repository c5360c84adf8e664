/* fuzz-rsp-codec.c: the RSP framing decoder against arbitrary bytes in arbitrary chunkings
 *
 * Input: byte 0 picks the packet bound (0: the default), byte 1 seeds the chunking, the rest is
 * what a server sent. Invariants: every feed consumes at least one byte and no more than given;
 * no payload passes the bound; the events do not depend on how the bytes were split; a payload
 * encoded by tether_rsp_encode() decodes back to itself; the hex helpers agree with each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tether-rsp-codec.h"

typedef struct
{
  TetherRspEventKind kind;
  gboolean           notification;
  GBytes            *payload;
} Event;

static void
event_clear (gpointer data)
{
  Event *event = data;

  g_clear_pointer (&event->payload, g_bytes_unref);
}

/* Decodes @wire fed in chunks (@seed 0: all at once) and returns the events. */
static GArray *
decode (const guint8 *wire,
        gsize         len,
        gsize         max_packet,
        guint32       seed,
        gsize         max_chunk)
{
  g_autoptr(TetherRspDecoder) decoder = tether_rsp_decoder_new (max_packet);
  GArray *events = g_array_new (FALSE, TRUE, sizeof (Event));
  gsize bound = max_packet == 0 ? TETHER_RSP_DEFAULT_MAX_PACKET : max_packet;
  gsize offset = 0;

  g_array_set_clear_func (events, event_clear);

  while (offset < len)
    {
      gsize chunk = seed == 0 ? len - offset : fuzz_next_chunk (&seed, max_chunk);
      const guint8 *p = wire + offset;
      gsize left;

      chunk = MIN (chunk, len - offset);
      left = chunk;

      while (left > 0)
        {
          TetherRspEvent event = { 0 };
          gsize used = tether_rsp_decoder_feed (decoder, p, left, &event);

          FUZZ_CHECK (used > 0 && used <= left);
          p += used;
          left -= used;

          if (event.kind == TETHER_RSP_EVENT_NONE)
            {
              FUZZ_CHECK (event.payload == NULL);
              FUZZ_CHECK (left == 0);
              continue;
            }

          if (event.kind == TETHER_RSP_EVENT_PACKET || event.kind == TETHER_RSP_EVENT_NOTIFICATION)
            {
              FUZZ_CHECK (event.payload != NULL);
              FUZZ_CHECK (g_bytes_get_size (event.payload) <= bound);
              FUZZ_CHECK (event.notification == (event.kind == TETHER_RSP_EVENT_NOTIFICATION));
            }
          else
            {
              FUZZ_CHECK (event.payload == NULL);
            }

          g_array_append_vals (events, &(Event) { event.kind, event.notification,
                                                  g_steal_pointer (&event.payload) }, 1);
          tether_rsp_event_clear (&event);
        }
      offset += chunk;
    }

  return events;
}

static void
print_events (const char *what,
              GArray     *events)
{
  fprintf (stderr, "%s:", what);
  for (guint i = 0; i < events->len; i++)
    {
      Event *e = &g_array_index (events, Event, i);

      fprintf (stderr, " %d%s", e->kind, e->notification ? "n" : "");
    }
  fprintf (stderr, "\n");
}

static void
check_same_events (GArray *a,
                   GArray *b)
{
  if (g_getenv ("TETHER_FUZZ_DEBUG") != NULL)
    {
      print_events ("whole", a);
      print_events ("split", b);
    }
  FUZZ_CHECK (a->len == b->len);
  for (guint i = 0; i < a->len; i++)
    {
      Event *x = &g_array_index (a, Event, i);
      Event *y = &g_array_index (b, Event, i);

      FUZZ_CHECK (x->kind == y->kind);
      FUZZ_CHECK (x->notification == y->notification);
      FUZZ_CHECK ((x->payload == NULL) == (y->payload == NULL));
      if (x->payload != NULL)
        FUZZ_CHECK (g_bytes_equal (x->payload, y->payload));
    }
}

/* Whatever the payload, encoding then decoding gives it back, alone. */
static void
check_round_trip (const guint8 *payload,
                  gsize         len,
                  gboolean      notification)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GArray) events = NULL;
  Event *event;

  tether_rsp_encode (wire, payload, len, notification);
  events = decode (wire->data, wire->len, 0, 0, 0);
  FUZZ_CHECK (events->len == 1);
  event = &g_array_index (events, Event, 0);
  FUZZ_CHECK (event->kind == (notification ? TETHER_RSP_EVENT_NOTIFICATION
                                           : TETHER_RSP_EVENT_PACKET));
  FUZZ_CHECK (g_bytes_get_size (event->payload) == len);
  FUZZ_CHECK (len == 0 || memcmp (g_bytes_get_data (event->payload, NULL), payload, len) == 0);
}

static void
check_hex (const guint8 *data,
           gsize         len)
{
  g_autoptr(GBytes) bytes = tether_hex_decode ((const char *)data, len);
  g_autofree char *text = tether_hex_decode_string ((const char *)data, len);
  g_autofree char *encoded = tether_hex_encode (data, len);
  g_autoptr(GBytes) decoded = NULL;
  guint64 value;

  /* Bytes to hex and back. */
  FUZZ_CHECK (strlen (encoded) == 2 * len);
  decoded = tether_hex_decode (encoded, -1);
  FUZZ_CHECK (decoded != NULL && g_bytes_get_size (decoded) == len);
  FUZZ_CHECK (len == 0 || memcmp (g_bytes_get_data (decoded, NULL), data, len) == 0);

  /* Hex to bytes and back (any case in, lower case out). */
  if (bytes != NULL)
    {
      g_autofree char *again = tether_hex_encode (g_bytes_get_data (bytes, NULL),
                                                  g_bytes_get_size (bytes));

      FUZZ_CHECK (strlen (again) == len);
      FUZZ_CHECK (g_ascii_strncasecmp (again, (const char *)data, len) == 0);
      /* The string form fails only for an embedded NUL. */
      if (text == NULL)
        FUZZ_CHECK (memchr (g_bytes_get_data (bytes, NULL), 0, g_bytes_get_size (bytes)) != NULL);
      else
        FUZZ_CHECK (strlen (text) == g_bytes_get_size (bytes));
    }
  else
    {
      FUZZ_CHECK (text == NULL);
    }

  (void)tether_hex_parse_uint64 ((const char *)data, len, &value);
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
  g_autoptr(GArray) whole = NULL;
  g_autoptr(GArray) split = NULL;
  g_autoptr(GArray) bytewise = NULL;
  const guint8 *wire;
  gsize max_packet;
  gsize len;

  if (size < 2)
    return 0;

  /* Small bounds, so that TOO_LARGE and its skipping are reached; 0 is the default bound. */
  max_packet = data[0] == 0 ? 0 : (gsize)data[0] * 4;
  wire = data + 2;
  len = size - 2;

  whole = decode (wire, len, max_packet, 0, 0);
  split = decode (wire, len, max_packet, data[1] | 0x100u, 1 + data[1] % 64);
  check_same_events (whole, split);
  if (len <= 4096)
    {
      bytewise = decode (wire, len, max_packet, 1, 1);
      check_same_events (whole, bytewise);
    }

  check_round_trip (wire, len, data[1] & 1);
  check_hex (wire, MIN (len, 256));

  return 0;
}
