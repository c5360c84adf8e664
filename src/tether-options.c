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

G_DEFINE_BOXED_TYPE (TetherOptions, tether_options, tether_options_ref, tether_options_unref)

void
_tether_options_free (TetherOptions *self)
{
  g_free (self->host);
  g_free (self->user);
  g_free (self->gdbserver);
  g_free (self->lldbserver);
  g_free (self->device);
  g_free (self->identity);
  g_free (self->ssh_config);
  g_free (self->cafile);
  g_free (self->pin);
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
    _tether_options_free (self);
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
 * Returns: (nullable): the server (tcp, ssl), the clicon host (tcp, reverse) or the ssh host; IPv6
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
 * tether_options_get_server_kind:
 * @self: a #TetherOptions
 *
 * Returns: the kind= key: which process server to expect, or %TETHER_SERVER_KIND_AUTO
 */
TetherServerKind
tether_options_get_server_kind (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, TETHER_SERVER_KIND_AUTO);

  return self->server_kind;
}

/**
 * tether_options_get_lldbserver:
 * @self: a #TetherOptions
 *
 * Returns: (nullable): the lldb-server program local:kind=lldb runs, %NULL to look for one
 */
const char *
tether_options_get_lldbserver (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->lldbserver;
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

/**
 * tether_options_get_identity:
 * @self: a #TetherOptions
 *
 * Returns: (nullable): the ssh identity file (handed to ssh as -i): an absolute path or one that
 *   starts with "~/". A path only: connection strings never hold key material.
 */
const char *
tether_options_get_identity (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->identity;
}

/**
 * tether_options_get_ssh_config:
 * @self: a #TetherOptions
 *
 * Returns: (nullable): the ssh configuration file (handed to ssh as -F): an absolute path or one
 *   that starts with "~/"
 */
const char *
tether_options_get_ssh_config (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->ssh_config;
}

/**
 * tether_options_get_cafile:
 * @self: a #TetherOptions
 *
 * Returns: (nullable): the PEM file of the certificate authorities that ssl trusts instead of the
 *   system's: an absolute path or one that starts with "~/"
 */
const char *
tether_options_get_cafile (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cafile;
}

/**
 * tether_options_get_pin:
 * @self: a #TetherOptions
 *
 * Returns: (nullable): the SHA-256 of the one certificate (DER) ssl accepts, as 64 lower-case hex
 *   digits, whatever form the connection string gave it in
 */
const char *
tether_options_get_pin (TetherOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->pin;
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
      if (self->identity != NULL)
        append_pair (s, "identity", self->identity);
      if (self->ssh_config != NULL)
        append_pair (s, "config", self->ssh_config);
      break;

    case TETHER_TRANSPORT_SSL:
      g_string_append (s, "ssl:");
      append_pair (s, "server", self->host);
      append_number (s, "port", self->port);
      if (self->cafile != NULL)
        append_pair (s, "cafile", self->cafile);
      if (self->pin != NULL)
        append_pair (s, "pin", self->pin);
      break;

    case TETHER_TRANSPORT_LOCAL:
      g_string_append (s, "local:");
      if (self->gdbserver != NULL)
        append_pair (s, "gdbserver", self->gdbserver);
      if (self->lldbserver != NULL)
        append_pair (s, "lldbserver", self->lldbserver);
      break;

    case TETHER_TRANSPORT_COM:
      g_string_append (s, "com:");
      append_pair (s, "port", self->device);
      append_number (s, "baud", self->baud);
      break;

    default:
      g_assert_not_reached ();
    }

  if (self->server_kind == TETHER_SERVER_KIND_GDBSERVER)
    append_pair (s, "kind", "gdbserver");
  else if (self->server_kind == TETHER_SERVER_KIND_LLDB &&
           !(self->transport == TETHER_TRANSPORT_LOCAL && self->lldbserver != NULL))
    append_pair (s, "kind", "lldb");

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
  if (self->server_kind == TETHER_SERVER_KIND_LLDB)
    program = self->lldbserver != NULL ? self->lldbserver : "lldb-server";

  switch (self->transport)
    {
    case TETHER_TRANSPORT_TCP:
      if (self->server_kind == TETHER_SERVER_KIND_LLDB)
        /* Translators: “lldb-server platform on build-box, TCP port 2345” */
        return g_strdup_printf (_("lldb-server platform on %s, TCP port %u"), self->host,
                                self->port);
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

    case TETHER_TRANSPORT_SSL:
      if (self->pin != NULL)
        /* Translators: “gdbserver on build-box, TLS port 2345, certificate pinned” */
        return g_strdup_printf (_("gdbserver on %s, TLS port %u, certificate pinned"),
                                self->host, self->port);
      if (self->cafile != NULL)
        /* Translators: “gdbserver on build-box, TLS port 2345, certificate checked with ca.pem”;
         * the last %s is a file */
        return g_strdup_printf (_("gdbserver on %s, TLS port %u, certificate checked with %s"),
                                self->host, self->port, self->cafile);
      /* Translators: “gdbserver on build-box, TLS port 2345” */
      return g_strdup_printf (_("gdbserver on %s, TLS port %u"), self->host, self->port);

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
    inet = _tether_options_parse_ipv6_literal (host);
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
 * Whether the connection stays on this computer: local, and tcp (either direction) or ssl whose
 * host is “localhost”, an address in 127.0.0.0/8 or ::1. No name other than “localhost” is
 * resolved. ssh and com are never reported as loopback.
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
    case TETHER_TRANSPORT_SSL:
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
 * authentication, so anyone who can reach the port controls the debugged processes. ssh and ssl
 * (the server's identity checked, the link encrypted) and local are not.
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
