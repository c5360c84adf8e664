/* tether-options-private.h: what the parser and the value type of TetherOptions share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-options.h"

G_BEGIN_DECLS

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
  char               *identity;    /* ssh: a path (never key material) */
  char               *ssh_config;  /* ssh: a path */
  char               *cafile;      /* ssl: a path */
  char               *pin;         /* ssl: the certificate's SHA-256, 64 lower-case hex digits */
  TetherServerKind    server_kind;
  char               *lldbserver;
};

#define DEFAULT_BAUD 115200

typedef enum
{
  FAMILY_TCP,
  FAMILY_SSH,
  FAMILY_LOCAL,
  FAMILY_COM,
  FAMILY_SSL,
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
  KEY_IDENTITY,
  KEY_CONFIG,
  KEY_CAFILE,
  KEY_PIN,
  KEY_KIND,
  KEY_LLDBSERVER,
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
  [KEY_IDENTITY] = "identity",
  [KEY_CONFIG] = "config",
  [KEY_CAFILE] = "cafile",
  [KEY_PIN] = "pin",
  [KEY_KIND] = "kind",
  [KEY_LLDBSERVER] = "lldbserver",
};

#define KEY_BIT(k) (1u << (k))

static const struct
{
  const char *name;
  Family      family;
  guint       keys;  /* KEY_BIT()s, listed in the canonical order */
} transports[] = {
  { "tcp", FAMILY_TCP,
    KEY_BIT (KEY_SERVER) | KEY_BIT (KEY_CLICON) | KEY_BIT (KEY_PORT) | KEY_BIT (KEY_IPVERSION) |
    KEY_BIT (KEY_KIND) },
  { "ssh", FAMILY_SSH,
    KEY_BIT (KEY_HOST) | KEY_BIT (KEY_USER) | KEY_BIT (KEY_PORT) | KEY_BIT (KEY_GDBSERVER) |
    KEY_BIT (KEY_IDENTITY) | KEY_BIT (KEY_CONFIG) | KEY_BIT (KEY_KIND) },
  { "local", FAMILY_LOCAL, KEY_BIT (KEY_GDBSERVER) | KEY_BIT (KEY_KIND) | KEY_BIT (KEY_LLDBSERVER) },
  { "com", FAMILY_COM, KEY_BIT (KEY_PORT) | KEY_BIT (KEY_BAUD) | KEY_BIT (KEY_KIND) },
  { "ssl", FAMILY_SSL,
    KEY_BIT (KEY_SERVER) | KEY_BIT (KEY_PORT) | KEY_BIT (KEY_CAFILE) | KEY_BIT (KEY_PIN) |
    KEY_BIT (KEY_KIND) },
};

/* The state of one tether_options_parse() call, shared by the parser and the value checks. */
typedef struct
{
  const char    *string;    /* the input as given, for messages */
  Family         family;
  guint          seen;      /* KEY_BIT()s */
  TetherOptions *options;
} Parser;

void          _tether_options_free               (TetherOptions *self);
/* An IPv6 literal without brackets, optionally with a zone ("fe80::1%eth0"); NULL if it is not one. */
GInetAddress *_tether_options_parse_ipv6_literal (const char    *text);

/* tether-options-parser.c: sets @error to "Invalid connection string …: <detail>" and always
 * returns FALSE, so callers can `return _tether_options_parse_error (…);`. */
gboolean      _tether_options_parse_error        (Parser        *parser,
                                                  GError       **error,
                                                  const char    *format,
                                                  ...) G_GNUC_PRINTF (3, 4);

/* tether-options-values.c: the checks on single values. Each sets @error through
 * _tether_options_parse_error() when it fails. */
gboolean      _tether_options_has_control_char   (const char    *value);
gboolean      _tether_options_is_ipv4_literal    (const char    *s);
gboolean      _tether_options_is_ipv6_literal    (const char    *s);
/* Returns the host as stored (brackets removed) or NULL. */
char         *_tether_options_check_host         (Parser        *parser,
                                                  const char    *key,
                                                  const char    *value,
                                                  GError       **error);
gboolean      _tether_options_check_port         (Parser        *parser,
                                                  const char    *value,
                                                  guint16       *out,
                                                  GError       **error);
gboolean      _tether_options_check_baud         (Parser        *parser,
                                                  const char    *value,
                                                  guint         *out,
                                                  GError       **error);
gboolean      _tether_options_check_program      (Parser        *parser,
                                                  const char    *key,
                                                  const char    *value,
                                                  GError       **error);
gboolean      _tether_options_check_user         (Parser        *parser,
                                                  const char    *value,
                                                  GError       **error);
gboolean      _tether_options_check_file         (Parser        *parser,
                                                  const char    *key,
                                                  const char    *value,
                                                  GError       **error);
/* Returns the pin as 64 lower-case hex digits, or NULL. */
char         *_tether_options_check_pin          (Parser        *parser,
                                                  const char    *value,
                                                  GError       **error);

G_END_DECLS
