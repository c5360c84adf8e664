/* tether-options-parser.c: connection strings ("tcp:server=host,port=5005") parsed into a transport
 * description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-options-private.h"

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

/* Always returns FALSE, so callers can `return _tether_options_parse_error (…);`. */
gboolean
_tether_options_parse_error (Parser     *parser,
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
        return _tether_options_parse_error (parser, error,
                                            _("both server and clicon are given; use server=HOST "
                                              "to connect to a gdbserver or clicon=HOST to wait "
                                              "for one to connect, not both"));
      o->host = _tether_options_check_host (parser, key_names[key], value, error);
      if (key == KEY_CLICON)
        o->transport = TETHER_TRANSPORT_TCP_CLICON;
      return o->host != NULL;

    case KEY_PORT:
      if (parser->family == FAMILY_COM)
        {
          if (!g_path_is_absolute (value))
            return _tether_options_parse_error (parser, error,
                                                _("port “%s” is not an absolute device path (for "
                                                  "example /dev/ttyS0 or /dev/ttyUSB0)"),
                                                value);
          o->device = g_strdup (value);
          return TRUE;
        }
      return _tether_options_check_port (parser, value, &o->port, error);

    case KEY_IPVERSION:
      if (g_strcmp0 (value, "4") == 0)
        o->ip_version = 4;
      else if (g_strcmp0 (value, "6") == 0)
        o->ip_version = 6;
      else
        return _tether_options_parse_error (parser, error, _("ipversion “%s” is not 4 or 6"),
                                            value);
      return TRUE;

    case KEY_USER:
      if (!_tether_options_check_user (parser, value, error))
        return FALSE;
      o->user = g_strdup (value);
      return TRUE;

    case KEY_GDBSERVER:
      if (!_tether_options_check_program (parser, "gdbserver", value, error))
        return FALSE;
      o->gdbserver = g_strdup (value);
      return TRUE;

    case KEY_BAUD:
      return _tether_options_check_baud (parser, value, &o->baud, error);

    case KEY_IDENTITY:
    case KEY_CONFIG:
    case KEY_CAFILE:
      if (!_tether_options_check_file (parser, key_names[key], value, error))
        return FALSE;
      if (key == KEY_IDENTITY)
        o->identity = g_strdup (value);
      else if (key == KEY_CONFIG)
        o->ssh_config = g_strdup (value);
      else
        o->cafile = g_strdup (value);
      return TRUE;

    case KEY_PIN:
      o->pin = _tether_options_check_pin (parser, value, error);
      return o->pin != NULL;
    case KEY_KIND:
      if (g_ascii_strcasecmp (value, "gdbserver") == 0)
        o->server_kind = TETHER_SERVER_KIND_GDBSERVER;
      else if (g_ascii_strcasecmp (value, "lldb") == 0)
        o->server_kind = TETHER_SERVER_KIND_LLDB;
      else
        return _tether_options_parse_error (parser, error, _("kind “%s” is not gdbserver or lldb"),
                                            value);
      return TRUE;

    case KEY_LLDBSERVER:
      if (!_tether_options_check_program (parser, "lldbserver", value, error))
        return FALSE;
      o->lldbserver = g_strdup (value);
      return TRUE;

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

      return _tether_options_parse_error (parser, error,
                                          _("unknown key “%s” for %s; valid keys are %s"),
                                          key_text, transport_name, valid);
    }

  if (parser->seen & KEY_BIT (key))
    return _tether_options_parse_error (parser, error, _("key “%s” is given twice"),
                                        key_names[key]);
  parser->seen |= KEY_BIT (key);

  if (value[0] == '\0')
    return _tether_options_parse_error (parser, error, _("key “%s” has an empty value"),
                                        key_names[key]);

  if (_tether_options_has_control_char (value))
    return _tether_options_parse_error (parser, error,
                                        _("the value of “%s” contains a control character"),
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
            return _tether_options_parse_error (parser, error,
                                                _("it ends with “,”; remove the last comma"));
          if (key[0] == '\0')
            return _tether_options_parse_error (parser, error,
                                                _("there is an empty item; separate key=value "
                                                  "pairs with single commas"));
          return _tether_options_parse_error (parser, error,
                                              _("“%s” has no value; write it as %s=VALUE"),
                                              key, key);
        }
      if (key[0] == '\0')
        return _tether_options_parse_error (parser, error,
                                            _("there is a value with no key before “=”"));

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
                  return _tether_options_parse_error (parser, error,
                                                      _("the quoted value of “%s” has no closing "
                                                        "quote"), key);
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
            return _tether_options_parse_error (parser, error,
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
            return _tether_options_parse_error (parser, error,
                                                _("the value of “%s” contains a quote; enclose the "
                                                  "whole value in double quotes and write a quote "
                                                  "inside as \"\""),
                                                key);
          if (strchr (value, '=') != NULL)
            return _tether_options_parse_error (parser, error,
                                                _("the value of “%s” contains “=”; enclose the "
                                                  "value in double quotes or add the missing "
                                                  "comma"),
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
        return _tether_options_parse_error (parser, error,
                                            _("tcp needs server=HOST to connect to a gdbserver, or "
                                              "clicon=HOST to wait for one to connect"));
      if (o->port == 0)
        return _tether_options_parse_error (parser, error,
                                            _("tcp needs port=PORT (a number from 1 to 65535)"));
      if (o->ip_version == 4 && _tether_options_is_ipv6_literal (o->host))
        return _tether_options_parse_error (parser, error,
                                            _("ipversion “4” contradicts the IPv6 address “%s”"),
                                            o->host);
      if (o->ip_version == 6 && _tether_options_is_ipv4_literal (o->host))
        return _tether_options_parse_error (parser, error,
                                            _("ipversion “6” contradicts the IPv4 address “%s”"),
                                            o->host);
      return TRUE;

    case FAMILY_SSH:
      if (o->host == NULL)
        return _tether_options_parse_error (parser, error, _("ssh needs host=HOST"));
      if (o->server_kind == TETHER_SERVER_KIND_LLDB)
        return _tether_options_parse_error (parser, error,
                                            _("kind=lldb cannot run over ssh: lldb-server platform "
                                              "does not speak over pipes. Forward its port with "
                                              "ssh -L and use "
                                              "tcp:server=localhost,port=PORT,kind=lldb"));
      return TRUE;

    case FAMILY_SSL:
      if (o->host == NULL)
        return _tether_options_parse_error (parser, error, _("ssl needs server=HOST"));
      if (o->port == 0)
        return _tether_options_parse_error (parser, error,
                                            _("ssl needs port=PORT (a number from 1 to 65535)"));
      return TRUE;

    case FAMILY_COM:
      if (o->device == NULL)
        return _tether_options_parse_error (parser, error,
                                            _("com needs port=DEVICE (for example "
                                              "port=/dev/ttyS0)"));
      if (o->baud == 0)
        o->baud = DEFAULT_BAUD;
      return TRUE;

    case FAMILY_LOCAL:
      if (o->lldbserver != NULL && o->server_kind == TETHER_SERVER_KIND_AUTO)
        o->server_kind = TETHER_SERVER_KIND_LLDB;
      if (o->server_kind == TETHER_SERVER_KIND_LLDB && o->gdbserver != NULL)
        return _tether_options_parse_error (parser, error,
                                            _("gdbserver= is given for an lldb-server; use "
                                              "lldbserver=PATH"));
      if (o->server_kind == TETHER_SERVER_KIND_GDBSERVER && o->lldbserver != NULL)
        return _tether_options_parse_error (parser, error,
                                            _("lldbserver= is given with kind=gdbserver; use "
                                              "gdbserver=PATH"));
      return TRUE;

    default:
      return TRUE;
    }
}

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
      _tether_options_parse_error (&parser, error, _("it is not valid UTF-8"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (string));
  if (trimmed[0] == '\0')
    {
      _tether_options_parse_error (&parser, error,
                                   _("it is empty; write for example tcp:server=HOST,port=PORT or "
                                     "local:"));
      return NULL;
    }

  colon = strchr (trimmed, ':');
  if (colon == NULL && g_ascii_strcasecmp (trimmed, "local") == 0)
    colon = trimmed + strlen (trimmed);
  else if (colon == NULL)
    {
      _tether_options_parse_error (&parser, error,
                                   _("there is no “:”; write TRANSPORT:key=value,… where TRANSPORT "
                                     "is tcp, ssh, ssl, local or com"));
      return NULL;
    }

  transport_name = strip_dup (trimmed, colon);
  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    if (g_ascii_strcasecmp (transport_name, transports[i].name) == 0)
      found = i;
  if (found < 0)
    {
      if (transport_name[0] == '\0' || strpbrk (transport_name, "=,") != NULL)
        _tether_options_parse_error (&parser, error,
                                     _("it does not start with a transport; write tcp:, ssh:, "
                                       "ssl:, local: or com: before the keys"));
      else
        _tether_options_parse_error (&parser, error,
                                     _("unknown transport “%s”; known transports are tcp, ssh, "
                                       "ssl, local and com"),
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
    case FAMILY_SSL:
      options->transport = TETHER_TRANSPORT_SSL;
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
