/* tether-profile-actions.h: the "profile." actions: add, edit, duplicate, delete (undo), import, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tether-profile-store.h"
#include "tether-session-sidebar.h"

G_BEGIN_DECLS

#define TETHER_TYPE_PROFILE_ACTIONS (tether_profile_actions_get_type ())

G_DECLARE_FINAL_TYPE (TetherProfileActions, tether_profile_actions, TETHER, PROFILE_ACTIONS,
                      GSimpleActionGroup)

/* The actions, to insert into @window as the "profile" group. Those taking a profile take its id
 * ("s"): profile.new, profile.edit, profile.duplicate, profile.delete, profile.undo-delete,
 * profile.import, profile.export. Profiles added are announced by ::profile-added, so the window
 * can select them; messages go to the window's toasts through ::toast. */
TetherProfileActions *tether_profile_actions_new            (GtkWindow            *window,
                                                             TetherProfileStore   *store);
/* The sessions to release before deleting a profile: with live sessions on its server,
 * profile.delete first asks (once) to detach them, or kill those Tether started, or cancel. */
void                  tether_profile_actions_set_sidebar    (TetherProfileActions *self,
                                                             TetherSessionSidebar *sidebar);
/* The editor open now, if any (for tests). */
GtkWindow            *tether_profile_actions_get_editor     (TetherProfileActions *self);
/* Imports from or exports to @file without a file chooser (what the choosers' answers do). */
gboolean              tether_profile_actions_import_file    (TetherProfileActions *self,
                                                             GFile                *file,
                                                             GError              **error);
gboolean              tether_profile_actions_export_file    (TetherProfileActions *self,
                                                             GFile                *file,
                                                             GError              **error);

G_END_DECLS
