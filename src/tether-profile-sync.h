/* tether-profile-sync.h: keeps a store's profiles in step with profiles.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-profile.h"

G_BEGIN_DECLS

#define TETHER_TYPE_PROFILE_SYNC (tether_profile_sync_get_type ())

G_DECLARE_FINAL_TYPE (TetherProfileSync, tether_profile_sync, TETHER, PROFILE_SYNC, GObject)

typedef enum
{
  TETHER_PROFILE_SYNC_RELOAD_FAILED,  /* @error says why; the store keeps what it has */
  TETHER_PROFILE_SYNC_RELOAD_ABSENT,  /* no file, and none was ever read: nothing to do */
  TETHER_PROFILE_SYNC_RELOAD_SAME,    /* the file is back to what was last read or written */
  TETHER_PROFILE_SYNC_RELOAD_MERGED,  /* *out_merged is what the store should now hold */
} TetherProfileSyncReload;

/*
 * The profiles file of a TetherProfileStore, which owns the profiles and passes them in. This
 * remembers what the file last held (its checksum, its unknown top-level members, a copy of every
 * profile) so that it can tell what was changed here from what another program saved, and merge
 * the two (the rules are at the top of tether-profile-sync.c). A damaged file is moved aside;
 * savers take turns through "NAME.lock". After a load the file is watched, and "changed" is
 * emitted, once the events of one write settle, in the thread-default main context of the load.
 *
 * Messages in @error and @out_notice are whole sentences for people, naming the file.
 * @out_merged and @out_notice may be set even when saving fails: the store applies them anyway.
 */
TetherProfileSync      *tether_profile_sync_new        (GFile               *file);
GFile                  *tether_profile_sync_get_file   (TetherProfileSync   *self);
gboolean                tether_profile_sync_is_changed (TetherProfileSync   *self,
                                                        TetherProfile       *profile);
GPtrArray              *tether_profile_sync_load       (TetherProfileSync   *self,
                                                        char               **out_notice,
                                                        GError             **error);
TetherProfileSyncReload tether_profile_sync_reload     (TetherProfileSync   *self,
                                                        GPtrArray           *profiles,
                                                        GHashTable          *removed,
                                                        GPtrArray          **out_merged,
                                                        GError             **error);
gboolean                tether_profile_sync_save       (TetherProfileSync   *self,
                                                        GPtrArray           *profiles,
                                                        GHashTable          *removed,
                                                        GPtrArray          **out_merged,
                                                        char               **out_notice,
                                                        GError             **error);

G_END_DECLS
