/* tether-profile-editor.h: the dialog that adds or edits a saved server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-profile-store.h"

G_BEGIN_DECLS

#define TETHER_TYPE_PROFILE_EDITOR (tether_profile_editor_get_type ())

G_DECLARE_FINAL_TYPE (TetherProfileEditor, tether_profile_editor, TETHER, PROFILE_EDITOR, AdwWindow)

/* Edits @profile, or adds a new profile when it is NULL (prefilled from @template if given). */
TetherProfileEditor *tether_profile_editor_new                 (GtkWindow           *parent,
                                                                TetherProfileStore  *store,
                                                                TetherProfile       *profile);
TetherProfile       *tether_profile_editor_get_profile         (TetherProfileEditor *self);
void                 tether_profile_editor_set_fields          (TetherProfileEditor *self,
                                                                const char          *name,
                                                                const char          *server,
                                                                const char          *description);
/* NULL while the connection string parses; the parser's message otherwise. */
const char          *tether_profile_editor_get_server_error    (TetherProfileEditor *self);
/* What the connection string parsed to ("gdbserver on build-box, TCP port 2345 …"), or the error. */
const char          *tether_profile_editor_get_parsed          (TetherProfileEditor *self);
/* Whether the plain-tcp-to-another-host warning shows. */
gboolean             tether_profile_editor_get_shows_warning   (TetherProfileEditor *self);
gboolean             tether_profile_editor_get_testing         (TetherProfileEditor *self);
/* The last "Test connection" result (success or the exact failure); NULL before any. */
const char          *tether_profile_editor_get_test_result     (TetherProfileEditor *self);
gboolean             tether_profile_editor_get_test_succeeded  (TetherProfileEditor *self);
/* The server's protocol features after a successful test ("Protocol features: …"); else NULL. */
const char          *tether_profile_editor_get_test_features   (TetherProfileEditor *self);
/* Checks the fields, writes them to the store, saves it and closes; FALSE with @error (also
 * shown in the editor) when a field is refused or the file cannot be written. */
gboolean             tether_profile_editor_save                (TetherProfileEditor *self,
                                                                GError             **error);

G_END_DECLS
