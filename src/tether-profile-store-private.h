/* tether-profile-store-private.h: what the files of TetherProfileStore share
 *
 * TetherProfileStore is one class in two files: tether-profile-store.c (the model, loading, saving
 * and editing) and tether-profile-store-transfer.c (import and export).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-profile-store.h"
#include "tether-profile-sync.h"

G_BEGIN_DECLS

/*
 * The model: the profiles in order, the built-in one first, and the ids removed since the last
 * save. Everything about the file (reading, setting a damaged one aside, locking, writing, telling
 * changes made here from those saved by another program, and merging them) is TetherProfileSync's.
 */
struct _TetherProfileStore
{
  GObject            parent_instance;

  TetherProfileSync *sync;
  GPtrArray         *profiles;
  GHashTable        *removed;
  char              *error_message;
  gboolean           error_from_monitor;
};

/* The profile with @id in @profiles (and its index in @out_position), or NULL. */
TetherProfile *_tether_profile_store_find_in_array (GPtrArray           *profiles,
                                                    const char          *id,
                                                    guint               *out_position);
/* Whether @server is a connection string that parses (the parser's error if not). */
gboolean       _tether_profile_store_check_server  (const char          *server,
                                                    GError             **error);
/* Makes the model hold @target, in that order, keeping the objects already in it. */
void           _tether_profile_store_apply_target  (TetherProfileStore  *self,
                                                    GPtrArray           *target);

G_END_DECLS
