/* tether-thread.h: one thread of a debugged process, as a session's thread list shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TETHER_TYPE_THREAD (tether_thread_get_type ())

G_DECLARE_FINAL_TYPE (TetherThread, tether_thread, TETHER, THREAD, GObject)

/**
 * TetherThread:
 * A thread's id, name (NULL when the server gave none) and the core it last ran on (-1 if not
 * known). Immutable: a session's list replaces a thread whose name or core changed.
 */
TetherThread *tether_thread_new      (gint64        tid,
                                      const char   *name,
                                      gint          core);
gint64        tether_thread_get_tid  (TetherThread *self);
const char   *tether_thread_get_name (TetherThread *self);
gint          tether_thread_get_core (TetherThread *self);

G_END_DECLS
