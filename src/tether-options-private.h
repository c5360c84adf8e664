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

void          _tether_options_free               (TetherOptions *self);
/* An IPv6 literal without brackets, optionally with a zone ("fe80::1%eth0"); NULL if it is not one. */
GInetAddress *_tether_options_parse_ipv6_literal (const char    *text);

G_END_DECLS
