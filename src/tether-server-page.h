/* tether-server-page.h: one profile's server, its connection states and its live process table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tether-process-list.h"
#include "tether-process-view.h"
#include "tether-profile.h"
#include "tether-server-connector.h"
#include "tether-server.h"

G_BEGIN_DECLS

/* The refresh interval when nothing else sets one (GSettings "refresh-interval"'s default). */
#define TETHER_SERVER_PAGE_DEFAULT_REFRESH_INTERVAL 2000

#define TETHER_TYPE_SERVER_PAGE (tether_server_page_get_type ())

G_DECLARE_FINAL_TYPE (TetherServerPage, tether_server_page, TETHER, SERVER_PAGE, GtkWidget)

GtkWidget             *tether_server_page_new                    (TetherProfile    *profile);
TetherProfile         *tether_server_page_get_profile            (TetherServerPage *self);
TetherServerConnector *tether_server_page_get_connector          (TetherServerPage *self);
TetherServer          *tether_server_page_get_server             (TetherServerPage *self);
TetherProcessView     *tether_server_page_get_process_view       (TetherServerPage *self);
TetherProcessList     *tether_server_page_get_process_list       (TetherServerPage *self);
TetherServerState      tether_server_page_get_state              (TetherServerPage *self);
const char            *tether_server_page_get_error_message      (TetherServerPage *self);
const char            *tether_server_page_get_subtitle           (TetherServerPage *self);
gboolean               tether_server_page_get_paused             (TetherServerPage *self);
void                   tether_server_page_set_paused             (TetherServerPage *self,
                                                                  gboolean          paused);
guint                  tether_server_page_get_refresh_interval   (TetherServerPage *self);
void                   tether_server_page_set_refresh_interval   (TetherServerPage *self,
                                                                  guint             refresh_interval_ms);
/* The interval in use: the refresh interval, or longer while the server's listing is slow. */
guint                  tether_server_page_get_effective_interval (TetherServerPage *self);
gboolean               tether_server_page_get_search_mode        (TetherServerPage *self);
void                   tether_server_page_set_search_mode        (TetherServerPage *self,
                                                                  gboolean          search_mode);
/* Connects (or reconnects) to the profile's server; does nothing while connecting or connected. */
void                   tether_server_page_connect                (TetherServerPage *self);
/* Stops connecting or retrying, or disconnects. */
void                   tether_server_page_disconnect             (TetherServerPage *self);
/* The process selected in the table, or NULL. */
TetherProcess         *tether_server_page_get_selected_process   (TetherServerPage *self);
/* Lists the processes now (even paused); does nothing unless connected. */
void                   tether_server_page_refresh                (TetherServerPage *self);

G_END_DECLS
