/* tether-server.h: one connected process server, the handle of the engine API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-create-options.h"
#include "tether-options.h"
#include "tether-process.h"
#include "tether-rsp-connection.h"
#include "tether-stop-reply.h"

G_BEGIN_DECLS

#define TETHER_TYPE_SERVER (tether_server_get_type ())

G_DECLARE_FINAL_TYPE (TetherServer, tether_server, TETHER, SERVER, GObject)

typedef enum
{
  TETHER_SERVER_DISCONNECTED,
  TETHER_SERVER_CONNECTING,
  TETHER_SERVER_CONNECTED,
  TETHER_SERVER_FAILED,        /* could not connect, or the connection was lost: see error */
} TetherServerState;

/* GetRunningProcessSystemIdByExecutableName's three rules. */
typedef enum
{
  TETHER_MATCH_DEFAULT,        /* the name equals the executable's file name (or its whole path) */
  TETHER_MATCH_FULL,           /* the name equals the executable's whole path */
  TETHER_MATCH_ONLY,           /* like DEFAULT, but more than one match is an error listing them */
} TetherMatchRule;

/* What a connected server can do, for the capabilities view. */
typedef enum
{
  TETHER_SERVER_CAN_LIST          = 1 << 0,   /* list its processes */
  TETHER_SERVER_CAN_READ_FILES    = 1 << 1,   /* host I/O: details from /proc */
  TETHER_SERVER_CAN_ATTACH        = 1 << 2,
  TETHER_SERVER_CAN_CREATE        = 1 << 3,
  TETHER_SERVER_CAN_MONITOR       = 1 << 4,   /* "monitor" commands */
  TETHER_SERVER_LISTS_PARENTS     = 1 << 5,   /* the listing carries parent PIDs */
  TETHER_SERVER_FILTERS_BY_NAME   = 1 << 6,   /* find narrows by name on the server */
  TETHER_SERVER_FORWARDS_OUTPUT   = 1 << 7,   /* created processes' output: "process-output" */
  TETHER_SERVER_EXACT_ARGUMENTS   = 1 << 8,   /* arguments reach the program as given, no shell */
  TETHER_SERVER_NON_STOP          = 1 << 9,   /* processes stop and run independently */
  TETHER_SERVER_ERROR_STRINGS     = 1 << 10,  /* errors come with the server's own text */
  TETHER_SERVER_CAN_END           = 1 << 11,  /* can be told to exit */
} TetherServerCaps;

/**
 * TetherServer:
 * A connection to a process server (gdbserver --multi): the engine's ConnectProcessServer handle.
 * Create one per profile with tether_server_new(), connect, then list, describe, find, attach to and
 * create processes. Several servers can be connected at once; each owns its own connection.
 * Processes it attached or created are remembered: disconnecting detaches them (and kills the created
 * ones only when asked), so nothing is left stopped behind the user's back.
 * The kind of server (gdbserver --multi or lldb-server platform) is recognised when connecting;
 * tether_server_get_kind() and tether_server_get_caps() say which and what it can do. Signals:
 * process-stopped, process-exited, and process-output (a held process's output, where the server
 * forwards it: lldb-server does).
 */
TetherServer        *tether_server_new                     (TetherOptions        *options);
TetherOptions       *tether_server_get_options             (TetherServer         *self);
TetherServerState    tether_server_get_state               (TetherServer         *self);
const GError        *tether_server_get_error               (TetherServer         *self);
TetherRspConnection *tether_server_get_connection          (TetherServer         *self);
guint                tether_server_get_timeout             (TetherServer         *self);
void                 tether_server_set_timeout             (TetherServer         *self,
                                                            guint                 timeout_ms);
/* The kind of server: detected in the handshake (or forced with kind=); AUTO until connected. */
TetherServerKind     tether_server_get_kind                (TetherServer         *self);
/* "gdbserver", "lldb-server platform", or NULL until connected. */
const char          *tether_server_get_kind_name           (TetherServer         *self);
TetherServerCaps     tether_server_get_caps                (TetherServer         *self);
/* Short names of @caps ("list", "parent-pids", …), in flag order. */
char               **tether_server_caps_to_names           (TetherServerCaps      caps);
/* What the server says about itself: a NULL-terminated array of key, value, key, value…
 * (packet size, target triple, OS version, host name, …). */
char               **tether_server_dup_details             (TetherServer         *self);
/* PIDs of the processes this server holds (attached or created), sorted. */
GArray              *tether_server_dup_held_pids           (TetherServer         *self);
gboolean             tether_server_is_created              (TetherServer         *self,
                                                            gint64                pid);

void                 tether_server_connect_async           (TetherServer         *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             tether_server_connect_finish          (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Detaches every attached process; created ones are killed if @kill_created, else detached. With
 * @end_server, the server is told to exit ("monitor exit") once nothing is held. */
void                 tether_server_disconnect_async        (TetherServer         *self,
                                                            gboolean              kill_created,
                                                            gboolean              end_server,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             tether_server_disconnect_finish       (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* A GPtrArray of TetherProcess with pid, user, command-line and name. */
void                 tether_server_list_processes_async    (TetherServer         *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GPtrArray           *tether_server_list_processes_finish   (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Fills @process's details from /proc through host I/O (ppid, state, argv, exe, threads, memory,
 * CPU time, start time, uid, user, tracer) and sets has-details. */
void                 tether_server_describe_process_async  (TetherServer         *self,
                                                            TetherProcess        *process,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             tether_server_describe_process_finish (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void                 tether_server_find_process_async      (TetherServer         *self,
                                                            const char           *name,
                                                            TetherMatchRule       rule,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
/* Returns the first match (lowest PID); with TETHER_MATCH_ONLY, several matches are
 * TETHER_ERROR_AMBIGUOUS and none TETHER_ERROR_NOT_FOUND. @all_matches, if given, gets all. */
TetherProcess       *tether_server_find_process_finish     (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GPtrArray           **all_matches,
                                                            GError              **error);
/* Explains, before an attach, what would make it fail (the process is gone, a zombie or a kernel
 * thread, already traced, another user's while the server is not root, ptrace_scope). Returns TRUE
 * when nothing stands in the way; the error is the explanation otherwise. */
void                 tether_server_check_attach_async      (TetherServer         *self,
                                                            gint64                pid,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             tether_server_check_attach_finish     (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Attaches; the process is left stopped unless @resume. */
void                 tether_server_attach_async            (TetherServer         *self,
                                                            gint64                pid,
                                                            gboolean              resume,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             tether_server_attach_finish           (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Creates a process; returns its PID. */
void                 tether_server_create_process_async    (TetherServer         *self,
                                                            const TetherCreateOptions *options,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gint64               tether_server_create_process_finish   (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

typedef enum
{
  TETHER_CONTROL_CONTINUE,
  TETHER_CONTROL_STOP,
  TETHER_CONTROL_DETACH,
  TETHER_CONTROL_KILL,
} TetherControl;

/* Continue, stop, detach or kill a process this server holds (kill also works on any process the
 * server may attach to). STOP completes when the process has stopped. */
void                 tether_server_control_async           (TetherServer         *self,
                                                            gint64                pid,
                                                            TetherControl         control,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             tether_server_control_finish          (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* The threads of a held process: a GArray of TetherThreadInfo. */
void                 tether_server_list_threads_async      (TetherServer         *self,
                                                            gint64                pid,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GArray              *tether_server_list_threads_finish     (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Runs a "monitor" command; returns its output. */
void                 tether_server_monitor_async           (TetherServer         *self,
                                                            const char           *command,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
char                *tether_server_monitor_finish          (TetherServer         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
