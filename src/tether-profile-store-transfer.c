/* tether-profile-store-transfer.c: importing profiles from a file into a TetherProfileStore, and
 * exporting some or all of them to one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-profile-file.h"
#include "tether-profile-store-private.h"

/**
 * tether_profile_store_import:
 * @file: a file in the profiles format, e.g. from tether_profile_store_export()
 * @n_imported: (out) (optional): how many profiles the file held
 *
 * Merges the profiles of @file by id: one with a known id updates that profile (the built-in one
 * included, which is never duplicated), others are added. An imported name that another profile
 * has gets a suffix, "Build box (2)". A file that cannot be read or parsed, or a profile with no
 * name or a connection string that does not parse, refuses the whole import: nothing changes.
 * Not saved yet.
 */
gboolean
tether_profile_store_import (TetherProfileStore  *self,
                             GFile               *file,
                             guint               *n_imported,
                             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GPtrArray) target = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  imported = tether_profile_file_import (file, error);
  if (imported == NULL)
    return FALSE;

  path = g_file_get_parse_name (file);

  for (guint i = 0; i < imported->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (imported, i);
      g_autofree char *trimmed = g_strstrip (g_strdup (tether_profile_get_name (profile)));

      if (trimmed[0] == '\0')
        {
          g_set_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE,
                       _("Could not import “%s”: profile %u has no name. Nothing was imported."),
                       path, i + 1);
          return FALSE;
        }
      if (!_tether_profile_store_check_server (tether_profile_get_server (profile), &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Could not import “%s”: profile “%s”: %s. Nothing was imported."),
                       path, trimmed, local_error->message);
          return FALSE;
        }
      tether_profile_set_name (profile, trimmed);
    }

  /* name key → id of the profile that will have it */
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  target = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (self->profiles, i);

      g_ptr_array_add (target, g_object_ref (profile));
      g_hash_table_replace (names, tether_profile_file_name_key (tether_profile_get_name (profile)),
                            g_strdup (tether_profile_get_id (profile)));
    }

  for (guint i = 0; i < imported->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (imported, i);
      const char *id = tether_profile_get_id (profile);
      g_autofree char *key = NULL;
      guint position;
      TetherProfile *existing = _tether_profile_store_find_in_array (target, id, &position);

      /* A profile being updated gives up its old name first. */
      if (existing != NULL)
        {
          const char *old_name = tether_profile_get_name (existing);
          g_autofree char *old_key = tether_profile_file_name_key (old_name);

          if (g_strcmp0 (g_hash_table_lookup (names, old_key), id) == 0)
            g_hash_table_remove (names, old_key);
          g_ptr_array_index (target, position) = g_object_ref (profile);
          g_object_unref (existing);
        }
      else
        {
          g_ptr_array_add (target, g_object_ref (profile));
        }

      key = tether_profile_file_name_key (tether_profile_get_name (profile));
      if (g_hash_table_contains (names, key))
        {
          const char *name = tether_profile_get_name (profile);
          g_autofree char *renamed = tether_profile_file_unique_name (names, name);

          tether_profile_set_name (profile, renamed);
          g_free (key);
          key = tether_profile_file_name_key (renamed);
        }

      g_hash_table_replace (names, g_steal_pointer (&key), g_strdup (id));
    }

  _tether_profile_store_apply_target (self, target);

  if (n_imported != NULL)
    *n_imported = imported->len;

  return TRUE;
}

/**
 * tether_profile_store_export:
 * @ids: (nullable): the ids of the profiles to export, or NULL for all of them
 *
 * Writes the profiles to @file in the profiles format, atomically and private to the user.
 * Top-level members unknown to this version are not exported.
 */
gboolean
tether_profile_store_export (TetherProfileStore  *self,
                             GFile               *file,
                             const char * const  *ids,
                             GError             **error)
{
  g_autoptr(GPtrArray) selected = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  selected = g_ptr_array_new ();
  if (ids == NULL)
    {
      for (guint i = 0; i < self->profiles->len; i++)
        g_ptr_array_add (selected, g_ptr_array_index (self->profiles, i));
    }
  else
    {
      for (guint i = 0; ids[i] != NULL; i++)
        {
          TetherProfile *profile = _tether_profile_store_find_in_array (self->profiles, ids[i],
                                                                        NULL);

          if (profile == NULL)
            {
              g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                           _("There is no profile with the id “%s”"), ids[i]);
              return FALSE;
            }
          g_ptr_array_add (selected, profile);
        }
    }

  return tether_profile_file_export (file, selected, error);
}
