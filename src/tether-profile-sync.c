/* tether-profile-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-profile-file.h"
#include "tether-profile-store.h"
#include "tether-profile-sync.h"

#define RELOAD_DELAY_MS  100
#define MAX_SIZE_MIB     (TETHER_PROFILE_STORE_MAX_FILE_SIZE / (1024 * 1024))

/*
 * How changes made elsewhere are merged (on save, and when the file monitor fires):
 * "base" holds a private copy of every profile as the file last had it (read or written by us). A
 * profile of the store is "changed here" when it differs from its base copy or has none; "removed"
 * holds the ids removed from the store since the last save. Merging a newer file, by id:
 *   - changed here: the store's version wins;
 *   - removed here: stays removed, whatever the file says;
 *   - not changed here: the file's version wins, and it is dropped if the file no longer has it;
 *   - only in the file: added.
 * A profile changed here whose name now clashes with one from the file gets a " (2)" suffix.
 */
struct _TetherProfileSync
{
  GObject       parent_instance;

  GFile        *file;
  GHashTable   *base;
  JsonObject   *extra;
  char         *checksum;
  GFileMonitor *monitor;
  guint         reload_source;
};

G_DEFINE_FINAL_TYPE (TetherProfileSync, tether_profile_sync, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static TetherProfile *
profile_dup (TetherProfile *profile)
{
  TetherProfile *copy = g_object_new (TETHER_TYPE_PROFILE,
                                      "id", tether_profile_get_id (profile),
                                      NULL);

  tether_profile_copy_settings (copy, profile);
  return copy;
}

static void
set_base (TetherProfileSync *self,
          GPtrArray         *profiles)
{
  g_hash_table_remove_all (self->base);
  for (guint i = 0; i < profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (profiles, i);

      g_hash_table_insert (self->base,
                           g_strdup (tether_profile_get_id (profile)),
                           profile_dup (profile));
    }
}

/* @doc is what the file now holds. */
static void
remember_document (TetherProfileSync *self,
                   TetherProfileFileContents *doc)
{
  set_base (self, doc->profiles);
  if (doc->extra != NULL)
    json_object_ref (doc->extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = doc->extra;
  g_free (self->checksum);
  self->checksum = g_strdup (doc->checksum);
}

/* @profiles were written as @data. */
static void
remember_saved (TetherProfileSync *self,
                GPtrArray         *profiles,
                const char        *data)
{
  set_base (self, profiles);
  g_free (self->checksum);
  self->checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
}

/*
 * Merges @doc, a newer state of the file, into @profiles (the store's; see the rules at the top)
 * and remembers @doc. Returns what the store should hold; profiles changed here are in it as they
 * are, renamed where their name clashes.
 */
static GPtrArray *
merge_document (TetherProfileSync *self,
                GPtrArray         *profiles,
                GHashTable        *removed,
                TetherProfileFileContents *doc)
{
  g_autoptr(GPtrArray) target = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ours = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) theirs_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) changed_here = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < doc->profiles->len; i++)
    {
      TetherProfile *theirs = g_ptr_array_index (doc->profiles, i);

      g_hash_table_insert (theirs_by_id, (gpointer)tether_profile_get_id (theirs), theirs);
    }

  for (guint i = 0; i < profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (profiles, i);
      TetherProfile *theirs = g_hash_table_lookup (theirs_by_id, tether_profile_get_id (profile));
      gboolean changed = tether_profile_sync_is_changed (self, profile);

      g_hash_table_add (ours, (gpointer)tether_profile_get_id (profile));
      if (changed)
        g_hash_table_add (changed_here, profile);

      if (theirs != NULL)
        g_ptr_array_add (target, g_object_ref (changed ? profile : theirs));
      else if (changed || tether_profile_get_is_builtin (profile))
        g_ptr_array_add (target, g_object_ref (profile));
    }

  for (guint i = 0; i < doc->profiles->len; i++)
    {
      TetherProfile *theirs = g_ptr_array_index (doc->profiles, i);
      const char *id = tether_profile_get_id (theirs);

      if (!g_hash_table_contains (ours, id) && !g_hash_table_contains (removed, id))
        g_ptr_array_add (target, g_object_ref (theirs));
    }

  /* Names from the file keep their name; a profile changed here yields. */
  for (guint i = 0; i < target->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (target, i);

      if (!g_hash_table_contains (changed_here, profile))
        g_hash_table_add (taken, tether_profile_file_name_key (tether_profile_get_name (profile)));
    }
  for (guint i = 0; i < target->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (target, i);
      g_autofree char *key = NULL;

      if (!g_hash_table_contains (changed_here, profile))
        continue;

      key = tether_profile_file_name_key (tether_profile_get_name (profile));
      if (g_hash_table_contains (taken, key))
        {
          const char *name = tether_profile_get_name (profile);
          g_autofree char *renamed = tether_profile_file_unique_name (taken, name);

          g_debug ("“%s” was also added by another program; renamed to “%s”", name, renamed);
          tether_profile_set_name (profile, renamed);
          g_hash_table_add (taken, tether_profile_file_name_key (renamed));
        }
      else
        {
          g_hash_table_add (taken, g_steal_pointer (&key));
        }
    }

  remember_document (self, doc);
  return g_steal_pointer (&target);
}

static gboolean
tether_profile_sync_reload_cb (gpointer user_data)
{
  TetherProfileSync *self = user_data;

  self->reload_source = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
tether_profile_sync_monitor_changed_cb (TetherProfileSync *self,
                                        GFile             *file,
                                        GFile             *other_file,
                                        GFileMonitorEvent  event,
                                        GFileMonitor      *monitor)
{
  g_autoptr(GSource) source = NULL;

  /* Several events come for one write; read once they settle. */
  g_clear_handle_id (&self->reload_source, g_source_remove);
  source = g_timeout_source_new (RELOAD_DELAY_MS);
  g_source_set_callback (source, tether_profile_sync_reload_cb, self, NULL);
  g_source_set_static_name (source, "[tether] profiles reload");
  self->reload_source = g_source_attach (source, g_main_context_get_thread_default ());
}

static void
ensure_monitor (TetherProfileSync *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    return;

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Not watching the profiles file for changes: %s", error->message);
      return;
    }

  g_signal_connect_object (self->monitor, "changed",
                           G_CALLBACK (tether_profile_sync_monitor_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
tether_profile_sync_dispose (GObject *object)
{
  TetherProfileSync *self = (TetherProfileSync *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  G_OBJECT_CLASS (tether_profile_sync_parent_class)->dispose (object);
}

static void
tether_profile_sync_finalize (GObject *object)
{
  TetherProfileSync *self = (TetherProfileSync *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->base, g_hash_table_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  g_free (self->checksum);

  G_OBJECT_CLASS (tether_profile_sync_parent_class)->finalize (object);
}

static void
tether_profile_sync_class_init (TetherProfileSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_profile_sync_dispose;
  object_class->finalize = tether_profile_sync_finalize;

  /* Another program changed the file: call tether_profile_sync_reload(). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tether_profile_sync_init (TetherProfileSync *self)
{
  g_autoptr(TetherProfileFileContents) empty = tether_profile_file_contents_new_empty ();

  /* Until it is read, the file is taken to hold what a missing one does. */
  self->base = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  set_base (self, empty->profiles);
}

static gboolean
write_failed (GFile       *file,
              const char  *reason,
              GError     **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = g_file_get_parse_name (file);
  g_autofree char *parent_path = parent ? g_file_get_parse_name (parent) : g_strdup ("/");

  g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
               _("Could not save the profiles to “%s”: %s. Check that the folder “%s” exists and "
                 "that you can write to it; the file on disk was left unchanged."),
               path, reason, parent_path);
  return FALSE;
}


/**
 * tether_profile_sync_new:
 * @file: the profiles file; it need not exist
 */
TetherProfileSync *
tether_profile_sync_new (GFile *file)
{
  TetherProfileSync *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (TETHER_TYPE_PROFILE_SYNC, NULL);
  self->file = g_object_ref (file);
  return self;
}

GFile *
tether_profile_sync_get_file (TetherProfileSync *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_SYNC (self), NULL);

  return self->file;
}

/**
 * tether_profile_sync_is_changed:
 * Whether @profile differs from what the file last held, or the file did not hold it.
 */
gboolean
tether_profile_sync_is_changed (TetherProfileSync *self,
                                TetherProfile     *profile)
{
  TetherProfile *base;

  g_return_val_if_fail (TETHER_IS_PROFILE_SYNC (self), FALSE);
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), FALSE);

  base = g_hash_table_lookup (self->base, tether_profile_get_id (profile));
  return base == NULL || !tether_profile_equal (base, profile);
}

/**
 * tether_profile_sync_load:
 * @out_notice: (out): set to what was done about a damaged file, if anything
 *
 * Reads the file and starts watching it. A missing file holds the built-in profile only; so does
 * a damaged one, once moved aside. Fails when the file cannot be read, cannot be moved aside, or
 * was written by a newer version.
 * Returns: (transfer container): the profiles, the built-in one first
 */
GPtrArray *
tether_profile_sync_load (TetherProfileSync  *self,
                          char              **out_notice,
                          GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TetherProfileFileContents) doc = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_SYNC (self), NULL);
  g_return_val_if_fail (out_notice != NULL, NULL);

  *out_notice = NULL;
  ensure_monitor (self);
  path = g_file_get_parse_name (self->file);

  switch (tether_profile_file_read (self->file, NULL, TRUE, &doc, &local_error))
    {
    case TETHER_PROFILE_FILE_MISSING:
      doc = tether_profile_file_contents_new_empty ();
      break;

    case TETHER_PROFILE_FILE_FAILED:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("The profiles file “%s” could not be read: %s. Check that you can read it; "
                     "Tether will not overwrite it."), path, local_error->message);
      return NULL;

    case TETHER_PROFILE_FILE_NEWER:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("The profiles file “%s” cannot be used: %s. Tether will not change it; use "
                     "the newer version of Tether."), path, local_error->message);
      return NULL;

    case TETHER_PROFILE_FILE_TOO_LARGE:
    case TETHER_PROFILE_FILE_CORRUPT:
      {
        g_autoptr(GError) move_error = NULL;
        g_autoptr(GFile) aside = tether_profile_file_move_aside (self->file, &move_error);
        g_autofree char *aside_path = NULL;

        if (aside == NULL)
          {
            g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                         _("The profiles file “%s” is damaged (%s) and could not be moved aside: "
                           "%s. Move or repair it; Tether will not overwrite it."),
                         path, local_error->message, move_error->message);
            return NULL;
          }

        aside_path = g_file_get_parse_name (aside);
        *out_notice = g_strdup_printf (_("The profiles file “%s” is damaged (%s). It was moved to "
                                         "“%s” and Tether started with only the built-in "
                                         "profile."), path, local_error->message, aside_path);
        g_debug ("%s", *out_notice);
        doc = tether_profile_file_contents_new_empty ();
      }
      break;

    case TETHER_PROFILE_FILE_OK:
    case TETHER_PROFILE_FILE_SAME:
    default:
      break;
    }

  remember_document (self, doc);
  return g_ptr_array_ref (doc->profiles);
}

/**
 * tether_profile_sync_reload:
 * @profiles: the store's profiles
 * @removed: the ids the store removed since it last saved
 * @out_merged: (out) (transfer container): on %TETHER_PROFILE_SYNC_RELOAD_MERGED, what the
 *   store should now hold
 *
 * Reads the file again after "changed" and merges it into @profiles. A damaged file is not set
 * aside here: another program may still be writing it.
 */
TetherProfileSyncReload
tether_profile_sync_reload (TetherProfileSync  *self,
                            GPtrArray          *profiles,
                            GHashTable         *removed,
                            GPtrArray         **out_merged,
                            GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TetherProfileFileContents) doc = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_SYNC (self), TETHER_PROFILE_SYNC_RELOAD_FAILED);
  g_return_val_if_fail (out_merged != NULL, TETHER_PROFILE_SYNC_RELOAD_FAILED);

  *out_merged = NULL;
  path = g_file_get_parse_name (self->file);

  switch (tether_profile_file_read (self->file, self->checksum, TRUE, &doc, &local_error))
    {
    case TETHER_PROFILE_FILE_FAILED:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("The profiles file “%s” was changed by another program but could not be "
                     "read again: %s. The profiles shown are the ones read before."),
                   path, local_error->message);
      return TETHER_PROFILE_SYNC_RELOAD_FAILED;

    case TETHER_PROFILE_FILE_TOO_LARGE:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("The profiles file “%s” was changed by another program and is now larger "
                     "than %d MiB. The profiles shown are the ones read before; the file will be "
                     "set aside when Tether next saves."), path, MAX_SIZE_MIB);
      return TETHER_PROFILE_SYNC_RELOAD_FAILED;

    case TETHER_PROFILE_FILE_CORRUPT:
    case TETHER_PROFILE_FILE_NEWER:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("The profiles file “%s” was changed by another program and can no longer be "
                     "read: %s. The profiles shown are the ones read before."),
                   path, local_error->message);
      return TETHER_PROFILE_SYNC_RELOAD_FAILED;

    case TETHER_PROFILE_FILE_MISSING:
      if (self->checksum == NULL)
        return TETHER_PROFILE_SYNC_RELOAD_ABSENT;
      doc = tether_profile_file_contents_new_empty ();
      break;

    case TETHER_PROFILE_FILE_SAME:
      /* Back to what was read last, e.g. an editor finished writing. */
      return TETHER_PROFILE_SYNC_RELOAD_SAME;

    case TETHER_PROFILE_FILE_OK:
    default:
      break;
    }

  g_debug ("%s changed on disk; merging", path);
  *out_merged = merge_document (self, profiles, removed, doc);
  return TETHER_PROFILE_SYNC_RELOAD_MERGED;
}

/**
 * tether_profile_sync_save:
 * @profiles: the store's profiles
 * @removed: the ids the store removed since it last saved
 * @out_merged: (out) (transfer container): set when another program changed the file since it
 *   was read: its changes merged with @profiles, which is what was written
 * @out_notice: (out): set when the file was damaged since and moved aside
 *
 * Writes @profiles atomically; the file is private to the user (0600), and so is a folder it
 * creates (0700). Fails when the file cannot be read or written; it is then unchanged.
 */
gboolean
tether_profile_sync_save (TetherProfileSync  *self,
                          GPtrArray          *profiles,
                          GHashTable         *removed,
                          GPtrArray         **out_merged,
                          char              **out_notice,
                          GError            **error)
{
  g_auto(TetherProfileFileLock) lock = -1;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TetherProfileFileContents) doc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *new_checksum = NULL;
  GPtrArray *to_write = profiles;
  TetherProfileFileRead read_result;

  g_return_val_if_fail (TETHER_IS_PROFILE_SYNC (self), FALSE);
  g_return_val_if_fail (out_merged != NULL && out_notice != NULL, FALSE);

  *out_merged = NULL;
  *out_notice = NULL;
  path = g_file_get_parse_name (self->file);

  if (!tether_profile_file_lock (self->file, &lock, &local_error))
    return write_failed (self->file, local_error->message, error);

  read_result = tether_profile_file_read (self->file, self->checksum, TRUE, &doc, &local_error);
  switch (read_result)
    {
    case TETHER_PROFILE_FILE_FAILED:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not save the profiles: the file “%s” could not be read first to keep "
                     "changes made by other programs: %s. Check that you can read it. Nothing was "
                     "written."), path, local_error->message);
      return FALSE;

    case TETHER_PROFILE_FILE_NEWER:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not save the profiles: “%s” cannot be used: %s. Nothing was "
                     "written; use the newer version of Tether."), path, local_error->message);
      return FALSE;

    case TETHER_PROFILE_FILE_MISSING:
      if (self->checksum != NULL)
        doc = tether_profile_file_contents_new_empty ();
      break;

    case TETHER_PROFILE_FILE_TOO_LARGE:
    case TETHER_PROFILE_FILE_CORRUPT:
      {
        /* Damaged since it was read: keep its bytes, then write what is in memory. */
        g_autoptr(GError) move_error = NULL;
        g_autoptr(GFile) aside = tether_profile_file_move_aside (self->file, &move_error);
        g_autofree char *aside_path = NULL;

        if (aside == NULL)
          {
            g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                         _("Could not save the profiles: “%s” is damaged (%s) and could not be "
                           "moved aside: %s. Nothing was written."),
                         path, local_error->message, move_error->message);
            return FALSE;
          }

        aside_path = g_file_get_parse_name (aside);
        *out_notice = g_strdup_printf (_("The profiles file “%s” was damaged by another program "
                                         "(%s). It was moved to “%s” and the profiles shown were "
                                         "saved in its place."),
                                       path, local_error->message, aside_path);
        g_debug ("%s", *out_notice);
        g_clear_error (&local_error);
      }
      break;

    case TETHER_PROFILE_FILE_OK:
    case TETHER_PROFILE_FILE_SAME:
    default:
      break;
    }

  if (doc != NULL)
    {
      g_debug ("%s was changed by another program; merging before saving", path);
      *out_merged = merge_document (self, profiles, removed, doc);
      to_write = *out_merged;
    }

  data = tether_profile_file_serialize (to_write, self->extra);

  /* The file already says exactly this: leave it (and its watchers) alone. */
  new_checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
  if ((read_result == TETHER_PROFILE_FILE_OK || read_result == TETHER_PROFILE_FILE_SAME) &&
      g_strcmp0 (new_checksum, self->checksum) == 0)
    {
      remember_saved (self, to_write, data);
      return TRUE;
    }

  if (!tether_profile_file_write (self->file, data, &local_error))
    return write_failed (self->file, local_error->message, error);

  remember_saved (self, to_write, data);
  return TRUE;
}

