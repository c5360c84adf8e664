/* tether-server-connector.h: a profile's server connection, its state, and reconnecting with back-off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-profile.h"
#include "tether-server.h"

G_BEGIN_DECLS

#define TETHER_TYPE_SERVER_CONNECTOR (tether_server_connector_get_type ())

G_DECLARE_FINAL_TYPE (TetherServerConnector, tether_server_connector, TETHER, SERVER_CONNECTOR,
                      GObject)

TetherServerConnector *tether_server_connector_new               (TetherProfile         *profile);
TetherProfile         *tether_server_connector_get_profile       (TetherServerConnector *self);
/* NULL until the first connect; replaced when the profile's connection string changed. */
TetherServer          *tether_server_connector_get_server        (TetherServerConnector *self);
TetherServerState      tether_server_connector_get_state         (TetherServerConnector *self);
const char            *tether_server_connector_get_error_message (TetherServerConnector *self);
/* Whether the current failure (if any) lost a connection that was up, rather than never made it. */
gboolean               tether_server_connector_get_was_connected (TetherServerConnector *self);
/* Whether a reconnection is scheduled, and in how many seconds (rounded up). */
gboolean               tether_server_connector_get_retrying      (TetherServerConnector *self);
guint                  tether_server_connector_get_retry_in      (TetherServerConnector *self);
/* The first back-off, in seconds (it doubles up to a minute); tests shorten it. */
void                   tether_server_connector_set_first_retry   (TetherServerConnector *self,
                                                                  guint                  seconds);
/* Connects (or reconnects); does nothing while connecting or connected. */
void                   tether_server_connector_connect           (TetherServerConnector *self);
/* Stops connecting, retrying, or disconnects (detaching what the server holds). */
void                   tether_server_connector_disconnect        (TetherServerConnector *self);

G_END_DECLS
