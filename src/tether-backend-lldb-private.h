/* tether-backend-lldb-private.h: what the files of the lldb-server platform backend share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-server.h"

G_BEGIN_DECLS

/* One attached or created process: its debug server and the connection to it. Held->data. */
typedef struct
{
  TetherServer        *server;      /* not a reference: the session lives in server->held */
  gint64               pid;
  gint64               server_pid;  /* the debug server's PID, on the platform's machine */
  TetherRspConnection *connection;
  gboolean             running;
} DebugSession;

DebugSession *_tether_lldb_lookup_session    (TetherServer *self,
                                              gint64        pid);
/* Sends "c"; the stop reply, whenever it comes, reports a stop or the end. */
void          _tether_lldb_session_resume    (DebugSession *session);
/* Asks the platform to end a debug server (qKillSpawnedProcess), not waiting for the answer. */
void          _tether_lldb_kill_debug_server (TetherServer *self,
                                              gint64        server_pid);
/* An error for a refused request, with the server's own text when it gave one. */
GError       *_tether_lldb_refusal           (GBytes       *reply,
                                              const char   *what);
/* Starts a debug server and attaches to @pid, only to kill it (@task: boolean). */
void          _tether_lldb_attach_to_kill    (TetherServer *self,
                                              gint64        pid,
                                              GTask        *task);

G_END_DECLS
