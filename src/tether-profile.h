/* tether-profile.h: a saved connection (name, connection string, settings)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The id of the built-in "This computer" profile; every other profile has a random UUID. */
#define TETHER_PROFILE_BUILTIN_ID     "local"
#define TETHER_PROFILE_BUILTIN_NAME   "This computer"
#define TETHER_PROFILE_BUILTIN_SERVER "local:"

#define TETHER_TYPE_PROFILE (tether_profile_get_type ())

G_DECLARE_FINAL_TYPE (TetherProfile, tether_profile, TETHER, PROFILE, GObject)

/*
 * Times ("created", "last-connected") are Unix seconds (UTC) as gint64; 0 means unknown or never.
 * Strings are never NULL: an unset string reads as "". A profile checks nothing on its own: names
 * and connection strings are validated by TetherProfileStore, which knows the other profiles.
 */
TetherProfile *tether_profile_new                    (const char     *name,
                                                      const char     *server);
TetherProfile *tether_profile_new_builtin            (void);
TetherProfile *tether_profile_new_from_json          (JsonNode       *node,
                                                      GError        **error);
JsonNode      *tether_profile_to_json                (TetherProfile  *self);
gboolean       tether_profile_copy_settings          (TetherProfile  *self,
                                                      TetherProfile  *source);
gboolean       tether_profile_equal                  (TetherProfile  *a,
                                                      TetherProfile  *b);
const char    *tether_profile_get_id                 (TetherProfile  *self);
gboolean       tether_profile_get_is_builtin         (TetherProfile  *self);
const char    *tether_profile_get_name               (TetherProfile  *self);
void           tether_profile_set_name               (TetherProfile  *self,
                                                      const char     *name);
const char    *tether_profile_get_server             (TetherProfile  *self);
void           tether_profile_set_server             (TetherProfile  *self,
                                                      const char     *server);
const char    *tether_profile_get_description        (TetherProfile  *self);
void           tether_profile_set_description        (TetherProfile  *self,
                                                      const char     *description);
gboolean       tether_profile_get_connect_at_startup (TetherProfile  *self);
void           tether_profile_set_connect_at_startup (TetherProfile  *self,
                                                      gboolean        connect_at_startup);
guint          tether_profile_get_refresh_interval   (TetherProfile  *self);
void           tether_profile_set_refresh_interval   (TetherProfile  *self,
                                                      guint           refresh_interval_ms);
gint64         tether_profile_get_created            (TetherProfile  *self);
void           tether_profile_set_created            (TetherProfile  *self,
                                                      gint64          created);
gint64         tether_profile_get_last_connected     (TetherProfile  *self);
void           tether_profile_set_last_connected     (TetherProfile  *self,
                                                      gint64          last_connected);

G_END_DECLS
