/* tether-process-refresher.h: keeps a process view fresh: list, diff, describe what is on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-process-view.h"
#include "tether-server.h"

G_BEGIN_DECLS

#define TETHER_TYPE_PROCESS_REFRESHER (tether_process_refresher_get_type ())

G_DECLARE_FINAL_TYPE (TetherProcessRefresher, tether_process_refresher, TETHER, PROCESS_REFRESHER,
                      GObject)

TetherProcessRefresher *tether_process_refresher_new              (TetherProcessView      *view);
TetherServer           *tether_process_refresher_get_server       (TetherProcessRefresher *self);
/* Refreshes from @server while active; NULL (or another server) stops what is in flight. */
void                    tether_process_refresher_set_server       (TetherProcessRefresher *self,
                                                                   TetherServer           *server);
gboolean                tether_process_refresher_get_active       (TetherProcessRefresher *self);
void                    tether_process_refresher_set_active       (TetherProcessRefresher *self,
                                                                   gboolean                active);
gboolean                tether_process_refresher_get_paused       (TetherProcessRefresher *self);
void                    tether_process_refresher_set_paused       (TetherProcessRefresher *self,
                                                                   gboolean                paused);
guint                   tether_process_refresher_get_interval     (TetherProcessRefresher *self);
void                    tether_process_refresher_set_interval     (TetherProcessRefresher *self,
                                                                   guint                   interval_ms);
guint                   tether_process_refresher_get_effective_interval (TetherProcessRefresher *self);
/* g_get_monotonic_time() of the last listing applied; 0 when none since the server was set. */
gint64                  tether_process_refresher_get_last_refresh (TetherProcessRefresher *self);
/* Lists now (even paused), or right after the refresh in flight; does nothing without a server. */
void                    tether_process_refresher_refresh          (TetherProcessRefresher *self);

G_END_DECLS
