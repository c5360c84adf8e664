/* tether-session-page.h: one debugging session: its state, threads, actions and the server console
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-session.h"

G_BEGIN_DECLS

#define TETHER_TYPE_SESSION_PAGE (tether_session_page_get_type ())

G_DECLARE_FINAL_TYPE (TetherSessionPage, tether_session_page, TETHER, SESSION_PAGE, AdwBin)

/* @server_name: the server's name as the sidebar shows it, for the subtitle. */
GtkWidget     *tether_session_page_new         (TetherSession     *session,
                                                const char        *server_name);
TetherSession *tether_session_page_get_session (TetherSessionPage *self);
GtkWidget     *tether_session_page_get_console (TetherSessionPage *self);
/* The program output area (a TetherSessionOutput). */
GtkWidget     *tether_session_page_get_output  (TetherSessionPage *self);

G_END_DECLS
