/* tether-test-profile.c: what the profile store's tests share: a fixture folder, the files in it,
 * and a store on them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-test-profile.h"

#include <string.h>

#include <glib/gstdio.h>

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *counter)
{
  /* The model must already be in its new state, consistent with what the signal says. */
  g_assert_cmpuint (position + removed, <=, counter->n_items);
  g_assert_cmpuint (counter->n_items - removed + added, ==, g_list_model_get_n_items (model));

  counter->n_signals++;
  counter->n_items = g_list_model_get_n_items (model);
  counter->position = position;
  counter->removed = removed;
  counter->added = added;
}

void
watch_items (TetherProfileStore *store,
             ItemsChanged       *counter)
{
  memset (counter, 0, sizeof *counter);
  counter->n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), counter);
}

void
profile_fixture_set_up (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->root = g_dir_make_tmp ("tether-profile-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (f->root, "tether", NULL);
  f->path = g_build_filename (f->dir, "profiles.json", NULL);
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    remove_tree (child);

  g_file_delete (file, NULL, NULL);
}

void
profile_fixture_tear_down (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_new_for_path (f->root);

  g_chmod (f->dir, 0700);
  remove_tree (root);
  g_assert_false (g_file_test (f->root, G_FILE_TEST_EXISTS));
  g_free (f->root);
  g_free (f->dir);
  g_free (f->path);
}

void
write_file (const char *path,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

char *
checksum_file (const char *path)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  gssize n_read;

  g_assert_no_error (error);
  while ((n_read = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 1024 * 1024, NULL,
                                        &error)) > 0)
    g_checksum_update (checksum, buffer, n_read);
  g_assert_no_error (error);

  return g_strdup (g_checksum_get_string (checksum));
}

JsonObject *
read_json_object (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Names of the files next to profiles.json that were set aside, sorted. */
GPtrArray *
list_aside (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "profiles.json.corrupt-"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  return names;
}

TetherProfileStore *
new_store_for_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return tether_profile_store_new (file);
}

TetherProfileStore *
new_store (Fixture *f)
{
  return new_store_for_path (f->path);
}

TetherProfileStore *
load_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TetherProfileStore *store = new_store (f);

  g_assert_true (tether_profile_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

void
save_store (TetherProfileStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tether_profile_store_save (store, &error));
  g_assert_no_error (error);
}

TetherProfile *
add_profile (TetherProfileStore *store,
             const char         *name,
             const char         *server)
{
  g_autoptr(TetherProfile) profile = tether_profile_new (name, server);
  g_autoptr(GError) error = NULL;

  g_assert_true (tether_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  return profile; /* borrowed: the store holds it */
}

TetherProfile *
get_profile (TetherProfileStore *store,
             guint               position)
{
  g_autoptr(TetherProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), position);

  return profile; /* borrowed: the store holds it */
}

/* "This computer|Build box|…", for comparing the whole model at once. */
static char *
dup_names (TetherProfileStore *store)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      if (i > 0)
        g_string_append_c (names, '|');
      g_string_append (names, tether_profile_get_name (get_profile (store, i)));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

void
assert_names (TetherProfileStore *store,
              const char         *expected)
{
  g_autofree char *names = dup_names (store);

  g_assert_cmpstr (names, ==, expected);
}

void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack ? haystack : "(null)", needle);
}

gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @counter saw at least @n_signals items-changed, or fails. */
void
wait_for_items_changed (ItemsChanged *counter,
                        guint         n_signals)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (WAIT_TIMEOUT_MS, timed_out_cb, &timed_out);

  while (counter->n_signals < n_signals && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
}

void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Runs the main context for @ms milliseconds. */
void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
