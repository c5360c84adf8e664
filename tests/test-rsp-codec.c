/* test-rsp-codec.c: the RSP framing decoder, and the encoder checked against it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-rsp-codec.h"

/* Fixed, so that a failure reproduces; independent of g_test's --seed. */
#define SPLIT_SEED 0x7e7e7e7eu
#define N_RANDOM_SPLITS 25

typedef struct
{
  TetherRspEventKind  kind;
  const char         *payload;  /* PACKET and NOTIFICATION only */
  gsize               len;
} Expected;

#define EV(k)   { TETHER_RSP_EVENT_ ## k, NULL, 0 }
#define PKT(s)  { TETHER_RSP_EVENT_PACKET, (s), sizeof (s) - 1 }
#define NTF(s)  { TETHER_RSP_EVENT_NOTIFICATION, (s), sizeof (s) - 1 }

typedef enum
{
  SPLIT_WHOLE,
  SPLIT_BYTES,
  SPLIT_RANDOM,
} SplitMode;

static const char *
kind_name (TetherRspEventKind kind)
{
  switch (kind)
    {
    case TETHER_RSP_EVENT_NONE:         return "NONE";
    case TETHER_RSP_EVENT_ACK:          return "ACK";
    case TETHER_RSP_EVENT_NAK:          return "NAK";
    case TETHER_RSP_EVENT_INTERRUPT:    return "INTERRUPT";
    case TETHER_RSP_EVENT_PACKET:       return "PACKET";
    case TETHER_RSP_EVENT_NOTIFICATION: return "NOTIFICATION";
    case TETHER_RSP_EVENT_BAD_CHECKSUM: return "BAD_CHECKSUM";
    case TETHER_RSP_EVENT_TOO_LARGE:    return "TOO_LARGE";
    case TETHER_RSP_EVENT_GARBAGE:      return "GARBAGE";
    default:                            return "(invalid)";
    }
}

static void
append_raw_len (GByteArray *out,
                const void *data,
                gsize       len)
{
  g_byte_array_append (out, data, len);
}

static void
append_raw (GByteArray *out,
            const char *str)
{
  append_raw_len (out, str, strlen (str));
}

/* Frames wire bytes as they are given (already escaped and/or run-length encoded), with a checksum
 * computed here, independently of the codec. */
static void
append_frame_len (GByteArray *out,
                  char        start,
                  const void *wire,
                  gsize       len,
                  gboolean    upper)
{
  const guint8 *bytes = wire;
  guint sum = 0;
  char trailer[4];

  for (gsize i = 0; i < len; i++)
    sum += bytes[i];
  g_snprintf (trailer, sizeof trailer, upper ? "#%02X" : "#%02x", sum & 0xff);

  g_byte_array_append (out, (const guint8 *) &start, 1);
  append_raw_len (out, wire, len);
  append_raw (out, trailer);
}

#define append_frame(out, start, literal) \
  append_frame_len ((out), (start), (literal), sizeof (literal) - 1, FALSE)

/* Run-length encodes escaped wire bytes the way gdbserver does: runs of 4 to 98, never a count of
 * '#' or '$'. */
static void
append_rle (GByteArray   *out,
            const guint8 *in,
            gsize         len)
{
  gsize i = 0;

  while (i < len)
    {
      gsize run = 1;
      gsize repeats;

      while (i + run < len && in[i + run] == in[i] && run < 98)
        run++;
      repeats = run - 1;
      while (repeats + 29 == '#' || repeats + 29 == '$')
        repeats--;

      g_byte_array_append (out, &in[i], 1);
      if (repeats >= 3)
        {
          guint8 rle[2] = { '*', (guint8) (repeats + 29) };

          g_byte_array_append (out, rle, 2);
          i += 1 + repeats;
        }
      else
        {
          i++;
        }
    }
}

/* Encodes @payload with the codec's encoder, then run-length encodes the escaped bytes. */
static void
append_rle_frame (GByteArray   *out,
                  const guint8 *payload,
                  gsize         len,
                  gboolean      notification)
{
  g_autoptr(GByteArray) encoded = g_byte_array_new ();
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  tether_rsp_encode (encoded, payload, len, notification);
  append_rle (wire, encoded->data + 1, encoded->len - 4);
  append_frame_len (out, notification ? '%' : '$', wire->data, wire->len, FALSE);
}

static gsize
next_chunk (SplitMode  mode,
            GRand     *rand,
            gsize      remaining)
{
  switch (mode)
    {
    case SPLIT_WHOLE:
      return remaining;
    case SPLIT_BYTES:
      return 1;
    case SPLIT_RANDOM:
      return g_rand_int_range (rand, 1, g_rand_boolean (rand) ? 17 : 4097);
    default:
      g_assert_not_reached ();
    }
}

/* Decodes @data split into chunks as @mode says, checking feed()'s contract on every call. */
static GArray *
decode_stream (gsize         max,
               const guint8 *data,
               gsize         len,
               SplitMode     mode,
               GRand        *rand)
{
  g_autoptr(TetherRspDecoder) decoder = tether_rsp_decoder_new (max);
  GArray *events = g_array_new (FALSE, TRUE, sizeof (TetherRspEvent));
  gsize offset = 0;

  g_array_set_clear_func (events, (GDestroyNotify) tether_rsp_event_clear);

  while (offset < len)
    {
      gsize chunk = next_chunk (mode, rand, len - offset);
      gsize end = offset + MIN (chunk, len - offset);

      while (offset < end)
        {
          TetherRspEvent event = { TETHER_RSP_EVENT_NONE, NULL };
          gsize n = tether_rsp_decoder_feed (decoder, data + offset, end - offset, &event);

          g_assert_cmpuint (n, >, 0);
          g_assert_cmpuint (n, <=, end - offset);
          offset += n;

          if (event.kind == TETHER_RSP_EVENT_NONE)
            {
              g_assert_cmpuint (offset, ==, end);
              g_assert_null (event.payload);
              continue;
            }

          if (event.kind == TETHER_RSP_EVENT_PACKET || event.kind == TETHER_RSP_EVENT_NOTIFICATION)
            g_assert_nonnull (event.payload);
          else
            g_assert_null (event.payload);
          g_array_append_val (events, event);
        }
    }

  return events;
}

static void
assert_events (GArray         *events,
               const Expected *expected,
               gsize           n_expected)
{
  for (gsize i = 0; i < MIN (events->len, n_expected); i++)
    {
      const TetherRspEvent *event = &g_array_index (events, TetherRspEvent, i);

      if (event->kind != expected[i].kind)
        g_test_message ("event %" G_GSIZE_FORMAT ": got %s, expected %s", i,
                        kind_name (event->kind), kind_name (expected[i].kind));
      g_assert_cmpstr (kind_name (event->kind), ==, kind_name (expected[i].kind));
      if (expected[i].payload != NULL)
        g_assert_cmpmem (g_bytes_get_data (event->payload, NULL), g_bytes_get_size (event->payload),
                         expected[i].payload, expected[i].len);
    }
  for (gsize i = n_expected; i < events->len; i++)
    g_test_message ("unexpected event %" G_GSIZE_FORMAT ": %s", i,
                    kind_name (g_array_index (events, TetherRspEvent, i).kind));
  g_assert_cmpuint (events->len, ==, n_expected);
}

/* Decodes whole, a byte at a time, and split at random: all must give exactly @expected. */
static void
check_stream (gsize           max,
              GByteArray     *stream,
              const Expected *expected,
              gsize           n_expected)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SPLIT_SEED);
  GArray *events;

  events = decode_stream (max, stream->data, stream->len, SPLIT_WHOLE, NULL);
  assert_events (events, expected, n_expected);
  g_array_unref (events);

  events = decode_stream (max, stream->data, stream->len, SPLIT_BYTES, NULL);
  assert_events (events, expected, n_expected);
  g_array_unref (events);

  for (guint i = 0; i < N_RANDOM_SPLITS; i++)
    {
      events = decode_stream (max, stream->data, stream->len, SPLIT_RANDOM, rand);
      assert_events (events, expected, n_expected);
      g_array_unref (events);
    }
}

#define CHECK(max, stream, ...) \
  G_STMT_START { \
    const Expected expected_[] = { __VA_ARGS__ }; \
    check_stream ((max), (stream), expected_, G_N_ELEMENTS (expected_)); \
  } G_STMT_END

static void
test_single_bytes (void)
{
  g_autoptr(TetherRspDecoder) decoder = tether_rsp_decoder_new (0);
  g_autoptr(GByteArray) s = g_byte_array_new ();
  g_auto(TetherRspEvent) event = { TETHER_RSP_EVENT_NONE, NULL };
  const guint8 acks[] = "+-";

  /* One event per call: the rest of the input is left for the next call. */
  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, acks, 2, &event), ==, 1);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_ACK);
  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, acks + 1, 1, &event), ==, 1);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_NAK);

  /* No input: nothing consumed, no event. */
  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, NULL, 0, &event), ==, 0);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_NONE);

  append_raw_len (s, "+-\x03\x03+", 5);
  CHECK (0, s, EV (ACK), EV (NAK), EV (INTERRUPT), EV (INTERRUPT), EV (ACK));
}

static void
test_packet (void)
{
  g_autoptr(TetherRspDecoder) decoder = tether_rsp_decoder_new (0);
  g_autoptr(GByteArray) s = g_byte_array_new ();
  g_auto(TetherRspEvent) event = { TETHER_RSP_EVENT_NONE, NULL };
  const guint8 wire[] = "$OK#9a+";

  /* 'O' + 'K' = 0x4f + 0x4b = 0x9a, worked out by hand. The ack after it is not consumed. */
  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, wire, 7, &event), ==, 6);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_PACKET);
  g_assert_cmpmem (g_bytes_get_data (event.payload, NULL), g_bytes_get_size (event.payload),
                   "OK", 2);
  tether_rsp_event_clear (&event);
  g_assert_null (event.payload);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_NONE);

  /* Upper-case and mixed-case checksums. */
  append_raw (s, "$OK#9a$OK#9A");
  append_frame_len (s, '$', "qSupported:multiprocess+", 24, TRUE);
  append_raw (s, "$\xfe#fE");
  /* Binary data that needs no escaping goes through untouched, NUL included. */
  append_frame_len (s, '$', "a\0b\x80\xff%+-\x03", 9, FALSE);
  CHECK (0, s, PKT ("OK"), PKT ("OK"), PKT ("qSupported:multiprocess+"), PKT ("\xfe"),
         PKT ("a\0b\x80\xff%+-\x03"));
}

static void
test_empty (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();
  g_autoptr(TetherRspDecoder) decoder = tether_rsp_decoder_new (0);
  g_auto(TetherRspEvent) event = { TETHER_RSP_EVENT_NONE, NULL };

  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, (const guint8 *) "$#00", 4, &event), ==, 4);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_PACKET);
  g_assert_nonnull (event.payload);
  g_assert_cmpuint (g_bytes_get_size (event.payload), ==, 0);

  append_raw (s, "$#00%#00$#00");
  CHECK (0, s, PKT (""), NTF (""), PKT (""));
}

static void
test_bad_checksum (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();

  append_raw (s, "$OK#9b");       /* off by one */
  append_raw (s, "$OK#a9");       /* digits swapped */
  append_raw (s, "$OK#zz");       /* not hex */
  append_raw (s, "$OK#9g");
  append_raw (s, "$OK#%a");       /* '%' is consumed as a (bad) digit */
  append_raw (s, "$OK#-a");       /* so is '-' */
  /* The checksum is over the wire bytes, not the decoded ones: '}' alone is 0x7d, "}]" is 0xda. */
  append_raw (s, "$}]#7d");
  append_raw (s, "$}]#da");
  /* "0000" decoded sums to 0xc0; "0* " on the wire sums to 0x7a. */
  append_raw (s, "$0* #c0");
  append_raw (s, "$0* #7a");
  append_raw (s, "$OK#9a");
  CHECK (0, s, EV (BAD_CHECKSUM), EV (BAD_CHECKSUM), EV (BAD_CHECKSUM), EV (BAD_CHECKSUM),
         EV (BAD_CHECKSUM), EV (BAD_CHECKSUM), EV (BAD_CHECKSUM), PKT ("}"), EV (BAD_CHECKSUM),
         PKT ("0000"), PKT ("OK"));
}

static void
test_notification (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();

  append_frame (s, '%', "Stop:T05thread:p1a2b.1a2b;core:1;");
  append_raw (s, "+");
  /* Registers in a stop reply are run-length encoded: ',' is 44, so 15 more '0's. */
  append_frame (s, '%', "Stop:T0506:0*,;07:b0e6ffffff7f0* ;thread:p1a2b.1a2b;core:1;");
  append_frame (s, '$', "OK");
  append_frame (s, '%', "a%b");
  CHECK (0, s,
         NTF ("Stop:T05thread:p1a2b.1a2b;core:1;"),
         EV (ACK),
         NTF ("Stop:T0506:0000000000000000;07:b0e6ffffff7f0000;thread:p1a2b.1a2b;core:1;"),
         PKT ("OK"),
         NTF ("a%b"));
}

static void
test_rle (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();
  char x98[99];

  memset (x98, 'x', 98);
  x98[98] = '\0';

  append_raw (s, "$0* #7a");          /* the manual's example, checksum by hand */
  append_frame (s, '$', "0*!");       /* '!' = 33: 4 more */
  append_frame (s, '$', "a0*!b");
  append_frame (s, '$', "x*~");       /* '~' = 126: 97 more, the most */
  append_frame (s, '$', "0**");       /* '*' as a count: 13 more */
  append_frame (s, '$', "0*}");       /* '}' as a count is raw, not an escape: 96 more */
  append_frame (s, '$', "ab*%");      /* '%' = 37: 8 more */
  append_frame (s, '$', "0*+1*-");    /* '+' and '-' are counts too: 14 and 16 more */
  append_frame (s, '$', "0* * ");     /* a run of a run: repeats the same byte again */
  append_frame (s, '$', "0*\"0");     /* how gdbserver sends 7 (a count of 6 would be '#') */
  CHECK (0, s,
         PKT ("0000"),
         PKT ("00000"),
         PKT ("a00000b"),
         { TETHER_RSP_EVENT_PACKET, x98, 98 },
         PKT ("00000000000000"),
         PKT ("0000000000000000000000000000000000000000000000000"
              "000000000000000000000000000000000000000000000000"),
         PKT ("abbbbbbbbb"),
         PKT ("00000000000000011111111111111111"),
         PKT ("0000000"),
         PKT ("0000000"));
}

static void
test_rle_escape (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();

  /* RLE is expanded first, then escapes undone: "}]*!" is "}]]]]]", i.e. '}' then "]]]]". This is
   * what gdbserver sends for "}]]]]": it escapes first, then compresses. */
  append_frame (s, '$', "}]*!");
  /* '*' then five '\n': escaped "}\n", and the run continues from the escape's second byte. */
  append_frame (s, '$', "}\n*!");
  append_frame (s, '$', "}\x03*\"");  /* '#' then five more 0x03 */
  /* A run of '}' itself: six '}' in the expanded stream are three escapes of '}', i.e. "]]]". */
  append_frame (s, '$', "}*\"");
  /* Five '}' in a row: two escapes, and the fifth escapes the 'b' that follows. */
  append_frame (s, '$', "a}*!b");
  CHECK (0, s,
         PKT ("}]]]]"),
         PKT ("*\n\n\n\n"),
         PKT ("#\x03\x03\x03\x03\x03"),
         PKT ("]]]"),
         PKT ("a]]B"));
}

static void
test_escape (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();

  append_frame (s, '$', "}\x03}\x04}]}\n");
  append_frame (s, '$', "m}\x03x}\x04y");
  /* Any byte can be escaped, not only the four that must be. */
  append_frame (s, '$', "}a}\x10");
  CHECK (0, s, PKT ("#$}*"), PKT ("m#x$y"), PKT ("A0"));
}

static void
test_malformed (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();

  /* Each malformed frame has a good checksum and gives GARBAGE; the decoder recovers at once. */
  append_frame (s, '$', "*a");            /* '*' with nothing to repeat */
  append_frame (s, '$', "OK");
  append_frame (s, '$', "0*\x1f");        /* count below ' ' */
  append_frame (s, '$', "0*\x7f");        /* count above '~' */
  append_frame (s, '$', "0*\xff");
  append_frame (s, '$', "0*");            /* count cut off by '#' */
  append_frame (s, '$', "ab}");           /* dangling escape */
  append_frame (s, '$', "}*!");           /* five '}': the last one dangles */
  append_frame (s, '%', "*");
  append_frame (s, '$', "OK");
  /* A bad checksum wins over malformation: the corruption may be the cause. */
  append_raw (s, "$*a#00");
  /* '$' where a count is expected: resync, as everywhere inside a frame. */
  append_raw (s, "$0*");
  append_frame (s, '$', "OK");
  CHECK (0, s,
         EV (GARBAGE), PKT ("OK"), EV (GARBAGE), EV (GARBAGE), EV (GARBAGE), EV (GARBAGE),
         EV (GARBAGE), EV (GARBAGE), EV (GARBAGE), PKT ("OK"), EV (BAD_CHECKSUM),
         EV (GARBAGE), PKT ("OK"));
}

static void
test_too_large (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();

  append_frame (s, '$', "12345678");              /* exactly the bound */
  append_frame (s, '$', "123456789");
  append_frame (s, '$', "0*\"00");                /* 6 + 2 = 8 through RLE */
  append_frame (s, '$', "0*%");                   /* 9 through RLE */
  append_frame (s, '$', "0*~");                   /* 98 from 3 wire bytes */
  append_frame (s, '$', "abcdefg0*~xyz");
  append_frame (s, '$', "}]}]}]}]}]}]}]}]");      /* 16 wire bytes, 8 decoded: fits */
  append_frame (s, '$', "}]}]}]}]}]}]}]}]}]");
  append_frame (s, '$', "a}*~");                  /* 98 '}' give 49 ']' */
  append_frame (s, '%', "123456789");
  append_raw (s, "$123456789#00");                /* too large wins over the bad checksum */
  append_frame (s, '$', "OK");
  CHECK (8, s,
         PKT ("12345678"), EV (TOO_LARGE), PKT ("00000000"), EV (TOO_LARGE), EV (TOO_LARGE),
         EV (TOO_LARGE), PKT ("}}}}}}}}"), EV (TOO_LARGE), EV (TOO_LARGE), EV (TOO_LARGE),
         EV (TOO_LARGE), PKT ("OK"));
}

/* 2 MB of wire bytes that would expand to 64 MB: one TOO_LARGE with the default bound, and the
 * decoder never buffers more than the bound. */
static void
test_too_large_amplified (void)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GByteArray) s = g_byte_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (SPLIT_SEED);
  const Expected expected[] = { EV (TOO_LARGE), PKT ("OK") };
  GArray *events;

  for (guint i = 0; i < 700 * 1000; i++)
    append_raw (wire, "0*~");
  append_frame_len (s, '$', wire->data, wire->len, FALSE);
  append_frame (s, '$', "OK");

  events = decode_stream (0, s->data, s->len, SPLIT_WHOLE, NULL);
  assert_events (events, expected, G_N_ELEMENTS (expected));
  g_array_unref (events);

  events = decode_stream (0, s->data, s->len, SPLIT_RANDOM, rand);
  assert_events (events, expected, G_N_ELEMENTS (expected));
  g_array_unref (events);
}

/* Found by tests/fuzz/fuzz-rsp-codec (seed corpus/rsp-codec/too-large-notification-then-garbage):
 * a notification that ended quietly after its TOO_LARGE marked the next event, in the same feed,
 * as a notification too. Only the frame's own events carry its '%'. */
static void
test_too_large_notification_ends (void)
{
  static const struct
  {
    const char         *wire;
    TetherRspEventKind  next;
  } cases[] = {
    { "%conca#nonsense", TETHER_RSP_EVENT_GARBAGE },
    { "%conca#00+", TETHER_RSP_EVENT_ACK },
    { "%conca#00-", TETHER_RSP_EVENT_NAK },
    { "%conca#00\x03", TETHER_RSP_EVENT_INTERRUPT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TetherRspDecoder) decoder = tether_rsp_decoder_new (4);
      const guint8 *p = (const guint8 *)cases[i].wire;
      gsize left = strlen (cases[i].wire);
      g_auto(TetherRspEvent) event = { 0 };
      gsize used;

      used = tether_rsp_decoder_feed (decoder, p, left, &event);
      g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_TOO_LARGE);
      g_assert_true (event.notification);
      p += used;
      left -= used;
      tether_rsp_event_clear (&event);

      /* The rest in one call: the frame's end is quiet, then the next event is not its. */
      used = tether_rsp_decoder_feed (decoder, p, left, &event);
      g_assert_cmpstr (kind_name (event.kind), ==, kind_name (cases[i].next));
      g_assert_false (event.notification);
    }
}

static void
test_garbage (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();

  /* One GARBAGE per run, given at the run's first byte; any of + - 0x03 $ % ends a run. */
  append_raw (s, "abc+xyz");
  append_frame (s, '$', "OK");
  append_raw (s, "\r\n-#9a\x03");
  append_frame (s, '$', "OK");
  append_raw (s, "xx");
  append_frame (s, '$', "OK");
  append_raw_len (s, "\x00\xff", 2);
  append_frame (s, '%', "N");
  CHECK (0, s,
         EV (GARBAGE), EV (ACK), EV (GARBAGE), PKT ("OK"), EV (GARBAGE), EV (NAK), EV (GARBAGE),
         EV (INTERRUPT), PKT ("OK"), EV (GARBAGE), PKT ("OK"), EV (GARBAGE), NTF ("N"));
}

static void
test_resync (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();

  /* A '$' inside a frame abandons it (GARBAGE) and starts a new packet. */
  append_raw (s, "$abc");
  append_frame (s, '$', "OK");
  append_raw (s, "%abc");                 /* a notification cut short; the new frame is a packet */
  append_frame (s, '$', "OK");
  append_raw (s, "$abc#");                /* '$' where the checksum is expected */
  append_frame (s, '$', "OK");
  append_raw (s, "$abc#1");
  append_frame (s, '$', "OK");
  append_raw (s, "$ab}");                 /* an escape cannot swallow a '$' */
  append_frame (s, '$', "OK");
  append_raw (s, "$123456789012");        /* past the bound: TOO_LARGE at once, then abandoned */
  append_frame (s, '$', "OK");
  append_frame (s, '$', "abc%def");       /* '%' inside a frame is data */
  CHECK (8, s,
         EV (GARBAGE), PKT ("OK"), EV (GARBAGE), PKT ("OK"), EV (GARBAGE), PKT ("OK"),
         EV (GARBAGE), PKT ("OK"), EV (GARBAGE), PKT ("OK"), EV (TOO_LARGE), EV (GARBAGE),
         PKT ("OK"), PKT ("abc%def"));
}

static void
test_reset (void)
{
  g_autoptr(TetherRspDecoder) decoder = tether_rsp_decoder_new (0);
  g_auto(TetherRspEvent) event = { TETHER_RSP_EVENT_NONE, NULL };

  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, (const guint8 *) "$O", 2, &event), ==, 2);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_NONE);
  tether_rsp_decoder_reset (decoder);

  /* The rest of the abandoned packet is now outside any frame: one run of garbage. */
  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, (const guint8 *) "K#9a", 4, &event), ==, 1);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_GARBAGE);
  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, (const guint8 *) "#9a", 3, &event), ==, 3);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_NONE);

  /* A reset also forgets the garbage run: the next garbage byte is reported again. */
  tether_rsp_decoder_reset (decoder);
  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, (const guint8 *) "yy", 2, &event), ==, 1);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_GARBAGE);

  g_assert_cmpuint (tether_rsp_decoder_feed (decoder, (const guint8 *) "$OK#9a", 6, &event), ==, 6);
  g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_PACKET);
}

static void
test_split_equivalence (void)
{
  g_autoptr(GByteArray) s = g_byte_array_new ();
  g_autoptr(GByteArray) big = g_byte_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (SPLIT_SEED ^ 1);
  GArray *whole;

  for (guint i = 0; i < 3000; i++)
    {
      /* Runs and specials, to exercise RLE and escapes across chunk boundaries. */
      static const guint8 alphabet[] = "0}*#$ \x03x";
      guint8 b = g_rand_boolean (rand) ? alphabet[g_rand_int_range (rand, 0, 8)]
                                       : (guint8) g_rand_int_range (rand, 0, 256);
      guint run = g_rand_int_range (rand, 1, 12);

      for (guint j = 0; j < run && big->len < 3000; j++)
        g_byte_array_append (big, &b, 1);
    }

  append_raw (s, "+");
  append_raw (s, "noise");
  append_frame (s, '$', "OK");
  append_raw (s, "-");
  append_frame (s, '%', "Stop:T0506:0*,;thread:p1a2b.1a2b;");
  append_raw (s, "\x03");
  append_frame (s, '$', "}]*!}\x03}\x04}\n");
  append_frame (s, '$', "");
  append_raw (s, "$OK#00");
  append_rle_frame (s, big->data, big->len, FALSE);
  append_frame (s, '$', "0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~"
                        "0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~0*~");
  append_raw (s, "$abc");
  append_frame (s, '$', "m<x>");
  append_frame (s, '$', "*x");
  append_raw (s, "\r\n");
  append_frame_len (s, '$', "a0*\"b", 5, TRUE);
  append_raw (s, "$abc#");
  append_frame (s, '$', "E01");
  append_frame (s, '%', "a%b");
  append_rle_frame (s, big->data, big->len, TRUE);
  append_raw (s, "+");

  {
    const Expected expected[] = {
      EV (ACK), EV (GARBAGE), PKT ("OK"), EV (NAK),
      NTF ("Stop:T0506:0000000000000000;thread:p1a2b.1a2b;"),
      EV (INTERRUPT), PKT ("}]]]]#$*"), PKT (""), EV (BAD_CHECKSUM),
      { TETHER_RSP_EVENT_PACKET, (const char *) big->data, big->len },
      EV (TOO_LARGE), EV (GARBAGE), PKT ("m<x>"), EV (GARBAGE), EV (GARBAGE), PKT ("a000000b"),
      EV (GARBAGE), PKT ("E01"), NTF ("a%b"),
      { TETHER_RSP_EVENT_NOTIFICATION, (const char *) big->data, big->len },
      EV (ACK),
    };

    check_stream (4096, s, expected, G_N_ELEMENTS (expected));
  }

  /* And directly: every split gives the same events as the whole, payload for payload. */
  whole = decode_stream (4096, s->data, s->len, SPLIT_WHOLE, NULL);
  for (guint i = 0; i < 200; i++)
    {
      GArray *split = decode_stream (4096, s->data, s->len, SPLIT_RANDOM, rand);

      g_assert_cmpuint (split->len, ==, whole->len);
      for (guint j = 0; j < whole->len; j++)
        {
          TetherRspEvent *a = &g_array_index (whole, TetherRspEvent, j);
          TetherRspEvent *b = &g_array_index (split, TetherRspEvent, j);

          g_assert_cmpint (a->kind, ==, b->kind);
          g_assert_true ((a->payload == NULL) == (b->payload == NULL));
          if (a->payload != NULL)
            g_assert_true (g_bytes_equal (a->payload, b->payload));
        }
      g_array_unref (split);
    }
  g_array_unref (whole);
}

static void
assert_round_trip (const guint8 *payload,
                   gsize         len,
                   gboolean      notification,
                   gboolean      rle,
                   GRand        *rand)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  const Expected expected[] = {
    { notification ? TETHER_RSP_EVENT_NOTIFICATION : TETHER_RSP_EVENT_PACKET,
      (const char *) payload, len },
  };
  GArray *events;

  if (rle)
    {
      append_rle_frame (wire, payload, len, notification);
    }
  else
    {
      tether_rsp_encode (wire, payload, len, notification);
      /* Between the start byte and the checksum, no raw framing byte is left. */
      for (gsize i = 1; i + 3 < wire->len; i++)
        {
          g_assert_cmpint (wire->data[i], !=, '#');
          g_assert_cmpint (wire->data[i], !=, '$');
          g_assert_cmpint (wire->data[i], !=, '*');
        }
    }

  events = decode_stream (0, wire->data, wire->len, SPLIT_WHOLE, NULL);
  assert_events (events, expected, 1);
  g_array_unref (events);

  events = decode_stream (0, wire->data, wire->len, SPLIT_RANDOM, rand);
  assert_events (events, expected, 1);
  g_array_unref (events);
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SPLIT_SEED ^ 2);
  guint8 all[512];

  for (guint i = 0; i < 256; i++)
    {
      all[i] = (guint8) i;
      all[511 - i] = (guint8) i;
    }
  for (guint rle = 0; rle < 2; rle++)
    {
      assert_round_trip (all, sizeof all, FALSE, rle, rand);
      assert_round_trip (all, sizeof all, TRUE, rle, rand);
    }

  for (guint iteration = 0; iteration < 300; iteration++)
    {
      static const guint8 specials[] = "#$}*%0 ]\x03\x04\n";
      gsize len = g_rand_int_range (rand, 0, 2000);
      g_autofree guint8 *payload = g_malloc (len + 1);
      gsize i = 0;

      while (i < len)
        {
          guint8 b = g_rand_boolean (rand) ? specials[g_rand_int_range (rand, 0, 11)]
                                           : (guint8) g_rand_int_range (rand, 0, 256);
          guint run = g_rand_boolean (rand) ? 1 : g_rand_int_range (rand, 1, 120);

          for (guint j = 0; j < run && i < len; j++)
            payload[i++] = b;
        }

      assert_round_trip (payload, len, iteration % 3 == 0, iteration % 2 == 0, rand);
    }
}

/* A process listing the size gdbserver sends: ~500 KB of XML, "m"/"l" replies of ~4 KB each,
 * compressed as gdbserver does, read in TCP-segment-sized chunks. */
static void
test_large_listing (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<osdata type=\"processes\">\n");
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GByteArray) decoded = g_byte_array_new ();
  g_autoptr(TetherRspDecoder) decoder = tether_rsp_decoder_new (0);
  gsize offset = 0;
  guint n_packets = 0;
  guint n_events = 0;
  gint64 start;

  for (guint pid = 1; xml->len < 500 * 1024; pid++)
    g_string_append_printf (xml,
                            "<item>\n"
                            "<column name=\"pid\">%u</column>\n"
                            "<column name=\"user\">user%u</column>\n"
                            "<column name=\"command\">/usr/bin/prog --flag=%u    x</column>\n"
                            "<column name=\"cores\">%u</column>\n"
                            "</item>\n",
                            pid, pid % 7, pid * 31, pid % 4);
  g_string_append (xml, "</osdata>\n");

  while (offset < xml->len)
    {
      gsize chunk = MIN (4000, xml->len - offset);
      g_autoptr(GByteArray) payload = g_byte_array_new ();

      append_raw (payload, offset + chunk < xml->len ? "m" : "l");
      append_raw_len (payload, xml->str + offset, chunk);
      append_rle_frame (wire, payload->data, payload->len, FALSE);
      offset += chunk;
      n_packets++;
    }

  start = g_get_monotonic_time ();
  offset = 0;
  while (offset < wire->len)
    {
      gsize end = MIN (wire->len, offset + 1448);

      while (offset < end)
        {
          g_auto(TetherRspEvent) event = { TETHER_RSP_EVENT_NONE, NULL };

          offset += tether_rsp_decoder_feed (decoder, wire->data + offset, end - offset, &event);
          if (event.kind == TETHER_RSP_EVENT_NONE)
            continue;

          g_assert_cmpint (event.kind, ==, TETHER_RSP_EVENT_PACKET);
          g_assert_cmpuint (g_bytes_get_size (event.payload), >, 1);
          g_byte_array_append (decoded, (const guint8 *) g_bytes_get_data (event.payload, NULL) + 1,
                               g_bytes_get_size (event.payload) - 1);
          n_events++;
        }
    }
  g_test_message ("decoded %" G_GSIZE_FORMAT " wire bytes in %u packets in %" G_GINT64_FORMAT " us",
                  (gsize) wire->len, n_packets, g_get_monotonic_time () - start);

  g_assert_cmpuint (n_events, ==, n_packets);
  g_assert_cmpmem (decoded->data, decoded->len, xml->str, xml->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rsp-codec/decode/single-bytes", test_single_bytes);
  g_test_add_func ("/rsp-codec/decode/packet", test_packet);
  g_test_add_func ("/rsp-codec/decode/empty", test_empty);
  g_test_add_func ("/rsp-codec/decode/bad-checksum", test_bad_checksum);
  g_test_add_func ("/rsp-codec/decode/notification", test_notification);
  g_test_add_func ("/rsp-codec/decode/rle", test_rle);
  g_test_add_func ("/rsp-codec/decode/rle-escape", test_rle_escape);
  g_test_add_func ("/rsp-codec/decode/escape", test_escape);
  g_test_add_func ("/rsp-codec/decode/malformed", test_malformed);
  g_test_add_func ("/rsp-codec/decode/too-large", test_too_large);
  g_test_add_func ("/rsp-codec/decode/too-large-amplified", test_too_large_amplified);
  g_test_add_func ("/rsp-codec/decode/too-large-notification-ends",
                   test_too_large_notification_ends);
  g_test_add_func ("/rsp-codec/decode/garbage", test_garbage);
  g_test_add_func ("/rsp-codec/decode/resync", test_resync);
  g_test_add_func ("/rsp-codec/decode/reset", test_reset);
  g_test_add_func ("/rsp-codec/decode/split-equivalence", test_split_equivalence);
  g_test_add_func ("/rsp-codec/decode/large-listing", test_large_listing);
  g_test_add_func ("/rsp-codec/encode/round-trip", test_round_trip);

  return g_test_run ();
}