/* tether-server-private.h: what the files of TetherServer and its backends share
 *
 * TetherServer is one class: tether-server.c (connection, detection, state, events),
 * tether-server-disconnect.c (releasing what it holds, then closing) and tether-server-dispatch.c
 * (the public operations, handed to the backend; finding and monitor commands, which every kind
 * does alike; capabilities). The backends are described in tether-backend.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-backend.h"
#include "tether-host-io.h"
#include "tether-inspector.h"
#include "tether-server.h"
#include "tether-transport.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean       created;
  gboolean       stopped;
  guint          signal;      /* the GDB signal of its last stop, while stopped */
  gpointer       data;        /* the backend's, freed with data_free */
  GDestroyNotify data_free;
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

  const TetherBackend *backend;         /* set once the kind is known */
  GPtrArray           *details;         /* key, value, … for tether_server_dup_details() */
  gpointer             backend_data;    /* the backend's own state, freed by its teardown */
};

gint64   *_tether_server_pid_key                (gint64                 pid);
void      _tether_server_set_state              (TetherServer          *self,
                                                 TetherServerState      state,
                                                 const GError          *error);
/* Lets go of the connection and the transport (the child ends after @grace_ms). */
void      _tether_server_drop_connection        (TetherServer          *self,
                                                 guint                  grace_ms);
Held     *_tether_server_hold                   (TetherServer          *self,
                                                 gint64                 pid,
                                                 gboolean               created,
                                                 gboolean               stopped);
void      _tether_server_add_detail             (TetherServer          *self,
                                                 const char            *key,
                                                 const char            *value);
/* Events, for the backends: a held process stopped (GDB signal number), ended, or wrote. */
void      _tether_server_emit_stopped           (TetherServer          *self,
                                                 gint64                 pid,
                                                 guint                  signal);
void      _tether_server_emit_exited            (TetherServer          *self,
                                                 gint64                 pid,
                                                 gint                   exit_code,
                                                 guint                  signal);
void      _tether_server_emit_output            (TetherServer          *self,
                                                 gint64                 pid,
                                                 GBytes                *bytes);
/* Waits for @pid's stop (completing @task with TRUE) or fails @task after a while. */
void      _tether_server_wait_for_stop          (TetherServer          *self,
                                                 gint64                 pid,
                                                 GTask                 *task);
void      _tether_server_wake_stop_waiters      (TetherServer          *self,
                                                 gint64                 pid,
                                                 const GError          *error);
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
