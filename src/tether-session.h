/* tether-session.h: one attached or created process on a server, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-server.h"

G_BEGIN_DECLS

/**
 * TetherSessionState:
 * @TETHER_SESSION_RUNNING: the process runs under the server
 * @TETHER_SESSION_STOPPED: stopped; signal and reason say why
 * @TETHER_SESSION_EXITED: it exited; exit-code (-1 when the server did not say)
 * @TETHER_SESSION_KILLED: a signal ended it; signal says which
 * @TETHER_SESSION_DETACHED: released: it runs on without Tether
 * @TETHER_SESSION_LOST: the connection to the server was lost; the process may still be stopped on
 *   the server. Reconnecting the server finds it again.
 */
typedef enum
{
  TETHER_SESSION_RUNNING,
  TETHER_SESSION_STOPPED,
  TETHER_SESSION_EXITED,
  TETHER_SESSION_KILLED,
  TETHER_SESSION_DETACHED,
  TETHER_SESSION_LOST,
} TetherSessionState;

#define TETHER_TYPE_SESSION_STATE (tether_session_state_get_type ())
GType tether_session_state_get_type (void) G_GNUC_CONST;

#define TETHER_TYPE_SESSION (tether_session_get_type ())

G_DECLARE_FINAL_TYPE (TetherSession, tether_session, TETHER, SESSION, GObject)

/**
 * TetherSession:
 * A process the server holds for Tether. Its state follows the server's events (a process killed
 * outside Tether shows as killed at once), its threads are listed again whenever it stops, and the
 * can-* properties say which action makes sense now, for the UI to bind. A lost connection makes it
 * lost; when its server connects again the session finds its process again and sets recovered.
 */
TetherSession      *tether_session_new                (TetherServer         *server,
                                                       gint64                pid,
                                                       const char           *name,
                                                       gboolean              created,
                                                       gboolean              stopped);
/* Attaches to @pid (stopped unless @resume) and returns the session. */
void                tether_session_attach_async       (TetherServer         *server,
                                                       gint64                pid,
                                                       const char           *name,
                                                       gboolean              resume,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
TetherSession      *tether_session_attach_finish      (GAsyncResult         *result,
                                                       GError              **error);
/* Starts a process as @options say and returns its session. */
void                tether_session_create_async       (TetherServer         *server,
                                                       const TetherCreateOptions *options,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
TetherSession      *tether_session_create_finish      (GAsyncResult         *result,
                                                       GError              **error);

TetherServer       *tether_session_get_server         (TetherSession        *self);
gint64              tether_session_get_pid            (TetherSession        *self);
const char         *tether_session_get_name           (TetherSession        *self);
/* "name (PID)" */
const char         *tether_session_get_title          (TetherSession        *self);
gboolean            tether_session_get_created        (TetherSession        *self);
TetherSessionState  tether_session_get_state          (TetherSession        *self);
/* The GDB signal of the last stop or of the kill; 0 if none. */
guint               tether_session_get_signal         (TetherSession        *self);
gint                tether_session_get_exit_code      (TetherSession        *self);
/* A sentence for the state banner: "Stopped by SIGSTOP", "Exited with code 0", … */
const char         *tether_session_get_state_text     (TetherSession        *self);
/* TRUE while the process is (or, when lost, may be) held by the server. */
gboolean            tether_session_get_live           (TetherSession        *self);
/* TRUE after a lost connection came back and the process was found again. */
gboolean            tether_session_get_recovered      (TetherSession        *self);
gboolean            tether_session_get_busy           (TetherSession        *self);
gboolean            tether_session_get_can_continue   (TetherSession        *self);
gboolean            tether_session_get_can_stop       (TetherSession        *self);
gboolean            tether_session_get_can_detach     (TetherSession        *self);
gboolean            tether_session_get_can_kill       (TetherSession        *self);
gboolean            tether_session_get_has_error      (TetherSession        *self);
const char         *tether_session_get_error_message  (TetherSession        *self);
/* A GListModel of TetherThread. */
GListModel         *tether_session_get_threads        (TetherSession        *self);

/* Continue, stop, detach or kill the process; the state follows on success, and a failure is
 * also the session's error. */
void                tether_session_control_async      (TetherSession        *self,
                                                       TetherControl         control,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean            tether_session_control_finish     (TetherSession        *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* The program's output (servers with TETHER_SERVER_FORWARDS_OUTPUT only): the last 256 KiB,
 * raw; output-appended (GBytes) brings each new piece. */
GBytes             *tether_session_dup_output         (TetherSession        *self);
/* How many older bytes were dropped to keep the bound. */
guint64             tether_session_get_output_dropped (TetherSession        *self);
void                tether_session_clear_output       (TetherSession        *self);
/* Lists the threads again (done by itself at every stop). */
void                tether_session_refresh_threads    (TetherSession        *self);

G_END_DECLS
