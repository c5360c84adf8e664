/* tether-backend.h: what a kind of process server does behind the one TetherServer API
 *
 * TetherServer keeps the connection, the state, the held processes and the public functions; each
 * public operation checks the state, makes its GTask (with the public function as source tag) and
 * hands it to the server's backend, which completes it. A backend is a table of functions, one per
 * kind of server, each in its own files:
 *   gdbserver (tether-backend-gdbserver*.c): one extended-remote, non-stop connection does it all.
 *   lldb (tether-backend-lldb*.c): lldb-server platform lists and describes; each attached or
 *   created process gets its own debug server (qLaunchGDBServer) and connection.
 *
 * Every function takes ownership of @task. Nothing outside these files asks which kind it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-server.h"

G_BEGIN_DECLS

typedef struct _TetherBackend TetherBackend;

struct _TetherBackend
{
  TetherServerKind   kind;
  const char        *name;                /* "gdbserver", "lldb-server platform" */

  /* Right after the handshake: checks that the server is usable, learns its details and
   * subscribes to its events. Returns a boolean. */
  void             (*setup)            (TetherServer              *self,
                                        GTask                     *task);
  /* The connection is going (disconnect, loss, dispose): let go of everything, at once. */
  void             (*teardown)         (TetherServer              *self);
  TetherServerCaps (*get_caps)         (TetherServer              *self);

  /* GPtrArray of TetherProcess. */
  void             (*list_processes)   (TetherServer              *self,
                                        GTask                     *task);
  /* Boolean. */
  void             (*describe_process) (TetherServer              *self,
                                        TetherProcess             *process,
                                        GTask                     *task);
  /* The processes that may run @name, sorted by PID (a GPtrArray); find confirms each. */
  void             (*find_candidates)  (TetherServer              *self,
                                        const char                *name,
                                        TetherMatchRule            rule,
                                        GTask                     *task);
  /* Boolean. */
  void             (*attach)           (TetherServer              *self,
                                        gint64                     pid,
                                        gboolean                   resume,
                                        GTask                     *task);
  /* The PID, as an int. */
  void             (*create_process)   (TetherServer              *self,
                                        const TetherCreateOptions *options,
                                        GTask                     *task);
  /* Boolean. */
  void             (*control)          (TetherServer              *self,
                                        gint64                     pid,
                                        TetherControl              control,
                                        GTask                     *task);
  /* GArray of TetherThreadInfo. */
  void             (*list_threads)     (TetherServer              *self,
                                        gint64                     pid,
                                        GTask                     *task);
  /* On disconnect: detaches (or kills) a held process and forgets it. Boolean; must not be
   * cancelled half-way. */
  void             (*release)          (TetherServer              *self,
                                        gint64                     pid,
                                        gboolean                   kill,
                                        GTask                     *task);
  /* After a reconnect, before the server says it is connected: holds again those of @lost
   * (pid -> Held, taken) that the server still debugs, as the server has them (created or
   * attached, stopped with a signal or running). Boolean: TRUE, or the error that ended the
   * connection meanwhile. NULL when the kind keeps nothing across connections. */
  void             (*adopt)            (TetherServer              *self,
                                        GHashTable                *lost,
                                        GTask                     *task);
  /* Asks the server to exit; NULL when it cannot be asked. Boolean, errors ignored. */
  void             (*end_server)       (TetherServer              *self,
                                        GTask                     *task);
};

extern const TetherBackend _tether_backend_gdbserver;
extern const TetherBackend _tether_backend_lldb;

/* Both (tether-backend-util.c) */
/* Adds @prefix followed by @text in hex to @packets (strings). */
void _tether_backend_add_hex_packet   (GPtrArray                 *packets,
                                       const char                *prefix,
                                       const char                *text);
/* A request's callback that ignores the reply (and its absence), then completes @user_data, a
 * GTask or NULL, with TRUE. */
void _tether_backend_ignore_reply_cb  (GObject                   *object,
                                       GAsyncResult              *result,
                                       gpointer                   user_data);

/* gdbserver (tether-backend-gdbserver*.c) */
/* gdbserver's own reason for its last failure (from its stderr, over pipes), or NULL; marking
 * forgets what it said before. */
char *_tether_gdbserver_dup_reason    (TetherServer              *self);
void  _tether_gdbserver_mark_reason   (TetherServer              *self);
void _tether_gdbserver_attach         (TetherServer              *self,
                                       gint64                     pid,
                                       gboolean                   resume,
                                       GTask                     *task);
void _tether_gdbserver_control        (TetherServer              *self,
                                       gint64                     pid,
                                       TetherControl              control,
                                       GTask                     *task);
void _tether_gdbserver_adopt          (TetherServer              *self,
                                       GHashTable                *lost,
                                       GTask                     *task);
void _tether_gdbserver_create_process (TetherServer              *self,
                                       const TetherCreateOptions *options,
                                       GTask                     *task);

/* lldb (tether-backend-lldb*.c) */
void _tether_lldb_attach              (TetherServer              *self,
                                       gint64                     pid,
                                       gboolean                   resume,
                                       GTask                     *task);
void _tether_lldb_create_process      (TetherServer              *self,
                                       const TetherCreateOptions *options,
                                       GTask                     *task);
void _tether_lldb_control             (TetherServer              *self,
                                       gint64                     pid,
                                       TetherControl              control,
                                       GTask                     *task);
void _tether_lldb_list_threads        (TetherServer              *self,
                                       gint64                     pid,
                                       GTask                     *task);
void _tether_lldb_release             (TetherServer              *self,
                                       gint64                     pid,
                                       gboolean                   kill,
                                       GTask                     *task);
void _tether_lldb_teardown            (TetherServer              *self);
/* The host to dial for a debug server the platform starts; NULL (and why) when the transport
 * cannot reach one. */
char       *_tether_lldb_dup_debug_host (TetherServer  *self,
                                         GError       **error);
/* The text of an "Exx;<hex text>" reply (QEnableErrorStrings), or NULL. */
char       *_tether_lldb_dup_error_text (GBytes        *reply);
/* "key:value;…" into a table of strings. */
GHashTable *_tether_lldb_parse_pairs    (GBytes        *reply);

G_END_DECLS
