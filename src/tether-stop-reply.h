/* tether-stop-reply.h: stop replies and thread ids of the remote serial protocol
 *
 * Pure code: no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TETHER_STOP_SIGNALLED,    /* "T sig …" or "S sig": stopped by a signal */
  TETHER_STOP_EXITED,       /* "W code[;process:pid]" */
  TETHER_STOP_TERMINATED,   /* "X sig[;process:pid]" */
  TETHER_STOP_NO_RESUMED,   /* "N" */
} TetherStopKind;

typedef struct
{
  TetherStopKind  kind;
  guint           signal;    /* GDB's signal number (not the host's) for SIGNALLED and TERMINATED */
  guint           exit_code; /* EXITED */
  gint64          pid;       /* -1 when the reply names no process */
  gint64          tid;       /* -1 when the reply names no thread */
  gint            core;      /* -1 when not given */
  char           *reason;    /* "swbreak", "hwbreak", "watch", "fork", "vfork", "exec", "create",
                              * "library", "syscall_entry", …, or NULL */
} TetherStopReply;

/* Parses a stop reply payload (as returned for '?', vAttach, vRun, vStopped or a %Stop: notification
 * with the "Stop:" prefix removed). Register values and unknown keys are skipped. */
gboolean tether_stop_reply_parse (const char       *payload,
                                  gsize             len,
                                  TetherStopReply  *out,
                                  GError          **error);
void     tether_stop_reply_clear (TetherStopReply  *reply);

/* "pP.T", "P.T" is not valid; "p-1", "pP.-1", "T" alone (no process part: *pid = -1), "-1" and "0".
 * Returns FALSE for anything else. -1 means "all", 0 "any": "pP" alone is every thread of P
 * (*tid = -1). @pid and @tid may be NULL, and are left untouched on failure. */
gboolean tether_thread_id_parse  (const char *text,
                                  gsize       len,
                                  gint64     *pid,
                                  gint64     *tid);

/* GDB's signal numbering (include/gdb/signals.def), which stop replies and vCont use. Signal 0 ("no
 * signal", as after an attach) has a description but no name. */
const char *tether_signal_name        (guint gdb_signal);    /* "SIGSTOP"; NULL if unknown */
const char *tether_signal_description (guint gdb_signal);    /* "Stopped (signal)"; NULL if unknown */
gint        tether_signal_from_name   (const char *name);     /* "SIGKILL"/"KILL" -> 9; -1 if unknown */

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TetherStopReply, tether_stop_reply_clear)

G_END_DECLS
