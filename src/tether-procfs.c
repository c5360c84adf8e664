/* tether-procfs.c: parsers for the /proc files the engine reads through the server's host I/O
 *
 * The text comes from a remote machine: every access is bounded by the length given (nothing is
 * assumed to be NUL-terminated), every number is checked for overflow, and the strings handed out
 * for display (comm, Name, user names) are valid UTF-8, invalid bytes replaced by U+FFFD.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-error.h"
#include "tether-procfs.h"

/* Fields of /proc/PID/stat, numbered from 1 as in proc(5). */
enum
{
  STAT_STATE = 3,
  STAT_PPID = 4,
  STAT_UTIME = 14,
  STAT_STIME = 15,
  STAT_NUM_THREADS = 20,
  STAT_STARTTIME = 22,
  STAT_VSIZE = 23,
  STAT_RSS = 24,
  STAT_LAST_NEEDED = STAT_RSS,
};

/* Parses all of [text, text + len) as a decimal number with an optional '-' sign, within
 * [min, max]. No spaces, no '+', no empty string. */
static gboolean
parse_signed (const char *text,
              gsize       len,
              gint64      min,
              gint64      max,
              gint64     *out)
{
  gboolean negative = FALSE;
  guint64 limit;
  guint64 value = 0;
  gsize i = 0;

  if (len > 0 && text[0] == '-')
    {
      negative = TRUE;
      i = 1;
    }
  if (i == len)
    return FALSE;

  /* The magnitude of G_MININT64 is G_MAXINT64 + 1. */
  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  for (; i < len; i++)
    {
      guint d;

      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      d = (guint) (text[i] - '0');
      if (value > (limit - d) / 10)
        return FALSE;
      value = value * 10 + d;
    }

  if (negative)
    {
      gint64 v = value == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) value;

      if (v < min)
        return FALSE;
      *out = v;
    }
  else
    {
      if (value > (guint64) max)
        return FALSE;
      *out = (gint64) value;
    }

  return TRUE;
}

/* Parses all of [text, text + len) as an unsigned decimal number. */
static gboolean
parse_unsigned (const char *text,
                gsize       len,
                guint64    *out)
{
  guint64 value = 0;

  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      guint d;

      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      d = (guint) (text[i] - '0');
      if (value > (G_MAXUINT64 - d) / 10)
        return FALSE;
      value = value * 10 + d;
    }

  *out = value;
  return TRUE;
}

/* A copy of [text, text + len) that is valid UTF-8 (and so has no embedded NUL either). */
static char *
utf8_copy (const char *text,
           gsize       len)
{
  return g_utf8_make_valid (text, (gssize) len);
}

/* A printable, ASCII-only, bounded copy of a bad token, for error messages. */
static char *
excerpt (const char *text,
         gsize       len)
{
  g_autofree char *raw = g_strndup (text, MIN (len, 40));

  return g_strescape (raw, NULL);
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

void
tether_proc_stat_clear (TetherProcStat *stat)
{
  g_return_if_fail (stat != NULL);

  g_clear_pointer (&stat->comm, g_free);
}

gboolean
tether_proc_stat_parse (const char      *text,
                        gsize            len,
                        TetherProcStat  *out,
                        GError         **error)
{
  const char *end;
  const char *open;
  const char *close;
  const char *p;
  guint field;
  gint64 pid;
  TetherProcStat result = { 0, };

  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);

  /* A trailing newline is normal; ignore it. */
  while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\0'))
    len--;
  end = text + len;

  if (len == 0)
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                           "Malformed /proc/PID/stat: the file is empty");
      return FALSE;
    }

  /* "PID (comm) S …": comm is between the first '(' and the last ')' and may contain both. */
  open = memchr (text, '(', len);
  close = open != NULL ? memrchr (open, ')', (gsize) (end - open)) : NULL;
  if (open == NULL || close == NULL)
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                           "Malformed /proc/PID/stat: no “(comm)” field");
      return FALSE;
    }

  if (open == text || open[-1] != ' ')
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                           "Malformed /proc/PID/stat: no “pid ” before “(comm)”");
      return FALSE;
    }
  if (!parse_signed (text, (gsize) (open - 1 - text), 0, G_MAXINT64, &pid))
    {
      g_autofree char *bad = excerpt (text, (gsize) (open - 1 - text));

      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                   "Malformed /proc/PID/stat: field 1 (pid) is “%s”, not a process id", bad);
      return FALSE;
    }

  result.pid = pid;

  /* The fields after comm are separated by single spaces. */
  p = close + 1;
  for (field = STAT_STATE; field <= STAT_LAST_NEEDED; field++)
    {
      const char *token;
      gsize token_len;
      gint64 sv = 0;
      guint64 uv = 0;
      gboolean ok;

      if (p >= end || *p != ' ')
        {
          g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                       "Malformed /proc/PID/stat: the file ends before field %u (%u needed)",
                       field, (guint) STAT_LAST_NEEDED);
          tether_proc_stat_clear (&result);
          return FALSE;
        }
      token = ++p;
      while (p < end && *p != ' ')
        p++;
      token_len = (gsize) (p - token);

      switch (field)
        {
        case STAT_STATE:
          ok = token_len == 1 && g_ascii_isalpha (token[0]);
          if (ok)
            result.state = token[0];
          break;

        case STAT_UTIME:
        case STAT_STIME:
        case STAT_STARTTIME:
        case STAT_VSIZE:
          ok = parse_unsigned (token, token_len, &uv);
          if (field == STAT_UTIME)
            result.utime_ticks = uv;
          else if (field == STAT_STIME)
            result.stime_ticks = uv;
          else if (field == STAT_STARTTIME)
            result.start_time_ticks = uv;
          else
            result.vsize_bytes = uv;
          break;

        case STAT_PPID:
        case STAT_NUM_THREADS:
          ok = parse_signed (token, token_len, 0, G_MAXINT64, &sv);
          if (field == STAT_PPID)
            result.ppid = sv;
          else
            result.num_threads = sv;
          break;

        case STAT_RSS:
          ok = parse_signed (token, token_len, G_MININT64, G_MAXINT64, &sv);
          result.rss_pages = sv;
          break;

        default:
          /* Not kept, but must still be a number: anything else means this is not a stat file. */
          ok = parse_signed (token, token_len, G_MININT64, G_MAXINT64, &sv)
               || parse_unsigned (token, token_len, &uv);
          break;
        }

      if (!ok)
        {
          g_autofree char *bad = excerpt (token, token_len);

          g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                       "Malformed /proc/PID/stat: field %u is “%s”, not a valid %s",
                       field, bad, field == STAT_STATE ? "state letter" : "number");
          tether_proc_stat_clear (&result);
          return FALSE;
        }
    }

  result.comm = utf8_copy (open + 1, (gsize) (close - open - 1));
  *out = result;

  return TRUE;
}

void
tether_proc_status_clear (TetherProcStatus *status)
{
  g_return_if_fail (status != NULL);

  g_clear_pointer (&status->name, g_free);
}

/* The kernel escapes '\n' and '\\' in Name (and, depending on the version, other control
 * characters) as C escapes; undo that. Unknown escapes are kept as they are. */
static char *
unescape_name (const char *text,
               gsize       len)
{
  g_autoptr(GString) s = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '\\' && i + 1 < len)
        {
          char u = 0;

          switch (text[i + 1])
            {
            case 'n': u = '\n'; break;
            case 't': u = '\t'; break;
            case 'r': u = '\r'; break;
            case 'v': u = '\v'; break;
            case 'f': u = '\f'; break;
            case 'a': u = '\a'; break;
            case 'e': u = '\033'; break;
            case '"': u = '"'; break;
            case '\\': u = '\\'; break;
            default: break;
            }

          if (u != 0)
            {
              g_string_append_c (s, u);
              i++;
              continue;
            }
        }

      g_string_append_c (s, c);
    }

  return utf8_copy (s->str, s->len);
}

static gboolean
status_error (GError    **error,
              const char *key,
              const char *value,
              gsize       value_len,
              const char *expected)
{
  g_autofree char *bad = excerpt (value, value_len);

  g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
               "“%s” is “%s”, not %s", key, bad, expected);
  return FALSE;
}

/* Parses one "Key:\tvalue" line of a status file. */
static gboolean
status_line (const char        *key,
             gsize              key_len,
             const char        *value,
             gsize              value_len,
             TetherProcStatus  *out,
             GError           **error)
{
  const char *v = value;
  gsize vlen = value_len;
  gint64 n;

#define KEY_IS(k) (key_len == strlen (k) && memcmp (key, k, key_len) == 0)

  if (KEY_IS ("Name"))
    {
      /* Names may start with blanks of their own: drop only the kernel's separator tab. */
      if (vlen > 0 && v[0] == '\t')
        {
          v++;
          vlen--;
        }
      g_free (out->name);
      out->name = unescape_name (v, vlen);
      return TRUE;
    }

  /* Other values: trim the blanks around them. */
  while (vlen > 0 && is_blank (v[0]))
    {
      v++;
      vlen--;
    }
  while (vlen > 0 && is_blank (v[vlen - 1]))
    vlen--;

  if (KEY_IS ("State"))
    {
      /* "S (sleeping)" */
      if (vlen == 0 || !g_ascii_isalpha (v[0]) || (vlen > 1 && !is_blank (v[1])))
        return status_error (error, "State", v, vlen, "a state letter");
      out->state = v[0];
    }
  else if (KEY_IS ("PPid") || KEY_IS ("TracerPid") || KEY_IS ("Threads"))
    {
      if (!parse_signed (v, vlen, 0, G_MAXINT64, &n))
        return status_error (error, KEY_IS ("PPid") ? "PPid" : KEY_IS ("Threads") ? "Threads"
                             : "TracerPid", v, vlen, "a number");
      if (KEY_IS ("PPid"))
        out->ppid = n;
      else if (KEY_IS ("Threads"))
        out->threads = n;
      else
        out->tracer_pid = n;
    }
  else if (KEY_IS ("Uid"))
    {
      /* "real effective saved fs", separated by tabs. */
      gint64 ids[4];
      guint n_ids = 0;
      gsize i = 0;

      while (i < vlen)
        {
          gsize start;

          while (i < vlen && is_blank (v[i]))
            i++;
          start = i;
          while (i < vlen && !is_blank (v[i]))
            i++;
          if (i == start)
            break;
          if (n_ids == G_N_ELEMENTS (ids)
              || !parse_signed (v + start, i - start, 0, G_MAXUINT32, &ids[n_ids]))
            return status_error (error, "Uid", v, vlen, "a list of user ids");
          n_ids++;
        }

      if (n_ids < 2)
        return status_error (error, "Uid", v, vlen, "a list of user ids");

      out->uid_real = ids[0];
      out->uid_effective = ids[1];
    }
  else if (KEY_IS ("VmRSS"))
    {
      /* "   1234 kB" */
      gsize digits = 0;
      const char *unit;
      gsize unit_len;
      guint64 kib;

      while (digits < vlen && g_ascii_isdigit (v[digits]))
        digits++;
      unit = v + digits;
      unit_len = vlen - digits;
      while (unit_len > 0 && is_blank (unit[0]))
        {
          unit++;
          unit_len--;
        }

      if (!parse_unsigned (v, digits, &kib) || kib > G_MAXUINT64 / 1024
          || unit_len != 2 || memcmp (unit, "kB", 2) != 0)
        return status_error (error, "VmRSS", v, vlen, "a size in kB");
      out->vm_rss_bytes = kib * 1024;
    }

#undef KEY_IS

  return TRUE;
}

gboolean
tether_proc_status_parse (const char        *text,
                          gsize              len,
                          TetherProcStatus  *out,
                          GError           **error)
{
  const char *p;
  const char *end;
  guint line_no = 0;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->ppid = -1;
  out->tracer_pid = -1;
  out->uid_real = -1;
  out->uid_effective = -1;
  out->threads = -1;

  if (len == 0)
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                           "Malformed /proc/PID/status: the file is empty");
      return FALSE;
    }

  p = text;
  end = text + len;
  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *colon;

      if (eol == NULL)
        eol = end;
      line_no++;

      if (eol > p)
        {
          colon = memchr (p, ':', (gsize) (eol - p));
          if (colon == NULL || colon == p)
            {
              g_autofree char *bad = excerpt (p, (gsize) (eol - p));

              g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                           "Malformed /proc/PID/status, line %u: “%s” is not “Key: value”",
                           line_no, bad);
              tether_proc_status_clear (out);
              return FALSE;
            }

          if (!status_line (p, (gsize) (colon - p), colon + 1, (gsize) (eol - colon - 1),
                            out, error))
            {
              g_prefix_error (error, "Malformed /proc/PID/status, line %u: ", line_no);
              tether_proc_status_clear (out);
              return FALSE;
            }
        }

      p = eol + 1;
    }

  return TRUE;
}

char **
tether_proc_cmdline_parse (const guint8 *data,
                           gsize         len)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  gboolean terminated = FALSE;
  gsize start = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* The NUL after the last argument is a terminator, not the start of an empty argument; it may
   * be missing (a process that rewrote its argv). Every other NUL separates two arguments, even
   * when that makes an empty one, so that `prog a ""` ("a\0\0") reads back as {"a", ""}: padding
   * NULs left by a process that shortened its argv therefore show as empty arguments. An empty
   * file (kernel thread, zombie) gives {}, a lone NUL {""}. */
  if (len > 0 && data[len - 1] == '\0')
    {
      terminated = TRUE;
      len--;
    }

  if (len > 0 || terminated)
    {
      for (gsize i = 0; i <= len; i++)
        {
          if (i == len || data[i] == '\0')
            {
              g_ptr_array_add (argv, g_strndup ((const char *) data + start, i - start));
              start = i + 1;
            }
        }
    }

  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

gboolean
tether_proc_boot_time_parse (const char *text,
                             gsize       len,
                             guint64    *btime)
{
  static const char key[] = "btime ";
  const char *p = text;
  const char *end = text + len;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (btime != NULL, FALSE);

  if (len == 0)
    return FALSE;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      gsize line_len;

      if (eol == NULL)
        eol = end;
      line_len = (gsize) (eol - p);

      if (line_len > strlen (key) && memcmp (p, key, strlen (key)) == 0)
        return parse_unsigned (p + strlen (key), line_len - strlen (key), btime);

      p = eol + 1;
    }

  return FALSE;
}

GHashTable *
tether_passwd_parse (const char *text,
                     gsize       len)
{
  g_autoptr(GHashTable) users = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  const char *p = text;
  const char *end = text + len;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *name_end;
      const char *pw_end;
      const char *uid;
      const char *uid_end;
      gint64 n;

      if (eol == NULL)
        eol = end;

      /* name:password:uid:gid:gecos:home:shell; only the first three matter here. */
      name_end = memchr (p, ':', (gsize) (eol - p));
      pw_end = name_end != NULL ? memchr (name_end + 1, ':', (gsize) (eol - name_end - 1)) : NULL;
      uid = pw_end != NULL ? pw_end + 1 : NULL;
      uid_end = uid != NULL ? memchr (uid, ':', (gsize) (eol - uid)) : NULL;

      /* Skipped: comments, NIS "+"/"-" entries, lines without a name or a numeric uid, and uids
       * beyond G_MAXINT, which GINT_TO_POINTER() keys cannot hold unambiguously. The first entry
       * for a uid wins, as with getpwuid(). */
      if (uid_end != NULL && name_end > p && *p != '#' && *p != '+' && *p != '-'
          && parse_signed (uid, (gsize) (uid_end - uid), 0, G_MAXINT, &n)
          && !g_hash_table_contains (users, GINT_TO_POINTER ((gint) n)))
        g_hash_table_insert (users, GINT_TO_POINTER ((gint) n),
                             utf8_copy (p, (gsize) (name_end - p)));

      p = eol + 1;
    }

  return g_steal_pointer (&users);
}
