/* tether-connection-status.h: a profile's connection states as views (not connected, connecting, failed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tether-server-connector.h"

G_BEGIN_DECLS

#define TETHER_TYPE_CONNECTION_STATUS (tether_connection_status_get_type ())

G_DECLARE_FINAL_TYPE (TetherConnectionStatus, tether_connection_status, TETHER, CONNECTION_STATUS,
                      GtkWidget)

GtkWidget             *tether_connection_status_new           (void);
TetherServerConnector *tether_connection_status_get_connector (TetherConnectionStatus *self);
void                   tether_connection_status_set_connector (TetherConnectionStatus *self,
                                                               TetherServerConnector  *connector);
/* The title and description shown now (for tests and screen readers' sake). */
const char            *tether_connection_status_get_title     (TetherConnectionStatus *self);
const char            *tether_connection_status_get_description (TetherConnectionStatus *self);

G_END_DECLS
