/* tether-profile-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-options.h"
#include "tether-profile-file.h"
#include "tether-profile-store-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TetherProfileStore, tether_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_FILE,
  PROP_HAS_ERROR,
  PROP_ERROR_MESSAGE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

TetherProfile *
_tether_profile_store_find_in_array (GPtrArray  *profiles,
                                     const char *id,
                                     guint      *out_position)
{
  for (guint i = 0; i < profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (profiles, i);

      if (g_str_equal (tether_profile_get_id (profile), id))
        {
          if (out_position != NULL)
            *out_position = i;
          return profile;
        }
    }

  return NULL;
}

static void
set_error_message (TetherProfileStore *self,
                   const char         *message,
                   gboolean            from_monitor)
{
  gboolean had_error = self->error_message != NULL;

  self->error_from_monitor = message != NULL && from_monitor;

  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  if (had_error != (message != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ERROR]);
}

static void
items_changed (TetherProfileStore *self,
               guint               position,
               guint               removed,
               guint               added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/*
 * Makes the model hold @target, in that order. A profile of @target whose id is already in the
 * model is copied into the existing object, so references to it held elsewhere stay live; one
 * items-changed covers the span between the unchanged head and tail.
 */
void
_tether_profile_store_apply_target (TetherProfileStore *self,
                                    GPtrArray          *target)
{
  g_autoptr(GPtrArray) old = self->profiles;
  g_autofree gboolean *updated = g_new0 (gboolean, target->len + 1);
  GPtrArray *next = g_ptr_array_new_full (target->len, g_object_unref);
  guint prefix = 0;
  guint suffix = 0;

  for (guint i = 0; i < target->len; i++)
    {
      TetherProfile *wanted = g_ptr_array_index (target, i);
      const char *id = tether_profile_get_id (wanted);
      TetherProfile *existing = _tether_profile_store_find_in_array (old, id, NULL);

      if (existing != NULL)
        {
          updated[i] = tether_profile_copy_settings (existing, wanted);
          g_ptr_array_add (next, g_object_ref (existing));
        }
      else
        {
          g_ptr_array_add (next, g_object_ref (wanted));
        }
    }

  self->profiles = next;

  while (prefix < old->len && prefix < next->len &&
         old->pdata[prefix] == next->pdata[prefix] && !updated[prefix])
    prefix++;

  if (prefix == old->len && prefix == next->len)
    return;

  while (suffix < old->len - prefix && suffix < next->len - prefix &&
         old->pdata[old->len - 1 - suffix] == next->pdata[next->len - 1 - suffix] &&
         !updated[next->len - 1 - suffix])
    suffix++;

  items_changed (self, prefix, old->len - prefix - suffix, next->len - prefix - suffix);
}

static void
tether_profile_store_sync_changed_cb (TetherProfileStore *self,
                                      TetherProfileSync  *sync)
{
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GError) error = NULL;

  switch (tether_profile_sync_reload (sync, self->profiles, self->removed, &merged, &error))
    {
    case TETHER_PROFILE_SYNC_RELOAD_FAILED:
      set_error_message (self, error->message, TRUE);
      return;

    case TETHER_PROFILE_SYNC_RELOAD_ABSENT:
      return;

    case TETHER_PROFILE_SYNC_RELOAD_MERGED:
      _tether_profile_store_apply_target (self, merged);
      break;

    case TETHER_PROFILE_SYNC_RELOAD_SAME:
    default:
      break;
    }

  if (self->error_from_monitor)
    set_error_message (self, NULL, FALSE);
}

static GType
tether_profile_store_get_item_type (GListModel *model)
{
  return TETHER_TYPE_PROFILE;
}

static guint
tether_profile_store_get_n_items (GListModel *model)
{
  TetherProfileStore *self = TETHER_PROFILE_STORE (model);

  return self->profiles->len;
}

static gpointer
tether_profile_store_get_item (GListModel *model,
                               guint       position)
{
  TetherProfileStore *self = TETHER_PROFILE_STORE (model);

  if (position >= self->profiles->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tether_profile_store_get_item_type;
  iface->get_n_items = tether_profile_store_get_n_items;
  iface->get_item = tether_profile_store_get_item;
}

static void
tether_profile_store_dispose (GObject *object)
{
  TetherProfileStore *self = (TetherProfileStore *)object;

  /* Stops watching the file. */
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (tether_profile_store_parent_class)->dispose (object);
}

static void
tether_profile_store_finalize (GObject *object)
{
  TetherProfileStore *self = (TetherProfileStore *)object;

  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);
  g_free (self->error_message);

  G_OBJECT_CLASS (tether_profile_store_parent_class)->finalize (object);
}

static void
tether_profile_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TetherProfileStore *self = TETHER_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->sync != NULL ? tether_profile_sync_get_file (self->sync)
                                                    : NULL);
      break;
    case PROP_HAS_ERROR: g_value_set_boolean (value, self->error_message != NULL); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->profiles->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_profile_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TetherProfileStore *self = TETHER_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->sync = tether_profile_sync_new (g_value_get_object (value));
      g_signal_connect_object (self->sync, "changed",
                               G_CALLBACK (tether_profile_store_sync_changed_cb), self,
                               G_CONNECT_SWAPPED);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
tether_profile_store_class_init (TetherProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_profile_store_dispose;
  object_class->finalize = tether_profile_store_finalize;
  object_class->get_property = tether_profile_store_get_property;
  object_class->set_property = tether_profile_store_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_ERROR] = g_param_spec_boolean ("has-error", NULL, NULL, FALSE, RO_FLAGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_profile_store_init (TetherProfileStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->profiles, tether_profile_new_builtin ());
  self->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * tether_profile_store_new:
 * @file: the profiles file; it need not exist
 *
 * A store holding only the built-in profile; call tether_profile_store_load() to read @file.
 */
TetherProfileStore *
tether_profile_store_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (TETHER_TYPE_PROFILE_STORE, "file", file, NULL);
}

/**
 * tether_profile_store_new_default:
 * A store for `$XDG_CONFIG_HOME/tether/profiles.json`, not loaded yet.
 */
TetherProfileStore *
tether_profile_store_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "tether", "profiles.json",
                                            NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return tether_profile_store_new (file);
}

GFile *
tether_profile_store_get_file (TetherProfileStore *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), NULL);

  return tether_profile_sync_get_file (self->sync);
}

gboolean
tether_profile_store_get_has_error (TetherProfileStore *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);

  return self->error_message != NULL;
}

/**
 * tether_profile_store_get_error_message:
 * What is wrong with the profiles file, where a damaged one went and what Tether did about it;
 * NULL when nothing is wrong.
 */
const char *
tether_profile_store_get_error_message (TetherProfileStore *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), NULL);

  return self->error_message;
}


/**
 * tether_profile_store_load:
 *
 * Reads the file, replacing the model (changes not saved are dropped), and starts watching it. A
 * missing file is no error. A damaged file is moved aside, "error-message" says where and why,
 * the model holds only the built-in profile, and this returns %TRUE. Returns %FALSE, with @error
 * and "error-message" set, when the file cannot be read, cannot be moved aside, or was written by
 * a newer version; tether_profile_store_save() then refuses to overwrite it.
 */
gboolean
tether_profile_store_load (TetherProfileStore  *self,
                           GError             **error)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *notice = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);

  profiles = tether_profile_sync_load (self->sync, &notice, &local_error);
  if (profiles == NULL)
    {
      set_error_message (self, local_error->message, FALSE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_hash_table_remove_all (self->removed);
  _tether_profile_store_apply_target (self, profiles);
  set_error_message (self, notice, FALSE);

  return TRUE;
}

gboolean
_tether_profile_store_check_server (const char  *server,
                                    GError     **error)
{
  g_autoptr(TetherOptions) options = tether_options_parse (server, error);

  return options != NULL;
}

/* For the profiles changed here: names non-empty and unique, connection strings that parse. */
static gboolean
check_changes (TetherProfileStore  *self,
               GError             **error)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autoptr(GError) local_error = NULL;

      if (!tether_profile_sync_is_changed (self->sync, profile))
        continue;

      if (!tether_profile_store_check_name (self, tether_profile_get_name (profile), profile,
                                            &local_error) ||
          !_tether_profile_store_check_server (tether_profile_get_server (profile), &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Profile “%s” was not saved: "),
                                      tether_profile_get_name (profile));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * tether_profile_store_save:
 *
 * Writes the model to the file atomically; the file is private to the user (0600), and so is a
 * folder it creates (0700). If another program changed the file since it was read, its changes are
 * merged in first (see the top of tether-profile-sync.c; the model may change); a file damaged in
 * the meantime is moved aside first. Savers of the same file take turns through "NAME.lock".
 * Fails with %TETHER_ERROR_INVALID_OPTIONS or %TETHER_ERROR_INVALID_PROFILE when a profile changed
 * here is invalid, and with %TETHER_ERROR_PROFILES_FILE when the file cannot be read or written;
 * the file on disk is then unchanged.
 */
gboolean
tether_profile_store_save (TetherProfileStore  *self,
                           GError             **error)
{
  g_autoptr(GPtrArray) merged = NULL;
  g_autofree char *notice = NULL;
  gboolean saved;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);

  if (!check_changes (self, error))
    return FALSE;

  saved = tether_profile_sync_save (self->sync, self->profiles, self->removed, &merged, &notice,
                                    error);

  /* Even when writing failed: what was merged stays merged, a file set aside stays aside. */
  if (merged != NULL)
    _tether_profile_store_apply_target (self, merged);
  if (notice != NULL)
    set_error_message (self, notice, FALSE);
  if (saved)
    g_hash_table_remove_all (self->removed);

  return saved;
}

/**
 * tether_profile_store_find_by_id:
 * Returns: (transfer none) (nullable): the profile with @id
 */
TetherProfile *
tether_profile_store_find_by_id (TetherProfileStore *self,
                                 const char         *id)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return _tether_profile_store_find_in_array (self->profiles, id, NULL);
}

/**
 * tether_profile_store_find_by_name:
 * Compares names without case and surrounding spaces, as uniqueness does.
 * Returns: (transfer none) (nullable): the profile named @name
 */
TetherProfile *
tether_profile_store_find_by_name (TetherProfileStore *self,
                                   const char         *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  key = tether_profile_file_name_key (name);
  for (guint i = 0; i < self->profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autofree char *other = tether_profile_file_name_key (tether_profile_get_name (profile));

      if (g_str_equal (key, other))
        return profile;
    }

  return NULL;
}

/**
 * tether_profile_store_check_name:
 * @except: (nullable): the profile being renamed, which may keep its own name
 *
 * Whether @name can name a profile: not empty once trimmed, and no other profile has it (ignoring
 * case). For dialogs that flag a bad name as it is typed. Fails with %TETHER_ERROR_INVALID_PROFILE.
 */
gboolean
tether_profile_store_check_name (TetherProfileStore  *self,
                                 const char          *name,
                                 TetherProfile       *except,
                                 GError             **error)
{
  g_autofree char *trimmed = NULL;
  TetherProfile *other;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);

  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE,
                           _("A profile needs a name"));
      return FALSE;
    }

  other = tether_profile_store_find_by_name (self, trimmed);
  if (other != NULL && other != except)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE,
                   _("There is already a profile named “%s”"), tether_profile_get_name (other));
      return FALSE;
    }

  return TRUE;
}

/**
 * tether_profile_store_add:
 * @profile: a profile not in the store yet, usually from tether_profile_new()
 *
 * Appends @profile after checking it: its name (trimmed) must be free and its connection string
 * must parse (%TETHER_ERROR_INVALID_OPTIONS with the parser's message). Not saved yet.
 */
gboolean
tether_profile_store_add (TetherProfileStore  *self,
                          TetherProfile       *profile,
                          GError             **error)
{
  g_autofree char *trimmed = NULL;
  guint position;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), FALSE);

  if (_tether_profile_store_find_in_array (self->profiles, tether_profile_get_id (profile),
                                           NULL) != NULL)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE,
                   _("A profile with the id “%s” is already there"),
                   tether_profile_get_id (profile));
      return FALSE;
    }

  if (!tether_profile_store_check_name (self, tether_profile_get_name (profile), NULL, error) ||
      !_tether_profile_store_check_server (tether_profile_get_server (profile), error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (tether_profile_get_name (profile)));
  tether_profile_set_name (profile, trimmed);

  position = self->profiles->len;
  g_ptr_array_add (self->profiles, g_object_ref (profile));
  items_changed (self, position, 0, 1);

  return TRUE;
}

/**
 * tether_profile_store_update:
 * @name: (nullable): the new name, or NULL to keep it
 * @server: (nullable): the new connection string, or NULL to keep it
 * @description: (nullable): the new description, or NULL to keep it
 *
 * Edits @profile after checking the new values as tether_profile_store_add() does; on failure
 * nothing changes. Other settings have no rules: use the profile's setters. Not saved yet.
 */
gboolean
tether_profile_store_update (TetherProfileStore  *self,
                             TetherProfile       *profile,
                             const char          *name,
                             const char          *server,
                             const char          *description,
                             GError             **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), FALSE);

  if (_tether_profile_store_find_in_array (self->profiles, tether_profile_get_id (profile),
                                           NULL) != profile)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                   _("The profile “%s” is not in this list"), tether_profile_get_name (profile));
      return FALSE;
    }

  if (name != NULL && !tether_profile_store_check_name (self, name, profile, error))
    return FALSE;

  if (server != NULL && !_tether_profile_store_check_server (server, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (profile));
  if (name != NULL)
    {
      trimmed = g_strstrip (g_strdup (name));
      tether_profile_set_name (profile, trimmed);
    }
  if (server != NULL)
    tether_profile_set_server (profile, server);
  if (description != NULL)
    tether_profile_set_description (profile, description);
  g_object_thaw_notify (G_OBJECT (profile));

  return TRUE;
}

/**
 * tether_profile_store_remove:
 *
 * Removes the profile with @id (%TETHER_ERROR_NOT_FOUND if there is none). The built-in profile
 * cannot be removed (%TETHER_ERROR_INVALID_PROFILE). Not saved yet.
 */
gboolean
tether_profile_store_remove (TetherProfileStore  *self,
                             const char          *id,
                             GError             **error)
{
  TetherProfile *profile;
  guint position;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  profile = _tether_profile_store_find_in_array (self->profiles, id, &position);
  if (profile == NULL)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                   _("There is no profile with the id “%s”"), id);
      return FALSE;
    }

  if (tether_profile_get_is_builtin (profile))
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE,
                   _("“%s” is built in and cannot be removed; it can be edited or reset to its "
                     "defaults"), tether_profile_get_name (profile));
      return FALSE;
    }

  g_hash_table_add (self->removed, g_strdup (id));
  g_ptr_array_remove_index (self->profiles, position);
  items_changed (self, position, 1, 0);

  return TRUE;
}

/**
 * tether_profile_store_reset_builtin:
 *
 * Gives the built-in profile its default name, connection string, description and settings; its
 * times stay. Fails with %TETHER_ERROR_INVALID_PROFILE if another profile has the default name.
 * Not saved yet.
 */
gboolean
tether_profile_store_reset_builtin (TetherProfileStore  *self,
                                    GError             **error)
{
  g_autoptr(TetherProfile) defaults = tether_profile_new_builtin ();
  TetherProfile *builtin;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);

  builtin = g_ptr_array_index (self->profiles, 0);
  g_assert (tether_profile_get_is_builtin (builtin));

  if (!tether_profile_store_check_name (self, tether_profile_get_name (defaults), builtin, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (builtin));
  tether_profile_set_name (builtin, tether_profile_get_name (defaults));
  tether_profile_set_server (builtin, tether_profile_get_server (defaults));
  tether_profile_set_description (builtin, tether_profile_get_description (defaults));
  tether_profile_set_connect_at_startup (builtin, tether_profile_get_connect_at_startup (defaults));
  tether_profile_set_refresh_interval (builtin, tether_profile_get_refresh_interval (defaults));
  g_object_thaw_notify (G_OBJECT (builtin));

  return TRUE;
}
