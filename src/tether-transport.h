/* tether-transport.h: turns a parsed connection string into a byte stream to a process server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-options.h"

G_BEGIN_DECLS

#define TETHER_TYPE_TRANSPORT (tether_transport_get_type ())

G_DECLARE_FINAL_TYPE (TetherTransport, tether_transport, TETHER, TRANSPORT, GObject)

/**
 * TetherTransport:
 * Opens the link described by a #TetherOptions: a TCP connection, a listener waiting for a server to
 * dial out (clicon), a gdbserver started over pipes (locally or through ssh), a serial line, or a
 * TLS connection whose certificate is checked (ssl). Over ssh, the open completes once gdbserver is
 * up on the far side; a failure before that (host key, login, no gdbserver) is explained from
 * ssh's exit status and standard error. Failures to verify the other end are
 * %TETHER_ERROR_AUTHENTICATION.
 * For pipe transports it owns the child process: it collects its standard error (where gdbserver
 * writes the real reason behind a bare "E01") and ends the child, by PID, when closed or disposed.
 */
TetherTransport *tether_transport_new               (TetherOptions        *options);
TetherOptions   *tether_transport_get_options       (TetherTransport      *self);
void             tether_transport_open_async        (TetherTransport      *self,
                                                     guint                 timeout_ms,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GIOStream       *tether_transport_open_finish       (TetherTransport      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* The PID of the child process of a pipe transport, or 0. */
GPid             tether_transport_get_child_pid     (TetherTransport      *self);
/* The last lines the child wrote to its standard error, oldest first, or NULL if none. */
char            *tether_transport_dup_stderr_tail   (TetherTransport      *self);
/* Forgets the stderr lines collected so far, so that the next failure's reason stands alone. */
void             tether_transport_mark_stderr       (TetherTransport      *self);
char            *tether_transport_dup_stderr_since_mark (TetherTransport  *self);
/* Closes the stream and ends the child process, if any (SIGKILL after @grace_ms if it has not exited
 * by itself). Safe to call more than once. */
void             tether_transport_close             (TetherTransport      *self,
                                                     guint                 grace_ms);

G_END_DECLS
