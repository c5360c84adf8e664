/* tether-options-values.c: the checks on connection-string values (hosts, ports, rates, paths,
 * certificate pins)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "tether-options-private.h"

/* The rates termios(3) names on Linux (B50 … B4000000), B0 excluded. */
static const guint standard_bauds[] = {
  50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200,
  230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000,
  3500000, 4000000,
};

gboolean
_tether_options_has_control_char (const char *value)
{
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
is_all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Parses @s (all digits) into @out if it is at most @max. */
static gboolean
parse_decimal (const char *s,
               guint64     max,
               guint64    *out)
{
  guint64 v;
  char *end = NULL;

  if (!is_all_digits (s))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (s, &end, 10);
  if (errno != 0 || end == NULL || *end != '\0' || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

/* An IPv6 literal, without brackets, optionally with a zone ("fe80::1%eth0"). Returns the address
 * (without the zone) or NULL. */
GInetAddress *
_tether_options_parse_ipv6_literal (const char *s)
{
  g_autofree char *address = NULL;
  const char *percent = strchr (s, '%');
  GInetAddress *inet;

  if (percent != NULL)
    {
      if (percent[1] == '\0')
        return NULL;
      for (const char *z = percent + 1; *z != '\0'; z++)
        if (!g_ascii_isalnum (*z) && *z != '_' && *z != '-' && *z != '.')
          return NULL;
      address = g_strndup (s, percent - s);
    }
  else
    address = g_strdup (s);

  inet = g_inet_address_new_from_string (address);
  if (inet != NULL && g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6)
    g_clear_object (&inet);
  return inet;
}

gboolean
_tether_options_is_ipv6_literal (const char *s)
{
  g_autoptr(GInetAddress) inet = _tether_options_parse_ipv6_literal (s);

  return inet != NULL;
}

gboolean
_tether_options_is_ipv4_literal (const char *s)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (strchr (s, ':') != NULL)
    return FALSE;
  inet = g_inet_address_new_from_string (s);
  return inet != NULL && g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4;
}

/* RFC 1123 host names, plus "_" (common in ssh aliases and internal names). The last label may not
 * be all digits, so that a mistyped IPv4 address ("10.0.0.256") is not taken for a name. */
static gboolean
is_plausible_host_name (const char *name)
{
  gsize len = strlen (name);
  const char *label = name;
  gboolean last_all_digits = FALSE;

  if (len > 0 && name[len - 1] == '.')
    len--;
  if (len == 0 || len > 253)
    return FALSE;

  while (label < name + len)
    {
      const char *end = label;
      gboolean all_digits = TRUE;

      while (end < name + len && *end != '.')
        {
          if (!g_ascii_isalnum (*end) && *end != '-' && *end != '_')
            return FALSE;
          if (!g_ascii_isdigit (*end))
            all_digits = FALSE;
          end++;
        }
      if (end == label || end - label > 63 || *label == '-' || end[-1] == '-')
        return FALSE;
      last_all_digits = all_digits;
      label = end + 1;
    }

  /* "a..b" or a leading "." leave an empty label, caught above; a trailing ".." is caught here. */
  if (name[len] == '.' && len > 0 && name[len - 1] == '.')
    return FALSE;

  return !last_all_digits;
}

/* Validates a host value; returns it as stored (brackets removed) or NULL with @error set. */
char *
_tether_options_check_host (Parser     *parser,
                            const char *key,
                            const char *value,
                            GError    **error)
{
  gsize len = strlen (value);
  g_autofree char *ascii = NULL;

  if (value[0] == '-')
    {
      _tether_options_parse_error (parser, error,
                                   _("%s “%s” starts with “-”, which would be read as a "
                                     "command-line option"),
                                   key, value);
      return NULL;
    }

  if (value[0] == '[' || value[len - 1] == ']')
    {
      g_autofree char *inner = NULL;

      if (len < 2 || value[0] != '[' || value[len - 1] != ']')
        {
          _tether_options_parse_error (parser, error,
                                       _("%s “%s” has unbalanced brackets; write an IPv6 address "
                                         "as [::1] or ::1"),
                                       key, value);
          return NULL;
        }
      inner = g_strndup (value + 1, len - 2);
      if (!_tether_options_is_ipv6_literal (inner))
        {
          _tether_options_parse_error (parser, error,
                                       _("%s “%s” is not an IPv6 address; only IPv6 addresses go "
                                         "in brackets"),
                                       key, value);
          return NULL;
        }
      return g_steal_pointer (&inner);
    }

  if (strchr (value, ':') != NULL)
    {
      if (_tether_options_is_ipv6_literal (value))
        return g_strdup (value);
      _tether_options_parse_error (parser, error,
                                   _("%s “%s” is not a valid IPv6 address (a port goes in port=, "
                                     "not after “:”)"),
                                   key, value);
      return NULL;
    }

  if (strchr (value, '@') != NULL)
    {
      if (parser->family == FAMILY_SSH)
        _tether_options_parse_error (parser, error,
                                     _("host “%s” contains “@”; give the user name separately with "
                                       "user="),
                                     value);
      else
        _tether_options_parse_error (parser, error,
                                     _("%s “%s” contains “@”, which is not valid in a host name"),
                                     key, value);
      return NULL;
    }

  if (_tether_options_is_ipv4_literal (value))
    return g_strdup (value);

  if (g_hostname_is_non_ascii (value))
    ascii = g_hostname_to_ascii (value);
  else
    ascii = g_strdup (value);

  if (ascii == NULL || !is_plausible_host_name (ascii))
    {
      _tether_options_parse_error (parser, error,
                                   _("%s “%s” is not a valid host name or IP address (for example "
                                     "build-box, 192.168.1.10 or [::1])"),
                                   key, value);
      return NULL;
    }

  return g_strdup (value);
}

gboolean
_tether_options_check_port (Parser     *parser,
                            const char *value,
                            guint16    *out,
                            GError    **error)
{
  guint64 v;

  if (!parse_decimal (value, 65535, &v) || v == 0)
    return _tether_options_parse_error (parser, error,
                                        _("port “%s” is not a number from 1 to 65535"), value);
  *out = (guint16) v;
  return TRUE;
}

gboolean
_tether_options_check_baud (Parser     *parser,
                            const char *value,
                            guint      *out,
                            GError    **error)
{
  g_autoptr(GString) list = NULL;
  guint64 v;

  if (parse_decimal (value, G_MAXUINT, &v))
    {
      for (guint i = 0; i < G_N_ELEMENTS (standard_bauds); i++)
        if (standard_bauds[i] == v)
          {
            *out = (guint) v;
            return TRUE;
          }
    }

  list = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (standard_bauds); i++)
    g_string_append_printf (list, "%s%u", i > 0 ? ", " : "", standard_bauds[i]);
  return _tether_options_parse_error (parser, error,
                                      _("baud “%s” is not a standard rate; use one of %s"),
                                      value, list->str);
}

gboolean
_tether_options_check_program (Parser     *parser,
                               const char *key,
                               const char *value,
                               GError    **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value));

  /* Translators: the %s are a key (gdbserver, lldbserver), its value, and the key again */
  if (stripped[0] == '\0')
    return _tether_options_parse_error (parser, error, _("%s “%s” is blank; give the path of %s"),
                                        key, value, key);
  if (value[0] == '-')
    return _tether_options_parse_error (parser, error,
                                        _("%s “%s” starts with “-”, which would be read as an "
                                          "option; give the path of %s"),
                                        key, value, key);
  return TRUE;
}

gboolean
_tether_options_check_user (Parser     *parser,
                            const char *value,
                            GError    **error)
{
  if (value[0] == '-')
    return _tether_options_parse_error (parser, error,
                                        _("user “%s” starts with “-”, which ssh would read as an "
                                          "option"), value);
  if (strchr (value, '@') != NULL)
    return _tether_options_parse_error (parser, error,
                                        _("user “%s” contains “@”, which ssh would misread; give "
                                          "the host separately with host="),
                                        value);
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return _tether_options_parse_error (parser, error,
                                          _("user “%s” contains whitespace, which ssh would "
                                            "misread"),
                                          value);
  return TRUE;
}

/* identity=, config=, cafile=: a file named by an absolute path or one under "~/", never its
 * contents (a key pasted in would start with "-----BEGIN" and is refused here). */
gboolean
_tether_options_check_file (Parser     *parser,
                            const char *key,
                            const char *value,
                            GError    **error)
{
  if (value[0] == '-')
    return _tether_options_parse_error (parser, error,
                                        _("%s “%s” starts with “-”; give the path of a file, not "
                                          "its contents"),
                                        key, value);
  if (!g_path_is_absolute (value) && !g_str_has_prefix (value, "~/"))
    {
      const char *example = strcmp (key, "identity") == 0 ? "~/.ssh/id_ed25519"
                            : strcmp (key, "config") == 0 ? "~/.ssh/config"
                            : "/etc/ssl/my-ca.pem";

      return _tether_options_parse_error (parser, error,
                                          _("%s “%s” is not an absolute path; give the full path "
                                            "of the file (“~/” stands for your home folder), for "
                                            "example %s=%s"),
                                          key, value, key, example);
    }
  return TRUE;
}

/* pin=: the SHA-256 of the server's certificate (DER), as 64 hex digits in either case, optionally
 * after "sha256:" and with colons between the bytes (openssl x509 -fingerprint -sha256 prints
 * "AB:CD:…"). Stored as 64 lower-case hex digits. */
char *
_tether_options_check_pin (Parser     *parser,
                           const char *value,
                           GError    **error)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  const char *p = value;
  const char *digits;
  gboolean colons = strchr (value, ':') != NULL;

  if (g_ascii_strncasecmp (p, "sha256:", 7) == 0)
    {
      p += 7;
      colons = strchr (p, ':') != NULL;
    }

  digits = p;
  for (guint i = 0; *p != '\0'; i++, p++)
    {
      if (colons && i % 3 == 2)
        {
          if (*p != ':')
            break;
          continue;
        }
      if (!g_ascii_isxdigit (*p))
        break;
      g_string_append_c (hex, g_ascii_tolower (*p));
    }

  if (*p != '\0' || hex->len != 64 || (colons && strlen (digits) != 64 + 31))
    {
      _tether_options_parse_error (parser, error,
                                   _("pin “%s” is not a SHA-256 certificate fingerprint: give 64 "
                                     "hexadecimal digits, optionally after “sha256:” and with "
                                     "colons between bytes, as “openssl x509 -in CERT -noout "
                                     "-fingerprint -sha256” prints them"),
                                   value);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&hex), FALSE);
}
