/* tether-server-details.h: what a connected process server is and what it supports, in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-process-list.h"
#include "tether-server.h"

G_BEGIN_DECLS

#define TETHER_TYPE_SERVER_DETAILS (tether_server_details_get_type ())

G_DECLARE_FINAL_TYPE (TetherServerDetails, tether_server_details, TETHER, SERVER_DETAILS,
                      AdwPreferencesWindow)

/* @process_list (optional) is the list the server's page shows: its count is kept live. */
GtkWidget         *tether_server_details_new              (TetherServer        *server,
                                                           TetherProcessList   *process_list);
TetherServer      *tether_server_details_get_server       (TetherServerDetails *self);
TetherProcessList *tether_server_details_get_process_list (TetherServerDetails *self);

G_END_DECLS
