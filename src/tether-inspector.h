/* tether-inspector.h: what a server's /proc says about its processes, read through host I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-host-io.h"
#include "tether-process.h"

G_BEGIN_DECLS

#define TETHER_TYPE_INSPECTOR (tether_inspector_get_type ())

G_DECLARE_FINAL_TYPE (TetherInspector, tether_inspector, TETHER, INSPECTOR, GObject)

/**
 * TetherInspector:
 * Describes processes (ppid, state, exact argv, exe, threads, memory, CPU and start time, user) and
 * explains what would make an attach fail, from the files the server can read. What does not change
 * while connected (boot time, user names, the server's own identity) is read once and cached.
 */
TetherInspector *tether_inspector_new                 (TetherHostIo        *host_io);
void             tether_inspector_describe_async      (TetherInspector     *self,
                                                       TetherProcess       *process,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean         tether_inspector_describe_finish     (TetherInspector     *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Returns TRUE when nothing is known to stand in the way; the error explains what does. */
void             tether_inspector_check_attach_async  (TetherInspector     *self,
                                                       gint64               pid,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean         tether_inspector_check_attach_finish (TetherInspector     *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
