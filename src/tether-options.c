/* tether-options.c: connection strings ("tcp:server=host,port=5005") parsed into a transport
 * description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-options.h"

/*
 * Syntax
 *
 *   string    = transport ":" [ pair *( "," pair ) ]     |  "local"
 *   pair      = key "=" value
 *   value     = unquoted | quoted
 *
 * Transport names and keys are case-insensitive. Whitespace (ASCII) around the whole string, around
 * the transport, around keys and around values is ignored.
 *
 * Quoting rule: a value may be enclosed in double quotes. Inside the quotes every character stands
 * for itself (commas, "=", ":" and leading or trailing spaces included) except the double quote,
 * which is written twice: gdbserver="/opt/say ""hi"",x/gdbserver" is the path
 * /opt/say "hi",x/gdbserver. Only whitespace may follow the closing quote. An unquoted value runs
 * to the next comma and may contain neither "=" nor a double quote. A quote that is never closed is
 * an error, and so is an empty value, quoted or not.
 *
 * tether_options_to_string() quotes a value exactly when an unquoted one would not read back the
 * same, so the canonical string of every parsed value parses to an equal value.
 */

struct _TetherOptions
{
  grefcount           ref_count;
  TetherTransportKind transport;
  char               *host;
  guint16             port;
  guint               ip_version;
  char               *user;
  char               *gdbserver;
  char               *device;
  guint               baud;
};

G_DEFINE_BOXED_TYPE (TetherOptions, tether_options, tether_options_ref, tether_options_unref)

#define DEFAULT_BAUD 115200

typedef enum
{
  FAMILY_TCP,
  FAMILY_SSH,
  FAMILY_LOCAL,
  FAMILY_COM,
} Family;

typedef enum
{
  KEY_SERVER,
  KEY_CLICON,
  KEY_HOST,
  KEY_USER,
  KEY_PORT,
  KEY_IPVERSION,
  KEY_GDBSERVER,
  KEY_BAUD,
  N_KEYS
} Key;

static const char * const key_names[N_KEYS] = {
  [KEY_SERVER] = "server",
  [KEY_CLICON] = "clicon",
  [KEY_HOST] = "host",
  [KEY_USER] = "user",
  [KEY_PORT] = "port",
  [KEY_IPVERSION] = "ipversion",
  [KEY_GDBSERVER] = "gdbserver",
  [KEY_BAUD] = "baud",
};

#define KEY_BIT(k) (1u << (k))

static const struct
{
  const char *name;
  Family      family;
  guint       keys;  /* KEY_BIT()s, listed in the canonical order */
} transports[] = {
  { "tcp", FAMILY_TCP,
    KEY_BIT (KEY_SERVER) | KEY_BIT (KEY_CLICON) | KEY_BIT (KEY_PORT) | KEY_BIT (KEY_IPVERSION) },
  { "ssh", FAMILY_SSH,
    KEY_BIT (KEY_HOST) | KEY_BIT (KEY_USER) | KEY_BIT (KEY_PORT) | KEY_BIT (KEY_GDBSERVER) },
  { "local", FAMILY_LOCAL, KEY_BIT (KEY_GDBSERVER) },
  { "com", FAMILY_COM, KEY_BIT (KEY_PORT) | KEY_BIT (KEY_BAUD) },
};

/* The rates termios(3) names on Linux (B50 … B4000000), B0 excluded. */
static const guint standard_bauds[] = {
  50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200,
  230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000,
  3500000, 4000000,
};

typedef struct
{
  const char    *string;    /* the input as given, for messages */
  Family         family;
  guint          seen;      /* KEY_BIT()s */
  TetherOptions *options;
} Parser;

static gboolean parse_error (Parser     *parser,
                             GError    **error,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

/* Always returns FALSE, so callers can `return parse_error (…);`. */
static gboolean
parse_error (Parser     *parser,
             GError    **error,
             const char *format,
             ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *quoted = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  quoted = g_utf8_make_valid (parser->string, -1);
  g_set_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_OPTIONS,
               /* Translators: the first %s is the connection string, the second what is wrong */
               _("Invalid connection string “%s”: %s"), quoted, detail);
  return FALSE;
}

static char *
strip_dup (const char *start,
           const char *end)
{
  char *s = g_strndup (start, end - start);

  return g_strstrip (s);
}

static const char *
skip_space (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

static char *
list_keys (guint keys)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < N_KEYS; k++)
    if (keys & KEY_BIT (k))
      {
        if (s->len > 0)
          g_string_append (s, ", ");
        g_string_append (s, key_names[k]);
      }
  return g_string_free (s, FALSE);
}

static gboolean
has_control_char (const char *value)
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
static GInetAddress *
parse_ipv6_literal (const char *s)
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

static gboolean
is_ipv6_literal (const char *s)
{
  g_autoptr(GInetAddress) inet = parse_ipv6_literal (s);

  return inet != NULL;
}

static gboolean
is_ipv4_literal (const char *s)
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
static char *
check_host (Parser     *parser,
            const char *key,
            const char *value,
            GError    **error)
{
  gsize len = strlen (value);
  g_autofree char *ascii = NULL;

  if (value[0] == '-')
    {
      parse_error (parser, error,
                   _("%s “%s” starts with “-”, which would be read as a command-line option"),
                   key, value);
      return NULL;
    }

  if (value[0] == '[' || value[len - 1] == ']')
    {
      g_autofree char *inner = NULL;

      if (len < 2 || value[0] != '[' || value[len - 1] != ']')
        {
          parse_error (parser, error,
                       _("%s “%s” has unbalanced brackets; write an IPv6 address as [::1] or ::1"),
                       key, value);
          return NULL;
        }
      inner = g_strndup (value + 1, len - 2);
      if (!is_ipv6_literal (inner))
        {
          parse_error (parser, error,
                       _("%s “%s” is not an IPv6 address; only IPv6 addresses go in brackets"),
                       key, value);
          return NULL;
        }
      return g_steal_pointer (&inner);
    }

  if (strchr (value, ':') != NULL)
    {
      if (is_ipv6_literal (value))
        return g_strdup (value);
      parse_error (parser, error,
                   _("%s “%s” is not a valid IPv6 address (a port goes in port=, not after “:”)"),
                   key, value);
      return NULL;
    }

  if (strchr (value, '@') != NULL)
    {
      if (parser->family == FAMILY_SSH)
        parse_error (parser, error,
                     _("host “%s” contains “@”; give the user name separately with user="),
                     value);
      else
        parse_error (parser, error,
                     _("%s “%s” contains “@”, which is not valid in a host name"), key, value);
      return NULL;
    }

  if (is_ipv4_literal (value))
    return g_strdup (value);

  if (g_hostname_is_non_ascii (value))
    ascii = g_hostname_to_ascii (value);
  else
    ascii = g_strdup (value);

  if (ascii == NULL || !is_plausible_host_name (ascii))
    {
      parse_error (parser, error,
                   _("%s “%s” is not a valid host name or IP address "
                     "(for example build-box, 192.168.1.10 or [::1])"),
                   key, value);
      return NULL;
    }

  return g_strdup (value);
}

static gboolean
check_port (Parser     *parser,
            const char *value,
            guint16    *out,
            GError    **error)
{
  guint64 v;

  if (!parse_decimal (value, 65535, &v) || v == 0)
    return parse_error (parser, error, _("port “%s” is not a number from 1 to 65535"), value);
  *out = (guint16) v;
  return TRUE;
}

static gboolean
check_baud (Parser     *parser,
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
  return parse_error (parser, error, _("baud “%s” is not a standard rate; use one of %s"),
                      value, list->str);
}

static gboolean
check_program (Parser     *parser,
               const char *value,
               GError    **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value));

  if (stripped[0] == '\0')
    return parse_error (parser, error, _("gdbserver “%s” is blank; give the path of gdbserver"),
                        value);
  if (value[0] == '-')
    return parse_error (parser, error,
                        _("gdbserver “%s” starts with “-”, which would be read as an option; "
                          "give the path of gdbserver"),
                        value);
  return TRUE;
}

static gboolean
check_user (Parser     *parser,
            const char *value,
            GError    **error)
{
  if (value[0] == '-')
    return parse_error (parser, error,
                        _("user “%s” starts with “-”, which ssh would read as an option"), value);
  if (strchr (value, '@') != NULL)
    return parse_error (parser, error,
                        _("user “%s” contains “@”, which ssh would misread; "
                          "give the host separately with host="),
                        value);
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return parse_error (parser, error,
                          _("user “%s” contains whitespace, which ssh would misread"), value);
  return TRUE;
}

static gboolean
apply_pair (Parser     *parser,
            Key         key,
            const char *value,
            GError    **error)
{
  TetherOptions *o = parser->options;

  switch (key)
    {
    case KEY_SERVER:
    case KEY_CLICON:
    case KEY_HOST:
      if (o->host != NULL)
        return parse_error (parser, error,
                            _("both server and clicon are given; use server=HOST to connect to a "
                              "gdbserver or clicon=HOST to wait for one to connect, not both"));
      o->host = check_host (parser, key_names[key], value, error);
      if (key == KEY_CLICON)
        o->transport = TETHER_TRANSPORT_TCP_CLICON;
      return o->host != NULL;

    case KEY_PORT:
      if (parser->family == FAMILY_COM)
        {
          if (!g_path_is_absolute (value))
            return parse_error (parser, error,
                                _("port “%s” is not an absolute device path "
                                  "(for example /dev/ttyS0 or /dev/ttyUSB0)"),
                                value);
          o->device = g_strdup (value);
          return TRUE;
        }
      return check_port (parser, value, &o->port, error);

    case KEY_IPVERSION:
      if (g_strcmp0 (value, "4") == 0)
        o->ip_version = 4;
      else if (g_strcmp0 (value, "6") == 0)
        o->ip_version = 6;
      else
        return parse_error (parser, error, _("ipversion “%s” is not 4 or 6"), value);
      return TRUE;

    case KEY_USER:
      if (!check_user (parser, value, error))
        return FALSE;
      o->user = g_strdup (value);
      return TRUE;

    case KEY_GDBSERVER:
      if (!check_program (parser, value, error))
        return FALSE;
      o->gdbserver = g_strdup (value);
      return TRUE;

    case KEY_BAUD:
      return check_baud (parser, value, &o->baud, error);

    case N_KEYS:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
handle_pair (Parser     *parser,
             guint       allowed,
             const char *transport_name,
             const char *key_text,
             const char *value,
             GError    **error)
{
  g_autofree char *key_lower = g_ascii_strdown (key_text, -1);
  int key = -1;

  for (guint k = 0; k < N_KEYS; k++)
    if ((allowed & KEY_BIT (k)) && strcmp (key_lower, key_names[k]) == 0)
      key = k;

  if (key < 0)
    {
      g_autofree char *valid = list_keys (allowed);

      return parse_error (parser, error, _("unknown key “%s” for %s; valid keys are %s"),
                          key_text, transport_name, valid);
    }

  if (parser->seen & KEY_BIT (key))
    return parse_error (parser, error, _("key “%s” is given twice"), key_names[key]);
  parser->seen |= KEY_BIT (key);

  if (value[0] == '\0')
    return parse_error (parser, error, _("key “%s” has an empty value"), key_names[key]);

  if (has_control_char (value))
    return parse_error (parser, error, _("the value of “%s” contains a control character"),
                        key_names[key]);

  return apply_pair (parser, key, value, error);
}

/* Parses "key=value,…" (the part after the colon). */
static gboolean
parse_pairs (Parser     *parser,
             guint       allowed,
             const char *transport_name,
             const char *pairs,
             GError    **error)
{
  const char *p = skip_space (pairs);

  if (*p == '\0')
    return TRUE;

  for (;;)
    {
      const char *key_start = p;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      while (*p != '\0' && *p != '=' && *p != ',')
        p++;
      key = strip_dup (key_start, p);

      if (*p != '=')
        {
          if (key[0] == '\0' && *p == '\0')
            return parse_error (parser, error, _("it ends with “,”; remove the last comma"));
          if (key[0] == '\0')
            return parse_error (parser, error,
                                _("there is an empty item; separate key=value pairs with single "
                                  "commas"));
          return parse_error (parser, error, _("“%s” has no value; write it as %s=VALUE"),
                              key, key);
        }
      if (key[0] == '\0')
        return parse_error (parser, error, _("there is a value with no key before “=”"));

      p = skip_space (p + 1);
      if (*p == '"')
        {
          GString *v = g_string_new (NULL);

          p++;
          for (;;)
            {
              if (*p == '\0')
                {
                  g_string_free (v, TRUE);
                  return parse_error (parser, error,
                                      _("the quoted value of “%s” has no closing quote"), key);
                }
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (v, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (v, *p++);
            }
          value = g_string_free (v, FALSE);
          p = skip_space (p);
          if (*p != '\0' && *p != ',')
            return parse_error (parser, error,
                                _("there is text after the closing quote of “%s”; "
                                  "inside quotes write a quote as \"\""),
                                key);
        }
      else
        {
          const char *value_start = p;

          while (*p != '\0' && *p != ',')
            p++;
          value = strip_dup (value_start, p);
          if (strchr (value, '"') != NULL)
            return parse_error (parser, error,
                                _("the value of “%s” contains a quote; enclose the whole value "
                                  "in double quotes and write a quote inside as \"\""),
                                key);
          if (strchr (value, '=') != NULL)
            return parse_error (parser, error,
                                _("the value of “%s” contains “=”; enclose the value in double "
                                  "quotes or add the missing comma"),
                                key);
        }

      if (!handle_pair (parser, allowed, transport_name, key, value, error))
        return FALSE;

      if (*p == '\0')
        return TRUE;
      g_assert (*p == ',');
      p++;
    }
}

static gboolean
check_required (Parser  *parser,
                GError **error)
{
  TetherOptions *o = parser->options;

  switch (parser->family)
    {
    case FAMILY_TCP:
      if (o->host == NULL)
        return parse_error (parser, error,
                            _("tcp needs server=HOST to connect to a gdbserver, "
                              "or clicon=HOST to wait for one to connect"));
      if (o->port == 0)
        return parse_error (parser, error, _("tcp needs port=PORT (a number from 1 to 65535)"));
      if (o->ip_version == 4 && is_ipv6_literal (o->host))
        return parse_error (parser, error, _("ipversion “4” contradicts the IPv6 address “%s”"),
                            o->host);
      if (o->ip_version == 6 && is_ipv4_literal (o->host))
        return parse_error (parser, error, _("ipversion “6” contradicts the IPv4 address “%s”"),
                            o->host);
      return TRUE;

    case FAMILY_SSH:
      if (o->host == NULL)
        return parse_error (parser, error, _("ssh needs host=HOST"));
      return TRUE;

    case FAMILY_COM:
      if (o->device == NULL)
        return parse_error (parser, error,
                            _("com needs port=DEVICE (for example port=/dev/ttyS0)"));
      if (o->baud == 0)
        o->baud = DEFAULT_BAUD;
      return TRUE;

    case FAMILY_LOCAL:
    default:
      return TRUE;
    }
}

static void
tether_options_free (TetherOptions *self)
{
  g_free (self->host);
  g_free (self->user);
  g_free (self->gdbserver);
  g_free (self->device);
  g_free (self);
}

/**
 * tether_options_parse:
 * @string: a connection string such as "tcp:server=build-box,port=2345"
 * @error: return location for a #TETHER_ERROR_INVALID_OPTIONS error
 *
 * Parses a connection string. See the comment at the top of tether-options.c for the syntax and
 * the quoting rule. The message of every error quotes @string and says what is wrong.
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with @error set
 */
TetherOptions *
tether_options_parse (const char  *string,
                      GError     **error)
{
  g_autoptr(TetherOptions) options = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *transport_name = NULL;
  Parser parser = { .string = string };
  const char *colon;
  int found = -1;

  g_return_val_if_fail (string != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (string, -1, NULL))
    {
      parse_error (&parser, error, _("it is not valid UTF-8"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (string));
  if (trimmed[0] == '\0')
    {
      parse_error (&parser, error,
                   _("it is empty; write for example tcp:server=HOST,port=PORT or local:"));
      return NULL;
    }

  colon = strchr (trimmed, ':');
  if (colon == NULL && g_ascii_strcasecmp (trimmed, "local") == 0)
    colon = trimmed + strlen (trimmed);
  else if (colon == NULL)
    {
      parse_error (&parser, error,
                   _("there is no “:”; write TRANSPORT:key=value,… where TRANSPORT is "
                     "tcp, ssh, local or com"));
      return NULL;
    }

  transport_name = strip_dup (trimmed, colon);
  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    if (g_ascii_strcasecmp (transport_name, transports[i].name) == 0)
      found = i;
  if (found < 0)
    {
      if (transport_name[0] == '\0' || strpbrk (transport_name, "=,") != NULL)
        parse_error (&parser, error,
                     _("it does not start with a transport; write tcp:, ssh:, local: or com: "
                       "before the keys"));
      else
        parse_error (&parser, error,
                     _("unknown transport “%s”; known transports are tcp, ssh, local and com"),
                     transport_name);
      return NULL;
    }

  options = g_new0 (TetherOptions, 1);
  g_ref_count_init (&options->ref_count);
  parser.family = transports[found].family;
  parser.options = options;
  switch (parser.family)
    {
    case FAMILY_TCP:
      options->transport = TETHER_TRANSPORT_TCP;
      break;
    case FAMILY_SSH:
      options->transport = TETHER_TRANSPORT_SSH;
      break;
    case FAMILY_LOCAL:
      options->transport = TETHER_TRANSPORT_LOCAL;
      break;
    case FAMILY_COM:
    default:
      options->transport = TETHER_TRANSPORT_COM;
      break;
    }

  if (*colon == ':' &&
      !parse_pairs (&parser, transports[found].keys, transports[found].name, colon + 1, error))
    return NULL;

  if (!check_required (&parser, error))
    return NULL;

  return g_steal_pointer (&options);
}

/**
 * tether_options_ref:
 * @self: a #TetherOptions
 *
 * Returns: (transfer full): @self
 */
TetherOptions *
tether_options_ref (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * tether_options_unref:
 * @self: (transfer full): a #TetherOptions
 */
void
tether_options_unref (TetherOptions *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    tether_options_free (self);
}

TetherTransportKind
tether_options_get_transport (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, TETHER_TRANSPORT_LOCAL);

  return self->transport;
}

/**
 * tether_options_get_host:
 * @self: a #TetherOptions
 *
 * Returns: (nullable): the server (tcp), the clicon host (tcp, reverse) or the ssh host; IPv6
 *   literals without brackets. %NULL for local and com.
 */
const char *
tether_options_get_host (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

/**
 * tether_options_get_port:
 * @self: a #TetherOptions
 *
 * Returns: the TCP port (tcp), the ssh port or 0 when ssh should decide, 0 for local and com
 *   (the serial device is tether_options_get_device())
 */
guint16
tether_options_get_port (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

/**
 * tether_options_get_ip_version:
 * @self: a #TetherOptions
 *
 * Returns: 4 or 6 when tcp is restricted to that IP version, 0 for any
 */
guint
tether_options_get_ip_version (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->ip_version;
}

const char *
tether_options_get_user (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->user;
}

/**
 * tether_options_get_gdbserver:
 * @self: a #TetherOptions
 *
 * Returns: (nullable): the gdbserver program to run (ssh, local), %NULL for the default "gdbserver"
 */
const char *
tether_options_get_gdbserver (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->gdbserver;
}

/**
 * tether_options_get_device:
 * @self: a #TetherOptions
 *
 * Returns: (nullable): the serial device (com), an absolute path; %NULL otherwise
 */
const char *
tether_options_get_device (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->device;
}

/**
 * tether_options_get_baud:
 * @self: a #TetherOptions
 *
 * Returns: the serial line rate (com, 115200 unless given), 0 for other transports
 */
guint
tether_options_get_baud (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->baud;
}

static gboolean
needs_quotes (const char *value)
{
  gsize len = strlen (value);

  return len == 0 ||
         strpbrk (value, ",=\"") != NULL ||
         g_ascii_isspace (value[0]) ||
         g_ascii_isspace (value[len - 1]);
}

/* Appends ",key=value" to @s, without the comma right after "transport:". */
static void
append_pair (GString    *s,
             const char *key,
             const char *value)
{
  if (strchr (s->str, ':') != s->str + s->len - 1)
    g_string_append_c (s, ',');
  g_string_append_printf (s, "%s=", key);

  if (!needs_quotes (value))
    {
      g_string_append (s, value);
      return;
    }

  g_string_append_c (s, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static void
append_number (GString    *s,
               const char *key,
               guint       value)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%u", value);
  append_pair (s, key, buf);
}

/**
 * tether_options_to_string:
 * @self: a #TetherOptions
 *
 * Returns the canonical connection string: lower-case transport and keys in a fixed order, values
 * quoted only when needed, IPv6 literals without brackets. Parsing it gives equal options.
 *
 * Returns: (transfer full): the canonical string
 */
char *
tether_options_to_string (TetherOptions *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = g_string_new (NULL);
  switch (self->transport)
    {
    case TETHER_TRANSPORT_TCP:
    case TETHER_TRANSPORT_TCP_CLICON:
      g_string_append (s, "tcp:");
      append_pair (s, self->transport == TETHER_TRANSPORT_TCP ? "server" : "clicon", self->host);
      append_number (s, "port", self->port);
      if (self->ip_version != 0)
        append_number (s, "ipversion", self->ip_version);
      break;

    case TETHER_TRANSPORT_SSH:
      g_string_append (s, "ssh:");
      append_pair (s, "host", self->host);
      if (self->user != NULL)
        append_pair (s, "user", self->user);
      if (self->port != 0)
        append_number (s, "port", self->port);
      if (self->gdbserver != NULL)
        append_pair (s, "gdbserver", self->gdbserver);
      break;

    case TETHER_TRANSPORT_LOCAL:
      g_string_append (s, "local:");
      if (self->gdbserver != NULL)
        append_pair (s, "gdbserver", self->gdbserver);
      break;

    case TETHER_TRANSPORT_COM:
      g_string_append (s, "com:");
      append_pair (s, "port", self->device);
      append_number (s, "baud", self->baud);
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free (s, FALSE);
}

/**
 * tether_options_describe:
 * @self: a #TetherOptions
 *
 * Returns a one-line, translated description for the UI, such as
 * “gdbserver on build-box, TCP port 2345”.
 *
 * Returns: (transfer full): the description
 */
char *
tether_options_describe (TetherOptions *self)
{
  const char *program;

  g_return_val_if_fail (self != NULL, NULL);

  program = self->gdbserver != NULL ? self->gdbserver : "gdbserver";

  switch (self->transport)
    {
    case TETHER_TRANSPORT_TCP:
      if (self->ip_version != 0)
        /* Translators: “gdbserver on build-box, TCP port 2345, IPv6 only” */
        return g_strdup_printf (_("gdbserver on %s, TCP port %u, IPv%u only"),
                                self->host, self->port, self->ip_version);
      /* Translators: “gdbserver on build-box, TCP port 2345” */
      return g_strdup_printf (_("gdbserver on %s, TCP port %u"), self->host, self->port);

    case TETHER_TRANSPORT_TCP_CLICON:
      if (self->ip_version != 0)
        return g_strdup_printf (_("Waits for a gdbserver to connect from %s on port %u, "
                                  "IPv%u only"),
                                self->host, self->port, self->ip_version);
      /* Translators: “Waits for a gdbserver to connect from lab-board on port 2345” */
      return g_strdup_printf (_("Waits for a gdbserver to connect from %s on port %u"),
                              self->host, self->port);

    case TETHER_TRANSPORT_SSH:
      {
        g_autofree char *target = NULL;

        if (self->port != 0)
          /* Translators: an ssh host and port, used as the first %s of “SSH to %s…” */
          target = g_strdup_printf (_("%s port %u"), self->host, self->port);
        else
          target = g_strdup (self->host);

        if (self->user != NULL)
          /* Translators: “SSH to build-box as dev, runs gdbserver”; the last %s is a program */
          return g_strdup_printf (_("SSH to %s as %s, runs %s"), target, self->user, program);
        /* Translators: “SSH to build-box, runs gdbserver”; the last %s is a program */
        return g_strdup_printf (_("SSH to %s, runs %s"), target, program);
      }

    case TETHER_TRANSPORT_LOCAL:
      /* Translators: “gdbserver on this computer”; %s is a program */
      return g_strdup_printf (_("%s on this computer"), program);

    case TETHER_TRANSPORT_COM:
      /* Translators: “Serial line /dev/ttyUSB0 at 115200 baud” */
      return g_strdup_printf (_("Serial line %s at %u baud"), self->device, self->baud);

    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  if (strchr (host, ':') != NULL)
    inet = parse_ipv6_literal (host);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    return FALSE;

  if (g_inet_address_get_is_loopback (inet))
    return TRUE;

  /* ::ffff:127.x.y.z is 127.x.y.z */
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    {
      static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
      const guint8 *bytes = g_inet_address_to_bytes (inet);

      return memcmp (bytes, mapped_prefix, sizeof mapped_prefix) == 0 && bytes[12] == 127;
    }
  return FALSE;
}

/**
 * tether_options_is_loopback:
 * @self: a #TetherOptions
 *
 * Whether the connection stays on this computer: local, and tcp (either direction) whose host is
 * “localhost”, an address in 127.0.0.0/8 or ::1. No name other than “localhost” is resolved. ssh
 * and com are never reported as loopback.
 *
 * Returns: %TRUE for a loopback connection
 */
gboolean
tether_options_is_loopback (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  switch (self->transport)
    {
    case TETHER_TRANSPORT_LOCAL:
      return TRUE;
    case TETHER_TRANSPORT_TCP:
    case TETHER_TRANSPORT_TCP_CLICON:
      return host_is_loopback (self->host);
    case TETHER_TRANSPORT_SSH:
    case TETHER_TRANSPORT_COM:
    default:
      return FALSE;
    }
}

/**
 * tether_options_is_unauthenticated_network:
 * @self: a #TetherOptions
 *
 * Whether the connection is plain gdbserver TCP to another machine: gdbserver has no
 * authentication, so anyone who can reach the port controls the debugged processes.
 *
 * Returns: %TRUE for tcp (either direction) to a host that is not loopback
 */
gboolean
tether_options_is_unauthenticated_network (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return (self->transport == TETHER_TRANSPORT_TCP ||
          self->transport == TETHER_TRANSPORT_TCP_CLICON) &&
         !tether_options_is_loopback (self);
}
