/* tether-profile-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-options.h"
#include "tether-profile-store.h"

#define FORMAT_VERSION   1
#define KEY_VERSION      "version"
#define KEY_PROFILES     "profiles"
#define RELOAD_DELAY_MS  100
#define LOCK_ATTEMPTS    200
#define LOCK_WAIT_US     (10 * 1000)

/*
 * How changes made elsewhere are merged (on save, and when the file monitor fires):
 * "base" holds a private copy of every profile as the file last had it (read or written by us). A
 * profile of this store is "changed here" when it differs from its base copy or has none; "removed"
 * holds the ids removed here since the last save. Merging a newer file, by id:
 *   - changed here: this store's version wins;
 *   - removed here: stays removed, whatever the file says;
 *   - not changed here: the file's version wins, and it is dropped if the file no longer has it;
 *   - only in the file: added.
 * A profile changed here whose name now clashes with one from the file gets a " (2)" suffix.
 */
struct _TetherProfileStore
{
  GObject       parent_instance;

  GFile        *file;
  GPtrArray    *profiles;
  JsonObject   *extra;
  GHashTable   *base;
  GHashTable   *removed;
  char         *checksum;
  char         *error_message;
  gboolean      error_from_monitor;
  GFileMonitor *monitor;
  guint         reload_source;
};

typedef int SaveLock;

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

/* The parsed contents of a profiles file. */
typedef struct
{
  GPtrArray  *profiles;
  JsonObject *extra;
  char       *checksum;
} Document;

static void
document_free (Document *doc)
{
  g_clear_pointer (&doc->profiles, g_ptr_array_unref);
  g_clear_pointer (&doc->extra, json_object_unref);
  g_free (doc->checksum);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Document, document_free)

static Document *
document_new_empty (void)
{
  Document *doc = g_new0 (Document, 1);

  doc->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (doc->profiles, tether_profile_new_builtin ());
  return doc;
}

typedef enum
{
  READ_OK,
  READ_MISSING,
  READ_TOO_LARGE,
  READ_FAILED,
} ReadResult;

typedef enum
{
  PARSE_OK,
  PARSE_CORRUPT,
  PARSE_NEWER,
} ParseResult;

/* Reads at most TETHER_PROFILE_STORE_MAX_FILE_SIZE bytes of @file; @error is set on READ_FAILED. */
static ReadResult
read_file_capped (GFile   *file,
                  GBytes **out_bytes,
                  GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 chunk[16 * 1024];

  *out_bytes = NULL;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      /* NOT_DIRECTORY: a parent is a file, so there is no file here either. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
        return READ_MISSING;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return READ_FAILED;
    }

  /* Too large by its size alone: not even read. */
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return READ_FAILED;

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      g_file_info_get_size (info) > TETHER_PROFILE_STORE_MAX_FILE_SIZE)
    return READ_TOO_LARGE;

  buffer = g_byte_array_new ();
  for (;;)
    {
      gssize n_read = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk,
                                           NULL, error);

      if (n_read < 0)
        return READ_FAILED;
      if (n_read == 0)
        break;

      g_byte_array_append (buffer, chunk, n_read);
      if (buffer->len > TETHER_PROFILE_STORE_MAX_FILE_SIZE)
        return READ_TOO_LARGE;
    }

  *out_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return READ_OK;
}

static void
locate_offset (const char *data,
               const char *at,
               guint      *out_line,
               guint      *out_column)
{
  const char *line_start = data;
  guint line = 1;

  for (const char *p = data; p < at; p++)
    {
      if (*p == '\n')
        {
          line++;
          line_start = p + 1;
        }
    }

  *out_line = line;
  *out_column = g_utf8_strlen (line_start, at - line_start) + 1;
}

/* json-glib says "<data>:LINE:COLUMN: Parse error: WHAT"; people read "line L, column C: WHAT". */
static char *
describe_json_error (const GError *error)
{
  guint line = 0;
  guint column = 0;
  int consumed = 0;

  if (sscanf (error->message, "<data>:%u:%u: Parse error: %n", &line, &column, &consumed) == 2 &&
      consumed > 0)
    return g_strdup_printf (_("line %u, column %u: %s"), line, column, error->message + consumed);

  return g_strdup (error->message);
}

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return _("an object");
    case JSON_NODE_ARRAY: return _("an array");
    case JSON_NODE_NULL: return _("null");
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return _("a string");
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return _("true or false");
      return _("a number");
    }
}

static gboolean
corrupt (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
corrupt (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE, message);
  return FALSE;
}

static ParseResult
parse_document (GBytes    *bytes,
                gboolean   with_builtin,
                Document **out_doc,
                GError   **error)
{
  g_autoptr(Document) doc = g_new0 (Document, 1);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) ids = NULL;
  const char *data;
  const char *invalid_at = NULL;
  gsize size;
  JsonNode *root;
  JsonObject *object;
  JsonNode *version;
  JsonNode *profiles;
  GList *members;
  guint builtin_index = G_MAXUINT;

  data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE, _("the file is empty"));
      return PARSE_CORRUPT;
    }

  if (!g_utf8_validate (data, size, &invalid_at))
    {
      guint line, column;

      locate_offset (data, invalid_at, &line, &column);
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("line %u, column %u: the file is not valid UTF-8 text"), line, column);
      return PARSE_CORRUPT;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_autofree char *what = describe_json_error (local_error);

      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE, what);
      return PARSE_CORRUPT;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                           _("the file holds no JSON value"));
      return PARSE_CORRUPT;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      corrupt (error, _("the top level must be a JSON object, not %s"), describe_node (root));
      return PARSE_CORRUPT;
    }

  object = json_node_get_object (root);
  version = json_object_get_member (object, KEY_VERSION);
  if (version == NULL)
    {
      corrupt (error, _("“%s” is missing"), KEY_VERSION);
      return PARSE_CORRUPT;
    }
  if (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      corrupt (error, _("“%s” must be a whole number"), KEY_VERSION);
      return PARSE_CORRUPT;
    }
  if (json_node_get_int (version) > FORMAT_VERSION)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("it was written by a newer version of Tether (format %lld, this version "
                     "reads format %d)"), (long long)json_node_get_int (version), FORMAT_VERSION);
      return PARSE_NEWER;
    }
  if (json_node_get_int (version) < FORMAT_VERSION)
    {
      corrupt (error, _("“%s” %lld is not a known format"),
               KEY_VERSION, (long long)json_node_get_int (version));
      return PARSE_CORRUPT;
    }

  doc->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);

  profiles = json_object_get_member (object, KEY_PROFILES);
  if (profiles != NULL && !JSON_NODE_HOLDS_ARRAY (profiles))
    {
      corrupt (error, _("“%s” must be an array, not %s"), KEY_PROFILES, describe_node (profiles));
      return PARSE_CORRUPT;
    }

  if (profiles != NULL)
    {
      JsonArray *array = json_node_get_array (profiles);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GError) profile_error = NULL;
          TetherProfile *profile;
          const char *id;

          profile = tether_profile_new_from_json (json_array_get_element (array, i),
                                                  &profile_error);
          if (profile == NULL)
            {
              corrupt (error, _("profile %u: %s"), i + 1, profile_error->message);
              return PARSE_CORRUPT;
            }
          g_ptr_array_add (doc->profiles, profile);

          id = tether_profile_get_id (profile);
          if (!g_hash_table_add (ids, (gpointer)id))
            {
              corrupt (error, _("profile %u: the id “%s” is used twice"), i + 1, id);
              return PARSE_CORRUPT;
            }
          if (tether_profile_get_is_builtin (profile))
            builtin_index = i;
        }
    }

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, KEY_VERSION) || g_str_equal (l->data, KEY_PROFILES))
        continue;

      if (doc->extra == NULL)
        doc->extra = json_object_new ();
      json_object_set_member (doc->extra, l->data,
                              json_node_copy (json_object_get_member (object, l->data)));
    }
  g_list_free (members);

  if (with_builtin)
    {
      if (builtin_index == G_MAXUINT)
        g_ptr_array_insert (doc->profiles, 0, tether_profile_new_builtin ());
      else if (builtin_index != 0)
        g_ptr_array_insert (doc->profiles, 0,
                            g_ptr_array_steal_index (doc->profiles, builtin_index));
    }

  doc->checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  *out_doc = g_steal_pointer (&doc);
  return PARSE_OK;
}

static char *
serialize_profiles (GPtrArray  *profiles,
                    JsonObject *extra)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, KEY_VERSION);
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, KEY_PROFILES);
  json_builder_begin_array (builder);
  for (guint i = 0; i < profiles->len; i++)
    json_builder_add_value (builder, tether_profile_to_json (g_ptr_array_index (profiles, i)));
  json_builder_end_array (builder);

  if (extra != NULL)
    {
      GList *members = json_object_get_members (extra);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_value (builder,
                                  json_node_copy (json_object_get_member (extra, l->data)));
        }
      g_list_free (members);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

/* Renames @file to "NAME.corrupt-YYYYMMDD-HHMMSS[-N]" next to itself, never replacing a file. */
static GFile *
move_aside (GFile   *file,
            GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *basename = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);

  for (guint i = 1; i <= 100; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = NULL;
      g_autoptr(GFile) target = NULL;

      if (i == 1)
        name = g_strdup_printf ("%s.corrupt-%s", basename, stamp);
      else
        name = g_strdup_printf ("%s.corrupt-%s-%u", basename, stamp, i);
      target = g_file_get_child (parent, name);

      if (g_file_move (file, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error))
        return g_steal_pointer (&target);

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("there are already 100 set-aside copies from this second"));
  return NULL;
}

static char *
name_key (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *normalized = g_utf8_normalize (trimmed, -1, G_NORMALIZE_DEFAULT);

  return g_utf8_casefold (normalized != NULL ? normalized : trimmed, -1);
}

static TetherProfile *
profile_dup (TetherProfile *profile)
{
  TetherProfile *copy = g_object_new (TETHER_TYPE_PROFILE,
                                      "id", tether_profile_get_id (profile),
                                      NULL);

  tether_profile_copy_settings (copy, profile);
  return copy;
}

static TetherProfile *
find_in_array (GPtrArray  *profiles,
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

static gboolean
is_changed_here (TetherProfileStore *self,
                 TetherProfile      *profile)
{
  TetherProfile *base = g_hash_table_lookup (self->base, tether_profile_get_id (profile));

  return base == NULL || !tether_profile_equal (base, profile);
}

static void
set_base (TetherProfileStore *self,
          GPtrArray          *profiles)
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

static void
set_extra (TetherProfileStore *self,
           JsonObject         *extra)
{
  if (extra != NULL)
    json_object_ref (extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}

/*
 * Makes the model hold @target, in that order. A profile of @target whose id is already in the
 * model is copied into the existing object, so references to it held elsewhere stay live; one
 * items-changed covers the span between the unchanged head and tail.
 */
static void
apply_target (TetherProfileStore *self,
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
      TetherProfile *existing = find_in_array (old, tether_profile_get_id (wanted), NULL);

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

  g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                              old->len - prefix - suffix,
                              next->len - prefix - suffix);
  if (old->len != next->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static char *
unique_name (GHashTable *taken,
             const char *name)
{
  for (guint n = 2; ; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s (%u)", name, n);
      g_autofree char *key = name_key (candidate);

      if (!g_hash_table_contains (taken, key))
        return g_steal_pointer (&candidate);
    }
}

/* Merges @doc, a newer state of the file, into the model; see the rules at the top. */
static void
merge_document (TetherProfileStore *self,
                Document           *doc)
{
  g_autoptr(GPtrArray) target = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) changed_here = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (self->profiles, i);
      TetherProfile *theirs = find_in_array (doc->profiles, tether_profile_get_id (profile), NULL);
      gboolean changed = is_changed_here (self, profile);

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

      if (find_in_array (self->profiles, id, NULL) == NULL &&
          !g_hash_table_contains (self->removed, id))
        g_ptr_array_add (target, g_object_ref (theirs));
    }

  /* Names from the file keep their name; a profile changed here yields. */
  for (guint i = 0; i < target->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (target, i);

      if (!g_hash_table_contains (changed_here, profile))
        g_hash_table_add (taken, name_key (tether_profile_get_name (profile)));
    }
  for (guint i = 0; i < target->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (target, i);
      g_autofree char *key = NULL;

      if (!g_hash_table_contains (changed_here, profile))
        continue;

      key = name_key (tether_profile_get_name (profile));
      if (g_hash_table_contains (taken, key))
        {
          g_autofree char *renamed = unique_name (taken, tether_profile_get_name (profile));

          g_debug ("“%s” was also added by another program; renamed to “%s”",
                   tether_profile_get_name (profile), renamed);
          tether_profile_set_name (profile, renamed);
          g_hash_table_add (taken, name_key (renamed));
        }
      else
        {
          g_hash_table_add (taken, g_steal_pointer (&key));
        }
    }

  set_base (self, doc->profiles);
  set_extra (self, doc->extra);
  g_free (self->checksum);
  self->checksum = g_strdup (doc->checksum);

  apply_target (self, target);
}

/* Makes the model exactly @doc, dropping changes not saved. */
static void
replace_with_document (TetherProfileStore *self,
                       Document           *doc)
{
  g_hash_table_remove_all (self->removed);
  set_base (self, doc->profiles);
  set_extra (self, doc->extra);
  g_free (self->checksum);
  self->checksum = g_strdup (doc->checksum);

  apply_target (self, doc->profiles);
}

static void
mark_saved (TetherProfileStore *self,
            const char         *data)
{
  g_hash_table_remove_all (self->removed);
  set_base (self, self->profiles);
  g_free (self->checksum);
  self->checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
}

static char *
dup_display_path (GFile *file)
{
  return g_file_get_parse_name (file);
}

static void
reload_from_monitor (TetherProfileStore *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Document) doc = NULL;
  g_autofree char *path = dup_display_path (self->file);
  g_autofree char *message = NULL;
  g_autofree char *checksum = NULL;

  switch (read_file_capped (self->file, &bytes, &error))
    {
    case READ_FAILED:
      message = g_strdup_printf (_("The profiles file “%s” was changed by another program but "
                                   "could not be read again: %s. The profiles shown are the ones "
                                   "read before."),
                                 path, error->message);
      set_error_message (self, message, TRUE);
      return;

    case READ_TOO_LARGE:
      message = g_strdup_printf (_("The profiles file “%s” was changed by another program and is "
                                   "now larger than %d MiB. The profiles shown are the ones read "
                                   "before; the file will be set aside when Tether next saves."),
                                 path, TETHER_PROFILE_STORE_MAX_FILE_SIZE / (1024 * 1024));
      set_error_message (self, message, TRUE);
      return;

    case READ_MISSING:
      if (self->checksum == NULL)
        return;
      doc = document_new_empty ();
      break;

    case READ_OK:
    default:
      checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      if (g_strcmp0 (checksum, self->checksum) == 0)
        {
          /* Back to what was read last, e.g. an editor finished writing. */
          if (self->error_from_monitor)
            set_error_message (self, NULL, FALSE);
          return;
        }

      /* Not set aside here: another program may still be writing it. */
      if (parse_document (bytes, TRUE, &doc, &error) != PARSE_OK)
        {
          message = g_strdup_printf (_("The profiles file “%s” was changed by another program and "
                                       "can no longer be read: %s. The profiles shown are the ones "
                                       "read before."), path, error->message);
          set_error_message (self, message, TRUE);
          return;
        }
      break;
    }

  g_debug ("%s changed on disk; merging", path);
  merge_document (self, doc);
  if (self->error_from_monitor)
    set_error_message (self, NULL, FALSE);
}

static gboolean
tether_profile_store_reload_cb (gpointer user_data)
{
  TetherProfileStore *self = user_data;

  self->reload_source = 0;
  reload_from_monitor (self);
  return G_SOURCE_REMOVE;
}

static void
tether_profile_store_file_changed_cb (TetherProfileStore *self,
                                      GFile              *file,
                                      GFile              *other_file,
                                      GFileMonitorEvent   event,
                                      GFileMonitor       *monitor)
{
  g_autoptr(GSource) source = NULL;

  /* Several events come for one write; read once they settle. */
  g_clear_handle_id (&self->reload_source, g_source_remove);
  source = g_timeout_source_new (RELOAD_DELAY_MS);
  g_source_set_callback (source, tether_profile_store_reload_cb, self, NULL);
  g_source_set_static_name (source, "[tether] profiles reload");
  self->reload_source = g_source_attach (source, g_main_context_get_thread_default ());
}

static void
ensure_monitor (TetherProfileStore *self)
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
                           G_CALLBACK (tether_profile_store_file_changed_cb), self,
                           G_CONNECT_SWAPPED);
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

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  G_OBJECT_CLASS (tether_profile_store_parent_class)->dispose (object);
}

static void
tether_profile_store_finalize (GObject *object)
{
  TetherProfileStore *self = (TetherProfileStore *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  g_clear_pointer (&self->base, g_hash_table_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);
  g_free (self->checksum);
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
    case PROP_FILE: g_value_set_object (value, self->file); break;
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
    case PROP_FILE: self->file = g_value_dup_object (value); break;
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
  self->base = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  set_base (self, self->profiles);
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

  return self->file;
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
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Document) doc = NULL;
  g_autoptr(GFile) aside = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  g_autofree char *reason = NULL;
  ReadResult read_result;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);

  ensure_monitor (self);
  path = dup_display_path (self->file);
  read_result = read_file_capped (self->file, &bytes, &local_error);

  switch (read_result)
    {
    case READ_MISSING:
      doc = document_new_empty ();
      break;

    case READ_FAILED:
      message = g_strdup_printf (_("The profiles file “%s” could not be read: %s. Check that you "
                                   "can read it; Tether will not overwrite it."),
                                 path, local_error->message);
      set_error_message (self, message, FALSE);
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE, message);
      return FALSE;

    case READ_TOO_LARGE:
      reason = g_strdup_printf (_("it is larger than %d MiB"),
                                TETHER_PROFILE_STORE_MAX_FILE_SIZE / (1024 * 1024));
      break;

    case READ_OK:
    default:
      switch (parse_document (bytes, TRUE, &doc, &local_error))
        {
        case PARSE_OK:
          break;

        case PARSE_NEWER:
          message = g_strdup_printf (_("The profiles file “%s” cannot be used: %s. Tether will not "
                                       "change it; use the newer version of Tether."),
                                     path, local_error->message);
          set_error_message (self, message, FALSE);
          g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE, message);
          return FALSE;

        case PARSE_CORRUPT:
        default:
          reason = g_strdup (local_error->message);
          g_clear_error (&local_error);
          break;
        }
      break;
    }

  if (reason != NULL)
    {
      g_autofree char *aside_path = NULL;

      aside = move_aside (self->file, &local_error);
      if (aside == NULL)
        {
          message = g_strdup_printf (_("The profiles file “%s” is damaged (%s) and could not be "
                                       "moved aside: %s. Move or repair it; Tether will not "
                                       "overwrite it."),
                                     path, reason, local_error->message);
          set_error_message (self, message, FALSE);
          g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE, message);
          return FALSE;
        }

      aside_path = dup_display_path (aside);
      message = g_strdup_printf (_("The profiles file “%s” is damaged (%s). It was moved to “%s” "
                                   "and Tether started with only the built-in profile."),
                                 path, reason, aside_path);
      g_debug ("%s", message);
      doc = document_new_empty ();
    }

  replace_with_document (self, doc);
  set_error_message (self, message, FALSE);

  return TRUE;
}

static gboolean
check_server (const char  *server,
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

      if (!is_changed_here (self, profile))
        continue;

      if (!tether_profile_store_check_name (self, tether_profile_get_name (profile), profile,
                                            &local_error) ||
          !check_server (tether_profile_get_server (profile), &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Profile “%s” was not saved: "),
                                      tether_profile_get_name (profile));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
ensure_parent_directory (GFile   *file,
                         GError **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *parent_path = NULL;
  g_autoptr(GError) local_error = NULL;

  if (parent == NULL)
    return TRUE;

  parent_path = g_file_get_path (parent);
  if (parent_path != NULL)
    {
      if (g_mkdir_with_parents (parent_path, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("its folder could not be created: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  if (!g_file_make_directory_with_parents (parent, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_failed (GFile       *file,
              const char  *reason,
              GError     **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = dup_display_path (file);
  g_autofree char *parent_path = parent ? dup_display_path (parent) : g_strdup ("/");

  g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
               _("Could not save the profiles to “%s”: %s. Check that the folder “%s” exists and "
                 "that you can write to it; the file on disk was left unchanged."),
               path, reason, parent_path);
  return FALSE;
}

/* Serializes savers of the same file across processes; held for milliseconds, so wait briefly. */
static gboolean
lock_for_saving (GFile    *file,
                 int      *out_fd,
                 GError  **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *lock_path = NULL;
  int fd;

  *out_fd = -1;
  if (path == NULL)
    return TRUE;

  lock_path = g_strconcat (path, ".lock", NULL);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("its lock file could not be created: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  for (guint i = 0; flock (fd, LOCK_EX | LOCK_NB) != 0; i++)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;

      if (saved_errno != EWOULDBLOCK || i >= LOCK_ATTEMPTS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                       saved_errno == EWOULDBLOCK ? _("another program is saving it")
                                                  : _("it could not be locked: %s"),
                       g_strerror (saved_errno));
          close (fd);
          return FALSE;
        }

      g_usleep (LOCK_WAIT_US);
    }

  *out_fd = fd;
  return TRUE;
}

/*
 * A temporary file in the same folder renamed over the old one, never a write in place (which
 * g_file_replace_contents() falls back to when the folder is not writable). Through a symbolic
 * link, the file it points to is replaced, not the link.
 */
static gboolean
write_atomically (GFile       *file,
                  const char  *data,
                  GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *target = NULL;

  if (path == NULL)
    return g_file_replace_contents (file, data, strlen (data), NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                    NULL, NULL, error);

  target = realpath (path, NULL);
  return g_file_set_contents_full (target != NULL ? target : path, data, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static void
unlock_after_saving (int fd)
{
  if (fd >= 0)
    close (fd);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SaveLock, unlock_after_saving, -1)

/**
 * tether_profile_store_save:
 *
 * Writes the model to the file atomically; the file is private to the user (0600), and so is a
 * folder it creates (0700). If another program changed the file since it was read, its changes are
 * merged in first (see the top of tether-profile-store.c; the model may change); a file damaged in
 * the meantime is moved aside first. Savers of the same file take turns through "NAME.lock".
 * Fails with %TETHER_ERROR_INVALID_OPTIONS or %TETHER_ERROR_INVALID_PROFILE when a profile changed
 * here is invalid, and with %TETHER_ERROR_PROFILES_FILE when the file cannot be read or written;
 * the file on disk is then unchanged.
 */
gboolean
tether_profile_store_save (TetherProfileStore  *self,
                           GError             **error)
{
  g_auto(SaveLock) lock = -1;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Document) doc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *data = NULL;
  g_autofree char *reason = NULL;
  ReadResult read_result;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);

  if (!check_changes (self, error))
    return FALSE;

  path = dup_display_path (self->file);

  if (!ensure_parent_directory (self->file, &local_error) ||
      !lock_for_saving (self->file, &lock, &local_error))
    return write_failed (self->file, local_error->message, error);

  read_result = read_file_capped (self->file, &bytes, &local_error);
  if (read_result == READ_FAILED)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not save the profiles: the file “%s” could not be read first to keep "
                     "changes made by other programs: %s. Check that you can read it. Nothing was "
                     "written."), path, local_error->message);
      return FALSE;
    }

  if (read_result == READ_OK)
    checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  if (read_result == READ_TOO_LARGE)
    reason = g_strdup_printf (_("it is larger than %d MiB"),
                              TETHER_PROFILE_STORE_MAX_FILE_SIZE / (1024 * 1024));
  else if (read_result == READ_MISSING && self->checksum != NULL)
    doc = document_new_empty ();
  else if (read_result == READ_OK && g_strcmp0 (checksum, self->checksum) != 0)
    {
      switch (parse_document (bytes, TRUE, &doc, &local_error))
        {
        case PARSE_OK:
          break;

        case PARSE_NEWER:
          g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                       _("Could not save the profiles: “%s” cannot be used: %s. Nothing was "
                         "written; use the newer version of Tether."), path, local_error->message);
          return FALSE;

        case PARSE_CORRUPT:
        default:
          reason = g_strdup (local_error->message);
          g_clear_error (&local_error);
          break;
        }
    }

  if (doc != NULL)
    {
      g_debug ("%s was changed by another program; merging before saving", path);
      merge_document (self, doc);
    }

  if (reason != NULL)
    {
      /* Damaged since it was read: keep its bytes, then write what is in memory. */
      g_autoptr(GFile) aside = move_aside (self->file, &local_error);
      g_autofree char *aside_path = NULL;
      g_autofree char *message = NULL;

      if (aside == NULL)
        {
          g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                       _("Could not save the profiles: “%s” is damaged (%s) and could not be moved "
                         "aside: %s. Nothing was written."), path, reason, local_error->message);
          return FALSE;
        }

      aside_path = dup_display_path (aside);
      message = g_strdup_printf (_("The profiles file “%s” was damaged by another program (%s). "
                                   "It was moved to “%s” and the profiles shown were saved in its "
                                   "place."), path, reason, aside_path);
      g_debug ("%s", message);
      set_error_message (self, message, FALSE);
    }

  data = serialize_profiles (self->profiles, self->extra);

  /* The file already says exactly this: leave it (and its watchers) alone. */
  if (read_result == READ_OK && reason == NULL)
    {
      g_autofree char *new_checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);

      if (g_str_equal (new_checksum, checksum))
        {
          mark_saved (self, data);
          return TRUE;
        }
    }

  if (!write_atomically (self->file, data, &local_error))
    return write_failed (self->file, local_error->message, error);

  mark_saved (self, data);
  return TRUE;
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

  return find_in_array (self->profiles, id, NULL);
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

  key = name_key (name);
  for (guint i = 0; i < self->profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autofree char *other = name_key (tether_profile_get_name (profile));

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

  if (find_in_array (self->profiles, tether_profile_get_id (profile), NULL) != NULL)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE,
                   _("A profile with the id “%s” is already there"),
                   tether_profile_get_id (profile));
      return FALSE;
    }

  if (!tether_profile_store_check_name (self, tether_profile_get_name (profile), NULL, error) ||
      !check_server (tether_profile_get_server (profile), error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (tether_profile_get_name (profile)));
  tether_profile_set_name (profile, trimmed);

  position = self->profiles->len;
  g_ptr_array_add (self->profiles, g_object_ref (profile));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

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

  if (find_in_array (self->profiles, tether_profile_get_id (profile), NULL) != profile)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                   _("The profile “%s” is not in this list"), tether_profile_get_name (profile));
      return FALSE;
    }

  if (name != NULL && !tether_profile_store_check_name (self, name, profile, error))
    return FALSE;

  if (server != NULL && !check_server (server, error))
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

  profile = find_in_array (self->profiles, id, &position);
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
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

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
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Document) doc = NULL;
  g_autoptr(GPtrArray) target = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = dup_display_path (file);

  switch (read_file_capped (file, &bytes, &local_error))
    {
    case READ_MISSING:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                   _("Could not import “%s”: there is no such file"), path);
      return FALSE;

    case READ_FAILED:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not import “%s”: %s"), path, local_error->message);
      return FALSE;

    case READ_TOO_LARGE:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not import “%s”: it is larger than %d MiB, so it is not a profiles "
                     "file. Nothing was imported."),
                   path, TETHER_PROFILE_STORE_MAX_FILE_SIZE / (1024 * 1024));
      return FALSE;

    case READ_OK:
    default:
      break;
    }

  if (parse_document (bytes, FALSE, &doc, &local_error) != PARSE_OK)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not import “%s”: %s. Nothing was imported."),
                   path, local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < doc->profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (doc->profiles, i);
      g_autofree char *trimmed = g_strstrip (g_strdup (tether_profile_get_name (profile)));

      if (trimmed[0] == '\0')
        {
          g_set_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE,
                       _("Could not import “%s”: profile %u has no name. Nothing was imported."),
                       path, i + 1);
          return FALSE;
        }
      if (!check_server (tether_profile_get_server (profile), &local_error))
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
      g_hash_table_replace (names, name_key (tether_profile_get_name (profile)),
                            g_strdup (tether_profile_get_id (profile)));
    }

  for (guint i = 0; i < doc->profiles->len; i++)
    {
      TetherProfile *profile = g_ptr_array_index (doc->profiles, i);
      const char *id = tether_profile_get_id (profile);
      g_autofree char *key = NULL;
      guint position;
      TetherProfile *existing = find_in_array (target, id, &position);

      /* A profile being updated gives up its old name first. */
      if (existing != NULL)
        {
          g_autofree char *old_key = name_key (tether_profile_get_name (existing));

          if (g_strcmp0 (g_hash_table_lookup (names, old_key), id) == 0)
            g_hash_table_remove (names, old_key);
          g_ptr_array_index (target, position) = g_object_ref (profile);
          g_object_unref (existing);
        }
      else
        {
          g_ptr_array_add (target, g_object_ref (profile));
        }

      key = name_key (tether_profile_get_name (profile));
      if (g_hash_table_contains (names, key))
        {
          g_autofree char *renamed = unique_name (names, tether_profile_get_name (profile));

          tether_profile_set_name (profile, renamed);
          g_free (key);
          key = name_key (renamed);
        }

      g_hash_table_replace (names, g_steal_pointer (&key), g_strdup (id));
    }

  apply_target (self, target);

  if (n_imported != NULL)
    *n_imported = doc->profiles->len;

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
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;

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
          TetherProfile *profile = find_in_array (self->profiles, ids[i], NULL);

          if (profile == NULL)
            {
              g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                           _("There is no profile with the id “%s”"), ids[i]);
              return FALSE;
            }
          g_ptr_array_add (selected, profile);
        }
    }

  data = serialize_profiles (selected, NULL);
  if (!write_atomically (file, data, &local_error))
    {
      path = dup_display_path (file);
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not export the profiles to “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
