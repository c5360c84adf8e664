/* tether-profile-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-profile-file.h"
#include "tether-profile-store.h"

#define FORMAT_VERSION   1
#define KEY_VERSION      "version"
#define KEY_PROFILES     "profiles"
#define LOCK_ATTEMPTS    200
#define LOCK_WAIT_US     (10 * 1000)
#define MAX_SIZE_MIB     (TETHER_PROFILE_STORE_MAX_FILE_SIZE / (1024 * 1024))

/* Reads at most TETHER_PROFILE_STORE_MAX_FILE_SIZE bytes of @file; @error is set on FAILED. */
static TetherProfileFileRead
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
        return TETHER_PROFILE_FILE_MISSING;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return TETHER_PROFILE_FILE_FAILED;
    }

  /* Too large by its size alone: not even read. */
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return TETHER_PROFILE_FILE_FAILED;

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      g_file_info_get_size (info) > TETHER_PROFILE_STORE_MAX_FILE_SIZE)
    return TETHER_PROFILE_FILE_TOO_LARGE;

  buffer = g_byte_array_new ();
  for (;;)
    {
      gssize n_read = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk,
                                           NULL, error);

      if (n_read < 0)
        return TETHER_PROFILE_FILE_FAILED;
      if (n_read == 0)
        break;

      g_byte_array_append (buffer, chunk, n_read);
      if (buffer->len > TETHER_PROFILE_STORE_MAX_FILE_SIZE)
        return TETHER_PROFILE_FILE_TOO_LARGE;
    }

  *out_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TETHER_PROFILE_FILE_OK;
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
  /* json-glib quotes the token it choked on as it decoded it, and a lone surrogate escape
   * ("\ud800") decodes to bytes that are not UTF-8: the message must be text all the same. */
  g_autofree char *text = g_utf8_make_valid (error->message, -1);
  guint line = 0;
  guint column = 0;
  int consumed = 0;

  if (sscanf (text, "<data>:%u:%u: Parse error: %n", &line, &column, &consumed) == 2 &&
      consumed > 0)
    return g_strdup_printf (_("line %u, column %u: %s"), line, column, text + consumed);

  return g_steal_pointer (&text);
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

/* What json-glib reads but cannot be kept: it decodes an unpaired surrogate escape ("\ud800") into
 * bytes that are not UTF-8 (after the file itself passed g_utf8_validate()); and its writer adds
 * ".0" to every double printed without a decimal point, so that one too large for a double
 * ("1e999", read as infinity) becomes "inf.0", and 1e20 becomes "1e+20.0": neither is JSON.
 * Returns why @node cannot be kept, or NULL. */
#define NOT_TEXT _("it holds an unpaired surrogate escape (\\uD800 to \\uDFFF), which is not text")

static const char *
find_unstorable (JsonNode *node)
{
  const char *why = NULL;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (why == NULL && json_object_iter_next (&iter, &name, &member))
          why = g_utf8_validate (name, -1, NULL) ? find_unstorable (member) : NOT_TEXT;
        return why;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; why == NULL && i < json_array_get_length (array); i++)
          why = find_unstorable (json_array_get_element (array, i));
        return why;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return NOT_TEXT;
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          char text[G_ASCII_DTOSTR_BUF_SIZE];
          double value = json_node_get_double (node);

          g_ascii_dtostr (text, sizeof text, value);
          if (!isfinite (value) || (strchr (text, '.') == NULL && strpbrk (text, "eE") != NULL))
            return _("it holds a number that Tether could not save back as it is (a very large "
                     "or very small number)");
        }
      return NULL;

    case JSON_NODE_NULL:
    default:
      return NULL;
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

static TetherProfileFileRead
parse_document (GBytes                     *bytes,
                gboolean                    with_builtin,
                TetherProfileFileContents **out_doc,
                GError                    **error)
{
  g_autoptr(TetherProfileFileContents) doc = g_new0 (TetherProfileFileContents, 1);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) ids = NULL;
  const char *data;
  const char *invalid_at = NULL;
  const char *unstorable;
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
      return TETHER_PROFILE_FILE_CORRUPT;
    }

  if (!g_utf8_validate (data, size, &invalid_at))
    {
      guint line, column;

      locate_offset (data, invalid_at, &line, &column);
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("line %u, column %u: the file is not valid UTF-8 text"), line, column);
      return TETHER_PROFILE_FILE_CORRUPT;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_autofree char *what = describe_json_error (local_error);

      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE, what);
      return TETHER_PROFILE_FILE_CORRUPT;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                           _("the file holds no JSON value"));
      return TETHER_PROFILE_FILE_CORRUPT;
    }

  if ((unstorable = find_unstorable (root)) != NULL)
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE, unstorable);
      return TETHER_PROFILE_FILE_CORRUPT;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      corrupt (error, _("the top level must be a JSON object, not %s"), describe_node (root));
      return TETHER_PROFILE_FILE_CORRUPT;
    }

  object = json_node_get_object (root);
  version = json_object_get_member (object, KEY_VERSION);
  if (version == NULL)
    {
      corrupt (error, _("“%s” is missing"), KEY_VERSION);
      return TETHER_PROFILE_FILE_CORRUPT;
    }
  if (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      corrupt (error, _("“%s” must be a whole number"), KEY_VERSION);
      return TETHER_PROFILE_FILE_CORRUPT;
    }
  if (json_node_get_int (version) > FORMAT_VERSION)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("it was written by a newer version of Tether (format %lld, this version "
                     "reads format %d)"), (long long)json_node_get_int (version), FORMAT_VERSION);
      return TETHER_PROFILE_FILE_NEWER;
    }
  if (json_node_get_int (version) < FORMAT_VERSION)
    {
      corrupt (error, _("“%s” %lld is not a known format"),
               KEY_VERSION, (long long)json_node_get_int (version));
      return TETHER_PROFILE_FILE_CORRUPT;
    }

  doc->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);

  profiles = json_object_get_member (object, KEY_PROFILES);
  if (profiles != NULL && !JSON_NODE_HOLDS_ARRAY (profiles))
    {
      corrupt (error, _("“%s” must be an array, not %s"), KEY_PROFILES, describe_node (profiles));
      return TETHER_PROFILE_FILE_CORRUPT;
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
              return TETHER_PROFILE_FILE_CORRUPT;
            }
          g_ptr_array_add (doc->profiles, profile);

          id = tether_profile_get_id (profile);
          if (!g_hash_table_add (ids, (gpointer)id))
            {
              corrupt (error, _("profile %u: the id “%s” is used twice"), i + 1, id);
              return TETHER_PROFILE_FILE_CORRUPT;
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

  *out_doc = g_steal_pointer (&doc);
  return TETHER_PROFILE_FILE_OK;
}

/**
 * tether_profile_file_read:
 * @known_checksum: (nullable): the checksum of the bytes last read or written
 * @out_contents: (out): set on %TETHER_PROFILE_FILE_OK
 */
TetherProfileFileRead
tether_profile_file_read (GFile                      *file,
                          const char                 *known_checksum,
                          gboolean                    with_builtin,
                          TetherProfileFileContents **out_contents,
                          GError                    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *checksum = NULL;
  TetherProfileFileRead result;

  g_return_val_if_fail (G_IS_FILE (file), TETHER_PROFILE_FILE_FAILED);
  g_return_val_if_fail (out_contents != NULL, TETHER_PROFILE_FILE_FAILED);

  *out_contents = NULL;

  result = read_file_capped (file, &bytes, error);
  if (result == TETHER_PROFILE_FILE_TOO_LARGE)
    g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                 _("it is larger than %d MiB"), MAX_SIZE_MIB);
  if (result != TETHER_PROFILE_FILE_OK)
    return result;

  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (known_checksum != NULL && g_str_equal (checksum, known_checksum))
    return TETHER_PROFILE_FILE_SAME;

  result = parse_document (bytes, with_builtin, out_contents, error);
  if (result == TETHER_PROFILE_FILE_OK)
    (*out_contents)->checksum = g_steal_pointer (&checksum);

  return result;
}

/**
 * tether_profile_file_serialize:
 * @extra: (nullable): top-level members to keep
 * Returns: the text of a profiles file holding @profiles, pretty-printed
 */
char *
tether_profile_file_serialize (GPtrArray  *profiles,
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
GFile *
tether_profile_file_move_aside (GFile   *file,
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

/**
 * tether_profile_file_lock:
 * @out_lock: (out): the lock, for tether_profile_file_unlock() (g_auto() does it)
 *
 * Creates the folder of @file (0700) if need be and takes "NAME.lock", which serializes savers of
 * the same file across processes; it is held for milliseconds, so this waits briefly. A file with
 * no local path is not locked.
 */
gboolean
tether_profile_file_lock (GFile                  *file,
                          TetherProfileFileLock  *out_lock,
                          GError                **error)
{
  g_autofree char *path = NULL;
  g_autofree char *lock_path = NULL;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (out_lock != NULL, FALSE);

  *out_lock = -1;
  if (!ensure_parent_directory (file, error))
    return FALSE;

  path = g_file_get_path (file);
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

  *out_lock = fd;
  return TRUE;
}

void
tether_profile_file_unlock (TetherProfileFileLock lock)
{
  if (lock >= 0)
    close (lock);
}

/**
 * tether_profile_file_write:
 *
 * Writes @data to @file, private to the user (0600): a temporary file in the same folder renamed
 * over the old one, never a write in place (which g_file_replace_contents() falls back to when
 * the folder is not writable). Through a symbolic link, the file it points to is replaced, not
 * the link.
 */
gboolean
tether_profile_file_write (GFile       *file,
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

TetherProfileFileContents *
tether_profile_file_contents_new_empty (void)
{
  TetherProfileFileContents *contents = g_new0 (TetherProfileFileContents, 1);

  contents->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (contents->profiles, tether_profile_new_builtin ());
  return contents;
}

void
tether_profile_file_contents_free (TetherProfileFileContents *contents)
{
  if (contents == NULL)
    return;

  g_clear_pointer (&contents->profiles, g_ptr_array_unref);
  g_clear_pointer (&contents->extra, json_object_unref);
  g_free (contents->checksum);
  g_free (contents);
}

/**
 * tether_profile_file_import:
 * Reads @file, a file in the profiles format, e.g. from tether_profile_file_export(). Its
 * built-in profile, if any, stays where it is in the file.
 * Returns: (transfer container): the profiles it holds, or %NULL with @error set
 */
GPtrArray *
tether_profile_file_import (GFile   *file,
                            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TetherProfileFileContents) contents = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_parse_name (file);

  switch (tether_profile_file_read (file, NULL, FALSE, &contents, &local_error))
    {
    case TETHER_PROFILE_FILE_MISSING:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                   _("Could not import “%s”: there is no such file"), path);
      return NULL;

    case TETHER_PROFILE_FILE_FAILED:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not import “%s”: %s"), path, local_error->message);
      return NULL;

    case TETHER_PROFILE_FILE_TOO_LARGE:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not import “%s”: it is larger than %d MiB, so it is not a profiles "
                     "file. Nothing was imported."), path, MAX_SIZE_MIB);
      return NULL;

    case TETHER_PROFILE_FILE_CORRUPT:
    case TETHER_PROFILE_FILE_NEWER:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not import “%s”: %s. Nothing was imported."),
                   path, local_error->message);
      return NULL;

    case TETHER_PROFILE_FILE_OK:
    case TETHER_PROFILE_FILE_SAME:
    default:
      break;
    }

  return g_ptr_array_ref (contents->profiles);
}

/**
 * tether_profile_file_export:
 * Writes @profiles to @file in the profiles format, atomically and private to the user.
 */
gboolean
tether_profile_file_export (GFile      *file,
                            GPtrArray  *profiles,
                            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (profiles != NULL, FALSE);

  data = tether_profile_file_serialize (profiles, NULL);
  if (!tether_profile_file_write (file, data, &local_error))
    {
      g_autofree char *path = g_file_get_parse_name (file);

      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("Could not export the profiles to “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * tether_profile_file_name_key:
 * Returns: what @name is compared by: trimmed, normalized, case-folded
 */
char *
tether_profile_file_name_key (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *normalized = g_utf8_normalize (trimmed, -1, G_NORMALIZE_DEFAULT);

  return g_utf8_casefold (normalized != NULL ? normalized : trimmed, -1);
}

/**
 * tether_profile_file_unique_name:
 * @taken: name keys in use
 * Returns: "@name (N)", the first N from 2 whose key is not in @taken
 */
char *
tether_profile_file_unique_name (GHashTable *taken,
                                 const char *name)
{
  g_return_val_if_fail (taken != NULL, NULL);

  for (guint n = 2; ; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s (%u)", name, n);
      g_autofree char *key = tether_profile_file_name_key (candidate);

      if (!g_hash_table_contains (taken, key))
        return g_steal_pointer (&candidate);
    }
}
