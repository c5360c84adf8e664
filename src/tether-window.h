/* tether-window.h: the main window, saved servers beside the selected server's processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-profile-store.h"
#include "tether-server-page.h"

G_BEGIN_DECLS

#define TETHER_TYPE_WINDOW (tether_window_get_type ())

G_DECLARE_FINAL_TYPE (TetherWindow, tether_window, TETHER, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests). The store should be loaded; its error is shown as a toast. */
TetherWindow       *tether_window_new                  (GtkApplication     *application,
                                                        TetherProfileStore *store);
TetherProfileStore *tether_window_get_profile_store    (TetherWindow       *self);
TetherServerPage   *tether_window_get_visible_page     (TetherWindow       *self);
TetherServerPage   *tether_window_get_page             (TetherWindow       *self,
                                                        const char         *profile_id);
guint               tether_window_get_refresh_interval (TetherWindow       *self);
void                tether_window_set_refresh_interval (TetherWindow       *self,
                                                        guint               refresh_interval_ms);
void                tether_window_add_toast            (TetherWindow       *self,
                                                        const char         *message);
/* The "profile" action group (TetherProfileActions). */
GActionGroup       *tether_window_get_profile_actions  (TetherWindow       *self);

G_END_DECLS
