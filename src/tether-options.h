/* tether-options.h: connection strings ("tcp:server=host,port=5005") parsed into a transport description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  TETHER_TRANSPORT_TCP,          /* tcp:server=H,port=P[,ipversion=4|6] */
  TETHER_TRANSPORT_TCP_CLICON,   /* tcp:clicon=H,port=P  (Tether listens, the server dials out from H) */
  TETHER_TRANSPORT_LOCAL,        /* local:[gdbserver=PATH] */
  TETHER_TRANSPORT_SSH,          /* ssh:host=H[,user=U][,port=P][,gdbserver=PATH][,identity=F]
                                    [,config=F] */
  TETHER_TRANSPORT_COM,          /* com:port=DEV[,baud=N] */
  TETHER_TRANSPORT_SSL,          /* ssl:server=H,port=P[,cafile=F][,pin=SHA256] */
} TetherTransportKind;

/* kind=gdbserver|lldb: which process server to expect; AUTO recognises it in the handshake. */
typedef enum
{
  TETHER_SERVER_KIND_AUTO,
  TETHER_SERVER_KIND_GDBSERVER,  /* gdbserver --multi */
  TETHER_SERVER_KIND_LLDB,       /* lldb-server platform */
} TetherServerKind;

#define TETHER_TYPE_OPTIONS (tether_options_get_type ())

/**
 * TetherOptions:
 * An immutable, reference-counted, parsed connection string. Parse with tether_options_parse(); every
 * field is read with a getter. Unset strings are NULL, an unset port is 0.
 */
typedef struct _TetherOptions TetherOptions;

GType               tether_options_get_type        (void) G_GNUC_CONST;
TetherOptions      *tether_options_parse           (const char     *string,
                                                    GError        **error);
TetherOptions      *tether_options_ref             (TetherOptions  *self);
void                tether_options_unref           (TetherOptions  *self);
TetherTransportKind tether_options_get_transport   (TetherOptions  *self);
const char         *tether_options_get_host        (TetherOptions  *self);
guint16             tether_options_get_port        (TetherOptions  *self);
guint               tether_options_get_ip_version  (TetherOptions  *self);
const char         *tether_options_get_user        (TetherOptions  *self);
const char         *tether_options_get_gdbserver   (TetherOptions  *self);
const char         *tether_options_get_device      (TetherOptions  *self);
TetherServerKind    tether_options_get_server_kind (TetherOptions  *self);
const char         *tether_options_get_lldbserver  (TetherOptions  *self);
guint               tether_options_get_baud        (TetherOptions  *self);
const char         *tether_options_get_identity    (TetherOptions  *self);
const char         *tether_options_get_ssh_config  (TetherOptions  *self);
const char         *tether_options_get_cafile      (TetherOptions  *self);
const char         *tether_options_get_pin         (TetherOptions  *self);
char               *tether_options_to_string       (TetherOptions  *self);
char               *tether_options_describe        (TetherOptions  *self);
gboolean            tether_options_is_loopback     (TetherOptions  *self);
gboolean            tether_options_is_unauthenticated_network (TetherOptions *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherOptions, tether_options_unref)

G_END_DECLS
