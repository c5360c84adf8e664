/* tether-process-watch.h: waiting for a process to appear on a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-server.h"

G_BEGIN_DECLS

#define TETHER_PROCESS_WATCH_DEFAULT_INTERVAL 150

#define TETHER_TYPE_PROCESS_WATCH (tether_process_watch_get_type ())

G_DECLARE_FINAL_TYPE (TetherProcessWatch, tether_process_watch, TETHER, PROCESS_WATCH, GObject)

/**
 * TetherProcessWatch:
 * Waits for the first process that appears on @server after the wait began and matches a name
 * (with one of the three match rules, checked against the executable through /proc) or a regular
 * expression on the command line. It lists the server's processes every interval (150 ms by
 * default: a local listing costs about 20 ms) and compares each listing with the previous one, so
 * a process that lives a second is caught. A process already running when the wait began counts
 * only if it then runs another program (exec). One wait at a time.
 */
TetherProcessWatch *tether_process_watch_new_for_name   (TetherServer         *server,
                                                         const char           *name,
                                                         TetherMatchRule       rule);
TetherProcessWatch *tether_process_watch_new_for_regex  (TetherServer         *server,
                                                         GRegex               *regex);
TetherServer       *tether_process_watch_get_server     (TetherProcessWatch   *self);
guint               tether_process_watch_get_interval   (TetherProcessWatch   *self);
void                tether_process_watch_set_interval   (TetherProcessWatch   *self,
                                                         guint                 interval_ms);
gboolean            tether_process_watch_get_waiting    (TetherProcessWatch   *self);
/* Listings done since the wait began. */
guint               tether_process_watch_get_polls      (TetherProcessWatch   *self);
/* "a process named “x”" / "a command line matching “re”", for messages. */
const char         *tether_process_watch_get_description (TetherProcessWatch  *self);

/* Returns the process (pid, user, command line, and for name rules its details), or
 * TETHER_ERROR_TIMED_OUT after @timeout_ms (0: no timeout), or G_IO_ERROR_CANCELLED. */
void                tether_process_watch_wait_async     (TetherProcessWatch   *self,
                                                         guint                 timeout_ms,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
TetherProcess      *tether_process_watch_wait_finish    (TetherProcessWatch   *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Every process that matches now (not only new ones), sorted by PID as the server lists them: a
 * GPtrArray of TetherProcess, empty when none does. For name rules each has its details. */
void                tether_process_watch_find_async     (TetherProcessWatch   *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray          *tether_process_watch_find_finish    (TetherProcessWatch   *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
