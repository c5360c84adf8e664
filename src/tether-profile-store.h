/* tether-profile-store.h: the saved connections, a list model backed by profiles.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-profile.h"

G_BEGIN_DECLS

/* A profiles file larger than this is treated as corrupt: it is set aside, never read whole. */
#define TETHER_PROFILE_STORE_MAX_FILE_SIZE (8 * 1024 * 1024)

#define TETHER_TYPE_PROFILE_STORE (tether_profile_store_get_type ())

G_DECLARE_FINAL_TYPE (TetherProfileStore, tether_profile_store, TETHER, PROFILE_STORE, GObject)

/*
 * The file is small and local, so loading and saving are synchronous; reads are capped at
 * TETHER_PROFILE_STORE_MAX_FILE_SIZE so neither can take long.
 *
 * Item 0 is always the built-in profile (id TETHER_PROFILE_BUILTIN_ID). Changes made with add,
 * remove, update, import or a profile's own setters stay in memory until
 * tether_profile_store_save(), which first merges whatever another program wrote to the file since
 * it was read. After a load the file is watched, and changes made by other programs are merged in
 * (items-changed) while the thread-default main context of the load runs.
 *
 * Problems with the file itself are state: "has-error" and "error-message". A file that cannot be
 * parsed is moved aside to "profiles.json.corrupt-YYYYMMDD-HHMMSS" and the store carries on with
 * the built-in profile.
 */
TetherProfileStore *tether_profile_store_new             (GFile               *file);
TetherProfileStore *tether_profile_store_new_default     (void);
GFile              *tether_profile_store_get_file        (TetherProfileStore  *self);
gboolean            tether_profile_store_get_has_error   (TetherProfileStore  *self);
const char         *tether_profile_store_get_error_message (TetherProfileStore *self);
gboolean            tether_profile_store_load            (TetherProfileStore  *self,
                                                          GError             **error);
gboolean            tether_profile_store_save            (TetherProfileStore  *self,
                                                          GError             **error);
TetherProfile      *tether_profile_store_find_by_id      (TetherProfileStore  *self,
                                                          const char          *id);
TetherProfile      *tether_profile_store_find_by_name    (TetherProfileStore  *self,
                                                          const char          *name);
gboolean            tether_profile_store_check_name      (TetherProfileStore  *self,
                                                          const char          *name,
                                                          TetherProfile       *except,
                                                          GError             **error);
gboolean            tether_profile_store_add             (TetherProfileStore  *self,
                                                          TetherProfile       *profile,
                                                          GError             **error);
gboolean            tether_profile_store_update          (TetherProfileStore  *self,
                                                          TetherProfile       *profile,
                                                          const char          *name,
                                                          const char          *server,
                                                          const char          *description,
                                                          GError             **error);
gboolean            tether_profile_store_remove          (TetherProfileStore  *self,
                                                          const char          *id,
                                                          GError             **error);
gboolean            tether_profile_store_reset_builtin   (TetherProfileStore  *self,
                                                          GError             **error);
gboolean            tether_profile_store_import          (TetherProfileStore  *self,
                                                          GFile               *file,
                                                          guint               *n_imported,
                                                          GError             **error);
gboolean            tether_profile_store_export          (TetherProfileStore  *self,
                                                          GFile               *file,
                                                          const char * const  *ids,
                                                          GError             **error);

G_END_DECLS
