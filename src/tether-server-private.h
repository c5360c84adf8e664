/* tether-server-private.h: what the files of TetherServer share
 *
 * TetherServer is one class in four files, along the seams of what it does: tether-server.c
 * (connection, state, events), tether-server-query.c (listing, details, finding, threads, monitor
 * commands), tether-server-control.c (attach, stop, continue, detach, kill) and
 * tether-server-create.c (starting processes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-host-io.h"
#include "tether-inspector.h"
#include "tether-server.h"
#include "tether-transport.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean created;
  gboolean stopped;
} Held;

typedef struct
{
  gint64  pid;
  GTask  *task;
  GSource *timeout;
} StopWaiter;

struct _TetherServer
{
  GObject              parent_instance;

  TetherOptions       *options;
  TetherTransport     *transport;
  TetherRspConnection *connection;
  TetherHostIo        *host_io;
  TetherInspector     *inspector;
  GCancellable        *cancellable;     /* everything this server does on its own */

  TetherServerState    state;
  GError              *error;
  guint                timeout_ms;
  GHashTable          *held;            /* pid (gint64*) -> Held* */
  GList               *stop_waiters;
};

gint64   *_tether_server_pid_key                (gint64                 pid);
/* gdbserver's own reason for its last failure (from its stderr, over pipes), or NULL. */
char     *_tether_server_dup_reason             (TetherServer          *self);
void      _tether_server_mark_reason            (TetherServer          *self);
void      _tether_server_wake_stop_waiters      (TetherServer          *self,
                                                 gint64                 pid,
                                                 const GError          *error);
/* After a reconnect: holds again those of @lost (taken) that the server still debugs, then
 * returns TRUE on @task (taken). */
void      _tether_server_adopt                  (TetherServer          *self,
                                                 GHashTable            *lost,
                                                 GTask                 *task);
/* Returns FALSE, having returned the error on @task, when not connected. */
gboolean  _tether_server_check_connected        (TetherServer          *self,
                                                 GTask                 *task);
/* A request on the connection with @task's cancellable; @task is the callback's user data. */
void      _tether_server_request                (TetherServer          *self,
                                                 GTask                 *task,
                                                 const char            *packet,
                                                 TetherRspRequestFlags  flags,
                                                 GAsyncReadyCallback    callback);

static inline gboolean
reply_is (GBytes     *reply,
          const char *text)
{
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);

  return len == strlen (text) && memcmp (data, text, len) == 0;
}

static inline gboolean
reply_is_error (GBytes *reply)
{
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);

  return len >= 1 && data[0] == 'E';
}

static inline char *
reply_dup_text (GBytes *reply)
{
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

G_END_DECLS
