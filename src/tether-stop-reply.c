/* tether-stop-reply.c: stop replies and thread ids of the remote serial protocol
 *
 * Everything here reads bytes sent by a remote server, which may be broken or hostile: every
 * access is bounded by the length given, every number is checked for overflow, and nothing is
 * assumed to be NUL-terminated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-error.h"
#include "tether-stop-reply.h"

/* Longest piece of a bad reply quoted in an error message. */
#define EXCERPT_MAX 64

/* A printable, ASCII-only copy of (at most EXCERPT_MAX bytes of) @text for error messages. */
static char *
excerpt (const char *text,
         gsize       len)
{
  g_autofree char *raw = g_strndup (text, MIN (len, EXCERPT_MAX));
  g_autofree char *escaped = NULL;

  /* g_strndup() stops at an embedded NUL, which is as far as a message needs to go. */
  escaped = g_strescape (raw, NULL);

  return len > EXCERPT_MAX ? g_strconcat (escaped, "…", NULL) : g_steal_pointer (&escaped);
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Parses all of [text, text + len) as an unsigned hex number no larger than @max. */
static gboolean
parse_hex (const char *text,
           gsize       len,
           guint64     max,
           guint64    *out)
{
  guint64 value = 0;

  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      int d = hex_digit (text[i]);

      if (d < 0)
        return FALSE;
      if (value > (max - (guint64) d) / 16)
        return FALSE;
      value = value * 16 + (guint64) d;
    }

  *out = value;
  return TRUE;
}

static gboolean
all_hex (const char *text,
         gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (hex_digit (text[i]) < 0)
      return FALSE;
  return TRUE;
}

/* One part of a thread id: "-1" or a hex number that fits in a gint64. */
static gboolean
parse_id_part (const char *text,
               gsize       len,
               gint64     *out)
{
  guint64 value;

  if (len == 2 && text[0] == '-' && text[1] == '1')
    {
      *out = -1;
      return TRUE;
    }

  if (!parse_hex (text, len, G_MAXINT64, &value))
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

gboolean
tether_thread_id_parse (const char *text,
                        gsize       len,
                        gint64     *pid,
                        gint64     *tid)
{
  gint64 p = -1;
  gint64 t = -1;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  if (len == 0)
    return FALSE;

  if (text[0] == 'p')
    {
      const char *dot = memchr (text + 1, '.', len - 1);

      if (dot == NULL)
        {
          /* "pP": every thread of process P. */
          if (!parse_id_part (text + 1, len - 1, &p))
            return FALSE;
          t = -1;
        }
      else
        {
          gsize pid_len = (gsize) (dot - (text + 1));
          gsize tid_len = len - 1 - pid_len - 1;

          if (!parse_id_part (text + 1, pid_len, &p) || !parse_id_part (dot + 1, tid_len, &t))
            return FALSE;

          /* "p-1.T" names one thread of every process, which means nothing. */
          if (p == -1 && t != -1)
            return FALSE;
        }
    }
  else
    {
      /* A bare thread id, without a process: "T", "-1" (all) or "0" (any). */
      if (!parse_id_part (text, len, &t))
        return FALSE;
      p = -1;
    }

  if (pid != NULL)
    *pid = p;
  if (tid != NULL)
    *tid = t;

  return TRUE;
}

void
tether_stop_reply_clear (TetherStopReply *reply)
{
  g_return_if_fail (reply != NULL);

  g_clear_pointer (&reply->reason, g_free);
}

static void
reply_init (TetherStopReply *out)
{
  memset (out, 0, sizeof *out);
  out->pid = -1;
  out->tid = -1;
  out->core = -1;
}

static gboolean
fail (GError    **error,
      const char *payload,
      gsize       len,
      const char *what)
{
  g_autofree char *quoted = excerpt (payload, len);

  g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
               "Malformed stop reply “%s”: %s", quoted, what);
  return FALSE;
}

/* "W code[;process:pid]" or "X sig[;process:pid]": @p points after the letter. */
static gboolean
parse_exit (const char       *payload,
            gsize             len,
            TetherStopReply  *out,
            GError          **error)
{
  const char *p = payload + 1;
  const char *end = payload + len;
  const char *semi = memchr (p, ';', (gsize) (end - p));
  const char *num_end = semi != NULL ? semi : end;
  guint64 value;

  if (!parse_hex (p, (gsize) (num_end - p), G_MAXUINT, &value))
    return fail (error, payload, len,
                 out->kind == TETHER_STOP_EXITED
                 ? "the exit status is not a hex number"
                 : "the signal is not a hex number");

  if (out->kind == TETHER_STOP_EXITED)
    out->exit_code = (guint) value;
  else
    out->signal = (guint) value;

  if (semi != NULL)
    {
      static const char prefix[] = "process:";
      const char *pid_start = semi + 1;
      gsize rest = (gsize) (end - pid_start);
      guint64 pid;

      if (rest < strlen (prefix) || memcmp (pid_start, prefix, strlen (prefix)) != 0)
        return fail (error, payload, len, "expected “process:” after the “;”");

      pid_start += strlen (prefix);
      rest -= strlen (prefix);

      /* Tolerate one trailing ';', as the pairs of 'T' replies have. */
      if (rest > 0 && pid_start[rest - 1] == ';')
        rest--;

      if (!parse_hex (pid_start, rest, G_MAXINT64, &pid))
        return fail (error, payload, len, "the process id is not a hex number");

      out->pid = (gint64) pid;
    }

  return TRUE;
}

/* Stop reasons whose key is stored in TetherStopReply.reason, with the syntax of their value. */
typedef enum
{
  VALUE_ANY,        /* not checked: "swbreak:;" */
  VALUE_HEX,        /* "watch:ADDR;", "syscall_entry:N;" */
  VALUE_THREAD_ID,  /* "fork:pP.T;" */
} ValueSyntax;

static const struct
{
  const char  *key;
  ValueSyntax  syntax;
} reasons[] = {
  { "watch", VALUE_HEX },
  { "rwatch", VALUE_HEX },
  { "awatch", VALUE_HEX },
  { "swbreak", VALUE_ANY },
  { "hwbreak", VALUE_ANY },
  { "library", VALUE_ANY },
  { "replaylog", VALUE_ANY },
  { "syscall_entry", VALUE_HEX },
  { "syscall_return", VALUE_HEX },
  { "fork", VALUE_THREAD_ID },
  { "vfork", VALUE_THREAD_ID },
  { "clone", VALUE_THREAD_ID },
  { "vforkdone", VALUE_ANY },
  { "exec", VALUE_HEX },
  { "create", VALUE_ANY },
};

static gboolean
key_is (const char *key,
        gsize       key_len,
        const char *name)
{
  return strlen (name) == key_len && memcmp (key, name, key_len) == 0;
}

/* "T sig n:r;n:r;…": register values, unknown keys and the values of most reasons are skipped. */
static gboolean
parse_pairs (const char       *payload,
             gsize             len,
             TetherStopReply  *out,
             GError          **error)
{
  const char *p = payload + 3;
  const char *end = payload + len;

  while (p < end)
    {
      const char *pair_end = memchr (p, ';', (gsize) (end - p));
      const char *colon;
      gsize key_len;
      const char *value;
      gsize value_len;
      g_autofree char *what = NULL;

      /* The last pair's ';' is optional. */
      if (pair_end == NULL)
        pair_end = end;

      colon = memchr (p, ':', (gsize) (pair_end - p));
      if (colon == NULL)
        {
          g_autofree char *pair = excerpt (p, (gsize) (pair_end - p));

          what = g_strdup_printf ("“%s” has no ':' (at byte %" G_GSIZE_FORMAT ")",
                                  pair, (gsize) (p - payload));
          return fail (error, payload, len, what);
        }

      key_len = (gsize) (colon - p);
      value = colon + 1;
      value_len = (gsize) (pair_end - value);

      if (key_len == 0)
        {
          what = g_strdup_printf ("empty key at byte %" G_GSIZE_FORMAT, (gsize) (p - payload));
          return fail (error, payload, len, what);
        }

      if (key_is (p, key_len, "thread"))
        {
          if (!tether_thread_id_parse (value, value_len, &out->pid, &out->tid))
            return fail (error, payload, len, "the “thread” value is not a thread id");
        }
      else if (key_is (p, key_len, "core"))
        {
          guint64 core;

          if (!parse_hex (value, value_len, G_MAXINT, &core))
            return fail (error, payload, len, "the “core” value is not a hex number");
          out->core = (gint) core;
        }
      else
        {
          /* Anything that is not a known reason is a register (a hex register number) or a key
           * from a newer revision of the protocol: both are skipped, as GDB does. */
          for (gsize i = 0; i < G_N_ELEMENTS (reasons); i++)
            {
              gboolean ok = TRUE;

              if (!key_is (p, key_len, reasons[i].key))
                continue;

              switch (reasons[i].syntax)
                {
                case VALUE_HEX:
                  ok = all_hex (value, value_len);
                  break;
                case VALUE_THREAD_ID:
                  ok = tether_thread_id_parse (value, value_len, NULL, NULL);
                  break;
                case VALUE_ANY:
                default:
                  break;
                }

              if (!ok)
                {
                  what = g_strdup_printf ("bad value for the “%s” stop reason", reasons[i].key);
                  return fail (error, payload, len, what);
                }

              /* A reply carries one reason; should a server send several, the last one wins. */
              g_free (out->reason);
              out->reason = g_strdup (reasons[i].key);
              break;
            }
        }

      p = pair_end < end ? pair_end + 1 : end;
    }

  return TRUE;
}

gboolean
tether_stop_reply_parse (const char       *payload,
                         gsize             len,
                         TetherStopReply  *out,
                         GError          **error)
{
  guint64 sig;

  g_return_val_if_fail (payload != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reply_init (out);

  if (len == 0)
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                           "Malformed stop reply: the reply is empty");
      return FALSE;
    }

  switch (payload[0])
    {
    case 'S':
    case 'T':
      out->kind = TETHER_STOP_SIGNALLED;
      if (len < 3 || !parse_hex (payload + 1, 2, 0xff, &sig))
        return fail (error, payload, len, "the signal is not two hex digits");
      out->signal = (guint) sig;

      if (payload[0] == 'S')
        {
          if (len != 3)
            return fail (error, payload, len, "unexpected data after the signal");
          return TRUE;
        }

      if (!parse_pairs (payload, len, out, error))
        {
          tether_stop_reply_clear (out);
          return FALSE;
        }
      return TRUE;

    case 'W':
      out->kind = TETHER_STOP_EXITED;
      return parse_exit (payload, len, out, error);

    case 'X':
      out->kind = TETHER_STOP_TERMINATED;
      return parse_exit (payload, len, out, error);

    case 'N':
      out->kind = TETHER_STOP_NO_RESUMED;
      if (len != 1)
        return fail (error, payload, len, "unexpected data after “N”");
      return TRUE;

    default:
      return fail (error, payload, len,
                   "not a stop reply (expected one starting with 'T', 'S', 'W', 'X' or 'N')");
    }
}

/* GDB's signals, indexed by GDB signal number (include/gdb/signals.def). Entries with a NULL name
 * have none in GDB either. */
typedef struct
{
  const char *name;
  const char *description;
} SignalInfo;

static const SignalInfo signal_table[] = {
  [0] = { NULL, "Signal 0" },
  [1] = { "SIGHUP", "Hangup" },
  [2] = { "SIGINT", "Interrupt" },
  [3] = { "SIGQUIT", "Quit" },
  [4] = { "SIGILL", "Illegal instruction" },
  [5] = { "SIGTRAP", "Trace/breakpoint trap" },
  [6] = { "SIGABRT", "Aborted" },
  [7] = { "SIGEMT", "Emulation trap" },
  [8] = { "SIGFPE", "Arithmetic exception" },
  [9] = { "SIGKILL", "Killed" },
  [10] = { "SIGBUS", "Bus error" },
  [11] = { "SIGSEGV", "Segmentation fault" },
  [12] = { "SIGSYS", "Bad system call" },
  [13] = { "SIGPIPE", "Broken pipe" },
  [14] = { "SIGALRM", "Alarm clock" },
  [15] = { "SIGTERM", "Terminated" },
  [16] = { "SIGURG", "Urgent I/O condition" },
  [17] = { "SIGSTOP", "Stopped (signal)" },
  [18] = { "SIGTSTP", "Stopped (user)" },
  [19] = { "SIGCONT", "Continued" },
  [20] = { "SIGCHLD", "Child status changed" },
  [21] = { "SIGTTIN", "Stopped (tty input)" },
  [22] = { "SIGTTOU", "Stopped (tty output)" },
  [23] = { "SIGIO", "I/O possible" },
  [24] = { "SIGXCPU", "CPU time limit exceeded" },
  [25] = { "SIGXFSZ", "File size limit exceeded" },
  [26] = { "SIGVTALRM", "Virtual timer expired" },
  [27] = { "SIGPROF", "Profiling timer expired" },
  [28] = { "SIGWINCH", "Window size changed" },
  [29] = { "SIGLOST", "Resource lost" },
  [30] = { "SIGUSR1", "User defined signal 1" },
  [31] = { "SIGUSR2", "User defined signal 2" },
  [32] = { "SIGPWR", "Power fail/restart" },
  [33] = { "SIGPOLL", "Pollable event occurred" },
  [34] = { "SIGWIND", "SIGWIND" },
  [35] = { "SIGPHONE", "SIGPHONE" },
  [36] = { "SIGWAITING", "Process's LWPs are blocked" },
  [37] = { "SIGLWP", "Signal LWP" },
  [38] = { "SIGDANGER", "Swap space dangerously low" },
  [39] = { "SIGGRANT", "Monitor mode granted" },
  [40] = { "SIGRETRACT", "Need to relinquish monitor mode" },
  [41] = { "SIGMSG", "Monitor mode data available" },
  [42] = { "SIGSOUND", "Sound completed" },
  [43] = { "SIGSAK", "Secure attention" },
  [44] = { "SIGPRIO", "SIGPRIO" },
#define RT(gdb, n) [gdb] = { "SIG" #n, "Real-time event " #n }
  RT (45, 33), RT (46, 34), RT (47, 35), RT (48, 36), RT (49, 37), RT (50, 38), RT (51, 39),
  RT (52, 40), RT (53, 41), RT (54, 42), RT (55, 43), RT (56, 44), RT (57, 45), RT (58, 46),
  RT (59, 47), RT (60, 48), RT (61, 49), RT (62, 50), RT (63, 51), RT (64, 52), RT (65, 53),
  RT (66, 54), RT (67, 55), RT (68, 56), RT (69, 57), RT (70, 58), RT (71, 59), RT (72, 60),
  RT (73, 61), RT (74, 62), RT (75, 63),
  [76] = { "SIGCANCEL", "LWP internal signal" },
  RT (77, 32), RT (78, 64),
  RT (79, 65), RT (80, 66), RT (81, 67), RT (82, 68), RT (83, 69), RT (84, 70), RT (85, 71),
  RT (86, 72), RT (87, 73), RT (88, 74), RT (89, 75), RT (90, 76), RT (91, 77), RT (92, 78),
  RT (93, 79), RT (94, 80), RT (95, 81), RT (96, 82), RT (97, 83), RT (98, 84), RT (99, 85),
  RT (100, 86), RT (101, 87), RT (102, 88), RT (103, 89), RT (104, 90), RT (105, 91),
  RT (106, 92), RT (107, 93), RT (108, 94), RT (109, 95), RT (110, 96), RT (111, 97),
  RT (112, 98), RT (113, 99), RT (114, 100), RT (115, 101), RT (116, 102), RT (117, 103),
  RT (118, 104), RT (119, 105), RT (120, 106), RT (121, 107), RT (122, 108), RT (123, 109),
  RT (124, 110), RT (125, 111), RT (126, 112), RT (127, 113), RT (128, 114), RT (129, 115),
  RT (130, 116), RT (131, 117), RT (132, 118), RT (133, 119), RT (134, 120), RT (135, 121),
  RT (136, 122), RT (137, 123), RT (138, 124), RT (139, 125), RT (140, 126), RT (141, 127),
#undef RT
  [142] = { "SIGINFO", "Information request" },
  [143] = { NULL, "Unknown signal" },         /* GDB_SIGNAL_UNKNOWN */
  [144] = { NULL, NULL },                     /* GDB_SIGNAL_DEFAULT: internal to GDB */
  [145] = { "EXC_BAD_ACCESS", "Could not access memory" },
  [146] = { "EXC_BAD_INSTRUCTION", "Illegal instruction/operand" },
  [147] = { "EXC_ARITHMETIC", "Arithmetic exception" },
  [148] = { "EXC_EMULATION", "Emulation instruction" },
  [149] = { "EXC_SOFTWARE", "Software generated exception" },
  [150] = { "EXC_BREAKPOINT", "Breakpoint" },
  [151] = { "SIGLIBRT", "librt internal signal" },
};

const char *
tether_signal_name (guint gdb_signal)
{
  if (gdb_signal >= G_N_ELEMENTS (signal_table))
    return NULL;
  return signal_table[gdb_signal].name;
}

const char *
tether_signal_description (guint gdb_signal)
{
  if (gdb_signal >= G_N_ELEMENTS (signal_table))
    return NULL;
  return signal_table[gdb_signal].description;
}

gint
tether_signal_from_name (const char *name)
{
  g_return_val_if_fail (name != NULL, -1);

  if (*name == '\0')
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (signal_table); i++)
    {
      const char *candidate = signal_table[i].name;

      if (candidate == NULL)
        continue;

      /* "SIGKILL", "sigkill", "KILL" and "kill" all name GDB_SIGNAL_KILL. "EXC_…" names count
       * only in full, and so do real-time ones: a bare "32" is a number, not a name. */
      if (g_ascii_strcasecmp (name, candidate) == 0)
        return (gint) i;
      if (!g_ascii_isdigit (name[0]) && g_str_has_prefix (candidate, "SIG")
          && g_ascii_strcasecmp (name, candidate + 3) == 0)
        return (gint) i;
    }

  return -1;
}
