/* tether-process-details.h: fills the detail columns of the rows a view shows, a few at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-process.h"
#include "tether-server.h"

G_BEGIN_DECLS

/* How many describes run at once by default: each is a handful of host I/O round trips. */
#define TETHER_PROCESS_DETAILS_DEFAULT_MAX_CONCURRENT 4

#define TETHER_TYPE_PROCESS_DETAILS (tether_process_details_get_type ())

G_DECLARE_FINAL_TYPE (TetherProcessDetails, tether_process_details, TETHER, PROCESS_DETAILS, GObject)

TetherProcessDetails *tether_process_details_new                (TetherServer         *server);
TetherServer         *tether_process_details_get_server         (TetherProcessDetails *self);
guint                 tether_process_details_get_max_concurrent (TetherProcessDetails *self);
void                  tether_process_details_set_max_concurrent (TetherProcessDetails *self,
                                                                 guint                 max_concurrent);
/* Describes each of @processes (TetherProcess, typically the rows on screen) and copies the
 * details into it, with CPU % from the CPU time used since the previous update that described
 * the same process (same pid and start time). A process whose pid now belongs to another process
 * (another start time) is left alone, as is one that has exited. Fails only when cancelled or
 * when the server is no longer connected. */
void                  tether_process_details_update_async       (TetherProcessDetails *self,
                                                                 GPtrArray            *processes,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean              tether_process_details_update_finish      (TetherProcessDetails *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

/* The listing does not tell start times: gives the entries of @snapshot whose pid a describe
 * found reused (another start time than the row's) their new start time, so that
 * tether_process_list_apply_snapshot() makes them new rows and lets the old ones exit. */
void                  tether_process_details_annotate_snapshot  (TetherProcessDetails *self,
                                                                 GPtrArray            *snapshot);

G_END_DECLS
