/* tether-server-recover.h: finding again, after a reconnect, the processes a server still debugs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-server.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   pid;
  gboolean created;   /* the server started it (qAttached says 0) */
  gboolean stopped;   /* at least one of its threads is stopped ('?' / vStopped) */
  guint    signal;    /* the GDB signal of that stop */
} TetherRecoveredProcess;

/* Asks the server which of @pids it still debugs (qAttached:PID, which also tells attached from
 * started) and which of those are stopped ('?' then vStopped until OK), and holds them again, so
 * that continue, stop, detach, kill and disconnect work on them as before the connection was
 * lost. Returns a GArray of TetherRecoveredProcess for the pids found, in @pids' order. Asking
 * about given pids, rather than listing every thread (qfThreadInfo), keeps it from mixing with
 * another listing on the same connection. */
void                 tether_server_recover_async           (TetherServer         *self,
                                                            const gint64         *pids,
                                                            guint                 n_pids,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GArray              *tether_server_recover_finish          (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
