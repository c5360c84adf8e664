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
  gboolean created;   /* the server started it, rather than attached to it */
  gboolean stopped;   /* at least one of its threads is stopped */
  guint    signal;    /* the GDB signal of that stop; 0 when running */
} TetherRecoveredProcess;

/* What the last reconnect found again of @pids: a reconnect (tether_server_connect_async() on a
 * failed server) holds again, before it says it is connected, the processes held when the link
 * went that the server still debugs, as they are now, so that continue, stop, detach, kill and
 * disconnect work on them as before. This sends nothing: it reports, from what is held, a GArray
 * of TetherRecoveredProcess for those of @pids found, in @pids' order (a pid not held again was
 * not found). Called while connecting, it answers once the connection is up (or has failed:
 * then the connection's error). A server kind whose processes die with the link (lldb-server
 * platform) finds none. */
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
