/* tether-profile-row.h: a saved server in the sidebar, with its connection state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tether-profile.h"
#include "tether-server.h"

G_BEGIN_DECLS

#define TETHER_TYPE_PROFILE_ROW (tether_profile_row_get_type ())

G_DECLARE_FINAL_TYPE (TetherProfileRow, tether_profile_row, TETHER, PROFILE_ROW, GtkListBoxRow)

GtkWidget         *tether_profile_row_new               (TetherProfile     *profile);
TetherProfile     *tether_profile_row_get_profile       (TetherProfileRow  *self);
TetherServerState  tether_profile_row_get_state         (TetherProfileRow  *self);
void               tether_profile_row_set_state         (TetherProfileRow  *self,
                                                         TetherServerState  state);
const char        *tether_profile_row_get_error_message (TetherProfileRow  *self);
void               tether_profile_row_set_error_message (TetherProfileRow  *self,
                                                         const char        *error_message);

G_END_DECLS
