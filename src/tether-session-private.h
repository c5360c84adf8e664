/* tether-session-private.h: what the files of TetherSession share
 *
 * TetherSession is one class in three files: tether-session.c (state, actions, properties),
 * tether-session-events.c (the server's events, recovery after a lost connection, the liveness
 * check) and tether-session-start.c (attach and create).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-output-buffer.h"
#include "tether-session.h"

G_BEGIN_DECLS

struct _TetherSession
{
  GObject             parent_instance;

  /* Owned */
  TetherServer       *server;
  char               *name;
  char               *title;
  char               *state_text;
  GListStore         *threads;
  GCancellable       *cancellable;   /* thread listings and recovery */
  GError             *error;
  TetherOutputBuffer *output;        /* the program's output, raw */
  guint               liveness_source;
  gboolean            checking;

  gint64              pid;
  TetherSessionState  state;
  guint               signal;
  gint                exit_code;
  gboolean            created;
  gboolean            recovered;
  guint               busy;
};

gboolean  _tether_session_state_is_held      (TetherSessionState  state);
char     *_tether_session_build_state_text   (TetherSession      *self);
void      _tether_session_set_state          (TetherSession      *self,
                                              TetherSessionState  state,
                                              guint               signal,
                                              gint                exit_code);
void      _tether_session_set_error          (TetherSession      *self,
                                              const GError       *error);
void      _tether_session_set_recovered      (TetherSession      *self,
                                              gboolean            recovered);
/* Connects to the server's process-stopped, process-exited, process-output and notify::state. */
void      _tether_session_watch_server       (TetherSession      *self);
void      _tether_session_process_exited     (TetherSession      *self,
                                              gint64              pid,
                                              gint                exit_code,
                                              guint               signal,
                                              TetherServer       *server);
/* Keeps @bytes and emits output-appended. */
void      _tether_session_append_output    (TetherSession      *self,
                                              GBytes             *bytes);
/* Starts or stops the liveness check, as the state asks. */
void      _tether_session_update_liveness    (TetherSession      *self);

G_END_DECLS
