/* floor-client.c: the protocol floor for listing a gdbserver's processes
 *
 * A minimal client in plain C (POSIX sockets, no GLib), so that it measures the protocol and the
 * server rather than a framework. It does the handshake exactly as Tether does (qSupported,
 * QStartNoAckMode, "!", QNonStop:1), then reads qXfer:osdata:read:processes piece by piece, with
 * offsets counting decoded bytes, until an 'l' reply, and prints how many <item>s it got.
 *
 * Usage: bench_floor_client [-n N] PORT
 *   -n N   list N times on one connection and print each listing's wall time to stderr.
 *
 * Not a test: see tests/bench/bench-list.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define QSUPPORTED \
  "qSupported:multiprocess+;vContSupported+;QThreadEvents+;no-resumed+;swbreak+;hwbreak+"
/* Caps what we accept; gdbserver's own PacketSize is far below it. */
#define MAX_PAYLOAD (64u * 1024u * 1024u)

typedef struct
{
  unsigned char *data;
  size_t         len;
  size_t         cap;
} Buf;

static int  sock = -1;
static int  no_ack;
static unsigned char rbuf[64 * 1024];
static size_t rpos, rlen;

static void
die (const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  fputs ("bench_floor_client: ", stderr);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
  va_end (ap);
  exit (1);
}

static void
buf_push (Buf *b, unsigned char c)
{
  if (b->len == b->cap)
    {
      b->cap = b->cap ? b->cap * 2 : 64 * 1024;
      if (b->cap > MAX_PAYLOAD)
        die ("reply too large");
      b->data = realloc (b->data, b->cap);
      if (b->data == NULL)
        die ("out of memory");
    }
  b->data[b->len++] = c;
}

static void
write_all (const void *data, size_t len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = write (sock, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        die ("write: %s", strerror (errno));
      p += n;
      len -= (size_t)n;
    }
}

static int
read_byte (void)
{
  if (rpos == rlen)
    {
      ssize_t n;

      do
        n = read (sock, rbuf, sizeof rbuf);
      while (n < 0 && errno == EINTR);
      if (n < 0)
        die ("read: %s", strerror (errno));
      if (n == 0)
        die ("the server closed the connection");
      rpos = 0;
      rlen = (size_t)n;
    }
  return rbuf[rpos++];
}

/* Sends "$payload#cs", with a leading '+' if asked to (as Tether's first packet has). The
 * payloads we send never need escaping. */
static void
send_packet (const char *payload, int leading_ack)
{
  size_t len = strlen (payload);
  char *frame = malloc (len + 5);
  unsigned sum = 0;
  size_t n = 0;

  if (frame == NULL)
    die ("out of memory");
  if (leading_ack)
    frame[n++] = '+';
  frame[n++] = '$';
  for (size_t i = 0; i < len; i++)
    {
      sum += (unsigned char)payload[i];
      frame[n++] = payload[i];
    }
  n += (size_t)sprintf (frame + n, "#%02x", sum & 0xff);
  write_all (frame, n);
  free (frame);
}

static int
hexval (int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads the next '$' packet into out, decoded: run-length encoding is expanded on the wire bytes
 * first ("X*c" is c - 29 more copies of X), then '}' escapes are undone on that stream. Skips
 * acks and '%' notifications. Acks the packet while acks are still on. */
static void
read_packet (Buf *out)
{
  unsigned sum;
  int c, prev, escape, hi, lo;

  out->len = 0;
  for (;;)
    {
      c = read_byte ();
      if (c == '$')
        break;
      if (c == '%')
        {
          /* A notification (none expected here): skip it. */
          while (read_byte () != '#')
            ;
          read_byte ();
          read_byte ();
        }
      /* '+', '-' and anything else outside a frame: ignore. */
    }

  sum = 0;
  prev = -1;
  escape = 0;
  for (;;)
    {
      int count = 1;

      c = read_byte ();
      if (c == '#')
        break;
      sum += (unsigned)c;
      if (c == '*')
        {
          int n = read_byte ();

          if (n == '#' || prev < 0)
            die ("malformed run-length encoding");
          sum += (unsigned)n;
          count = n - 29;
          c = prev;
        }
      prev = c;
      for (int i = 0; i < count; i++)
        {
          if (escape)
            {
              buf_push (out, (unsigned char)(c ^ 0x20));
              escape = 0;
            }
          else if (c == '}')
            escape = 1;
          else
            buf_push (out, (unsigned char)c);
        }
    }
  hi = hexval (read_byte ());
  lo = hexval (read_byte ());
  if (hi < 0 || lo < 0 || (unsigned)(hi * 16 + lo) != (sum & 0xff))
    die ("bad checksum");
  if (escape)
    die ("dangling escape");
  if (!no_ack)
    write_all ("+", 1);
}

static int
reply_is (const Buf *b, const char *text)
{
  size_t len = strlen (text);

  return b->len == len && memcmp (b->data, text, len) == 0;
}

static const char *
feature (const Buf *b, const char *name)
{
  static char value[64];
  size_t nlen = strlen (name);
  size_t i = 0;

  while (i < b->len)
    {
      size_t j = i;

      while (j < b->len && b->data[j] != ';')
        j++;
      if (j - i > nlen && memcmp (b->data + i, name, nlen) == 0)
        {
          const unsigned char *rest = b->data + i + nlen;
          size_t rlen_ = j - i - nlen;

          if (rest[0] == '=')
            {
              rlen_ = rlen_ - 1 < sizeof value - 1 ? rlen_ - 1 : sizeof value - 1;
              memcpy (value, rest + 1, rlen_);
              value[rlen_] = '\0';
              return value;
            }
          if (rlen_ == 1 && rest[0] == '+')
            return "+";
        }
      i = j + 1;
    }
  return NULL;
}

static size_t
count_items (const unsigned char *data, size_t len)
{
  static const char needle[] = "<item>";
  const unsigned char *p = data;
  const unsigned char *end = data + len;
  size_t n = 0;

  while ((size_t)(end - p) >= sizeof needle - 1)
    {
      p = memmem (p, (size_t)(end - p), needle, sizeof needle - 1);
      if (p == NULL)
        break;
      n++;
      p += sizeof needle - 1;
    }
  return n;
}

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main (int argc, char **argv)
{
  struct sockaddr_in addr = { 0 };
  Buf reply = { 0 };
  Buf xml = { 0 };
  const char *ps;
  unsigned long packet_size;
  size_t chunk;
  size_t items = 0;
  long repeats = 1;
  int one = 1;
  int opt;
  long port;

  while ((opt = getopt (argc, argv, "n:")) != -1)
    {
      if (opt == 'n')
        repeats = strtol (optarg, NULL, 10);
      else
        {
          fprintf (stderr, "usage: %s [-n N] PORT\n", argv[0]);
          return 2;
        }
    }
  if (optind != argc - 1 || repeats < 1)
    {
      fprintf (stderr, "usage: %s [-n N] PORT\n", argv[0]);
      return 2;
    }
  port = strtol (argv[optind], NULL, 10);
  if (port <= 0 || port > 65535)
    die ("bad port %s", argv[optind]);

  sock = socket (AF_INET, SOCK_STREAM, 0);
  if (sock < 0)
    die ("socket: %s", strerror (errno));
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((unsigned short)port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (sock, (struct sockaddr *)&addr, sizeof addr) < 0)
    die ("connect to 127.0.0.1:%ld: %s", port, strerror (errno));
  setsockopt (sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  /* Handshake, as Tether does it. */
  send_packet (QSUPPORTED, 1);
  read_packet (&reply);
  if (reply.len == 0 || reply.data[0] == 'E')
    die ("the server did not answer qSupported");
  ps = feature (&reply, "PacketSize");
  if (ps == NULL || (packet_size = strtoul (ps, NULL, 16)) <= 32)
    die ("no usable PacketSize in the qSupported reply");
  chunk = packet_size - 32;

  if (feature (&reply, "QStartNoAckMode") != NULL)
    {
      int has_non_stop = feature (&reply, "QNonStop") != NULL;

      send_packet ("QStartNoAckMode", 0);
      read_packet (&reply); /* acked with '+' by read_packet */
      if (reply_is (&reply, "OK"))
        no_ack = 1;
      send_packet ("!", 0);
      read_packet (&reply);
      if (!reply_is (&reply, "OK"))
        die ("the server refused extended mode");
      if (has_non_stop)
        {
          send_packet ("QNonStop:1", 0);
          read_packet (&reply);
        }
    }
  else
    {
      send_packet ("!", 0);
      read_packet (&reply);
      if (!reply_is (&reply, "OK"))
        die ("the server refused extended mode");
    }

  for (long r = 0; r < repeats; r++)
    {
      double start = now_ms ();

      xml.len = 0;
      for (;;)
        {
          char packet[96];

          snprintf (packet, sizeof packet, "qXfer:osdata:read:processes:%zx,%zx", xml.len, chunk);
          send_packet (packet, 0);
          read_packet (&reply);
          if (reply.len == 0 || (reply.data[0] != 'm' && reply.data[0] != 'l'))
            die ("unexpected reply to qXfer:osdata:read (%.*s)",
                 (int)(reply.len < 16 ? reply.len : 16), (const char *)reply.data);
          for (size_t i = 1; i < reply.len; i++)
            buf_push (&xml, reply.data[i]);
          if (reply.data[0] == 'l' || reply.len == 1)
            break;
        }
      items = count_items (xml.data, xml.len);
      if (repeats > 1)
        fprintf (stderr, "listing %ld: %zu processes, %zu bytes, %.2f ms\n", r + 1, items,
                 xml.len, now_ms () - start);
    }

  printf ("%zu\n", items);
  close (sock);
  free (reply.data);
  free (xml.data);
  return 0;
}
