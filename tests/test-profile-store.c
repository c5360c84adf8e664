/* test-profile-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tether-error.h"
#include "tether-options.h"
#include "tether-profile-file.h"
#include "tether-profile-store.h"

#define WAIT_TIMEOUT_MS 10000

/* Helpers */

typedef struct
{
  guint n_signals;
  guint n_items;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

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

static void
watch_items (TetherProfileStore *store,
             ItemsChanged       *counter)
{
  memset (counter, 0, sizeof *counter);
  counter->n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), counter);
}

/* Each test has its own folder; the profiles file is ROOT/tether/profiles.json. */
typedef struct
{
  char *root;
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
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

static void
fixture_tear_down (Fixture       *f,
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

static void
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

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

static char *
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

static JsonObject *
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
static GPtrArray *
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

static TetherProfileStore *
new_store_for_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return tether_profile_store_new (file);
}

static TetherProfileStore *
new_store (Fixture *f)
{
  return new_store_for_path (f->path);
}

static TetherProfileStore *
load_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TetherProfileStore *store = new_store (f);

  g_assert_true (tether_profile_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

static void
save_store (TetherProfileStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tether_profile_store_save (store, &error));
  g_assert_no_error (error);
}

static TetherProfile *
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

static TetherProfile *
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

static void
assert_names (TetherProfileStore *store,
              const char         *expected)
{
  g_autofree char *names = dup_names (store);

  g_assert_cmpstr (names, ==, expected);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack ? haystack : "(null)", needle);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @counter saw at least @n_signals items-changed, or fails. */
static void
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

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Runs the main context for @ms milliseconds. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Tests */

static void
test_store_default_path (Fixture       *f,
                         gconstpointer  data)
{
  TetherProfileStore *store = tether_profile_store_new_default ();
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "tether",
                                               "profiles.json", NULL);
  g_autofree char *path = g_file_get_path (tether_profile_store_get_file (store));

  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_finalize_object (store);
}

static void
test_store_missing_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_strdup (f->path);
  g_autofree char *dir = g_strdup (f->dir);
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) root = NULL;
  TetherProfileStore *store;
  TetherProfile *builtin;
  GStatBuf st;
  guint64 inode;

  store = load_store (f);
  g_assert_false (tether_profile_store_get_has_error (store));
  g_assert_null (tether_profile_store_get_error_message (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == TETHER_TYPE_PROFILE);
  builtin = get_profile (store, 0);
  g_assert_true (tether_profile_get_is_builtin (builtin));
  g_assert_cmpstr (tether_profile_get_server (builtin), ==, "local:");
  g_assert_true (tether_profile_store_find_by_id (store, TETHER_PROFILE_BUILTIN_ID) == builtin);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 1));

  /* Loading writes nothing. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  /* Saving creates a private folder and a private file. */
  save_store (store);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  root = read_json_object (path);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "profiles")), ==, 1);
  contents = read_file (path);
  g_assert_true (g_str_has_suffix (contents, "}\n"));

  /* Nothing changed: the file is not rewritten. */
  inode = st.st_ino;
  save_store (store);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_ino, ==, inode);

  /* A change is written to a new file renamed over the old one. */
  tether_profile_set_description (builtin, "changed");
  save_store (store);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_ino, !=, inode);

  g_assert_finalize_object (store);
}

static void
test_store_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  TetherProfileStore *store = load_store (f);
  TetherProfileStore *reloaded;
  TetherProfile *full;
  TetherProfile *plain;
  TetherProfile *builtin = get_profile (store, 0);
  g_autoptr(GError) error = NULL;

  full = add_profile (store, "Build box", "tcp:server=build.example.org,port=5005");
  tether_profile_set_description (full, "Nightly builds — “quoted” and ünïcode");
  tether_profile_set_connect_at_startup (full, TRUE);
  tether_profile_set_refresh_interval (full, 2500);
  tether_profile_set_created (full, 1700000000);
  tether_profile_set_last_connected (full, 1700001234);
  plain = add_profile (store, "Lab", "ssh:host=lab,user=me");
  g_assert_true (tether_profile_store_update (store, builtin, "My machine",
                                              "local:gdbserver=/opt/gdbserver", "Mine", &error));
  g_assert_no_error (error);
  save_store (store);

  reloaded = load_store (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (tether_profile_equal (get_profile (store, i), get_profile (reloaded, i)));

  full = tether_profile_store_find_by_id (reloaded, tether_profile_get_id (full));
  g_assert_nonnull (full);
  g_assert_cmpstr (tether_profile_get_name (full), ==, "Build box");
  g_assert_cmpstr (tether_profile_get_server (full), ==, "tcp:server=build.example.org,port=5005");
  g_assert_cmpstr (tether_profile_get_description (full), ==,
                   "Nightly builds — “quoted” and ünïcode");
  g_assert_true (tether_profile_get_connect_at_startup (full));
  g_assert_cmpuint (tether_profile_get_refresh_interval (full), ==, 2500);
  g_assert_cmpint (tether_profile_get_created (full), ==, 1700000000);
  g_assert_cmpint (tether_profile_get_last_connected (full), ==, 1700001234);
  g_assert_false (tether_profile_get_is_builtin (full));

  plain = tether_profile_store_find_by_id (reloaded, tether_profile_get_id (plain));
  g_assert_nonnull (plain);
  g_assert_false (tether_profile_get_connect_at_startup (plain));
  g_assert_cmpuint (tether_profile_get_refresh_interval (plain), ==, 0);

  /* The built-in profile's edits persist. */
  builtin = get_profile (reloaded, 0);
  g_assert_true (tether_profile_get_is_builtin (builtin));
  g_assert_cmpstr (tether_profile_get_name (builtin), ==, "My machine");
  g_assert_cmpstr (tether_profile_get_server (builtin), ==, "local:gdbserver=/opt/gdbserver");
  g_assert_cmpstr (tether_profile_get_description (builtin), ==, "Mine");

  g_assert_finalize_object (reloaded);
  g_assert_finalize_object (store);
}

static void
test_store_unknown_keys (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_strdup (f->path);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonNode) expected_window = json_from_string ("{\"width\": 800, \"maximized\": true}",
                                                          NULL);
  JsonArray *profiles;
  JsonObject *object;
  TetherProfileStore *store;

  write_file (path,
              "{\n"
              "  \"window\": {\"width\": 800, \"maximized\": true},\n"
              "  \"version\": 1,\n"
              "  \"profiles\": [\n"
              "    {\"id\": \"p1\", \"name\": \"Kept\", \"server\": \"local:\", \"color\": \"red\","
              "     \"tags\": [\"a\", \"b\"]},\n"
              "    {\"id\": \"local\", \"name\": \"Here\", \"server\": \"local:\", \"pin\": 1}\n"
              "  ],\n"
              "  \"favourite\": \"p1\"\n"
              "}\n", -1);

  store = load_store (f);
  g_assert_false (tether_profile_store_get_has_error (store));
  /* The built-in profile comes first even when the file lists it last. */
  assert_names (store, "Here|Kept");
  g_assert_true (tether_profile_get_is_builtin (get_profile (store, 0)));

  add_profile (store, "New", "local:");
  tether_profile_set_description (get_profile (store, 1), "edited");
  save_store (store);

  root = read_json_object (path);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_true (json_object_has_member (root, "window"));
  g_assert_true (json_node_equal (json_object_get_member (root, "window"), expected_window));
  g_assert_true (json_object_has_member (root, "favourite"));
  g_assert_cmpstr (json_object_get_string_member (root, "favourite"), ==, "p1");
  g_assert_cmpuint (json_object_get_size (root), ==, 4);

  profiles = json_object_get_array_member (root, "profiles");
  g_assert_cmpuint (json_array_get_length (profiles), ==, 3);
  object = json_array_get_object_element (profiles, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "local");
  g_assert_cmpint (json_object_get_int_member (object, "pin"), ==, 1);
  object = json_array_get_object_element (profiles, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "p1");
  g_assert_cmpstr (json_object_get_string_member (object, "description"), ==, "edited");
  g_assert_cmpstr (json_object_get_string_member (object, "color"), ==, "red");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tags")), ==, 2);

  g_assert_finalize_object (store);
}

typedef struct
{
  const char *name;
  const char *data;
  gssize      length;
  const char *reason;
} CorruptCase;

static void
check_set_aside (Fixture    *f,
                 const char *data,
                 gsize       length,
                 const char *reason)
{
  g_autofree char *path = g_strdup (f->path);
  g_autofree char *dir = g_strdup (f->dir);
  g_autofree char *before = NULL;
  g_autofree char *aside_path = NULL;
  g_autofree char *aside_sum = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfileStore *store;
  const char *message;
  guint n_has_error = 0;
  guint n_message = 0;

  write_file (path, data, length);
  before = checksum_file (path);

  store = new_store (f);
  g_signal_connect (store, "notify::has-error", G_CALLBACK (count_notify_cb), &n_has_error);
  g_signal_connect (store, "notify::error-message", G_CALLBACK (count_notify_cb), &n_message);
  g_assert_true (tether_profile_store_load (store, &error));
  g_assert_no_error (error);

  /* Tether carries on with the built-in profile, and says what happened. */
  assert_names (store, "This computer");
  g_assert_true (tether_profile_store_get_has_error (store));
  g_assert_cmpuint (n_has_error, ==, 1);
  g_assert_cmpuint (n_message, ==, 1);
  message = tether_profile_store_get_error_message (store);
  g_test_message ("%s", message);

  /* The file went aside, byte for byte. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  aside = list_aside (dir);
  g_assert_cmpuint (aside->len, ==, 1);
  aside_path = g_build_filename (dir, aside->pdata[0], NULL);
  aside_sum = checksum_file (aside_path);
  g_assert_cmpstr (aside_sum, ==, before);
  g_assert_true (g_regex_match_simple ("^profiles\\.json\\.corrupt-[0-9]{8}-[0-9]{6}$",
                                       aside->pdata[0], 0, 0));

  assert_contains (message, path);
  assert_contains (message, aside_path);
  assert_contains (message, reason);

  /* Saving writes a fresh file and leaves the damaged one alone. */
  add_profile (store, "After", "local:");
  save_store (store);
  g_clear_pointer (&aside_sum, g_free);
  aside_sum = checksum_file (aside_path);
  g_assert_cmpstr (aside_sum, ==, before);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* The message stays until the next load, for the user to read. */
  g_assert_true (tether_profile_store_get_has_error (store));
  g_assert_cmpuint (n_has_error, ==, 1);
  g_assert_finalize_object (store);

  store = load_store (f);
  g_assert_false (tether_profile_store_get_has_error (store));
  assert_names (store, "This computer|After");
  g_assert_finalize_object (store);
}

static void
test_store_corrupt (Fixture       *f,
                    gconstpointer  data)
{
  const CorruptCase *c = data;

  check_set_aside (f, c->data, c->length < 0 ? strlen (c->data) : (gsize)c->length, c->reason);
}

static void
test_store_corrupt_huge (Fixture       *f,
                         gconstpointer  data)
{
  gsize size = 50 * 1024 * 1024;
  g_autofree char *huge = g_malloc (size);

  /* Valid JSON, only far too big: the size alone condemns it, it is not read. */
  memset (huge, ' ', size);
  memcpy (huge, "{\"version\": 1, \"profiles\": []", 29);
  huge[size - 2] = '}';
  huge[size - 1] = '\n';

  check_set_aside (f, huge, size, "larger than 8 MiB");
}

static void
test_store_corrupt_never_overwrites_aside (Fixture       *f,
                                           gconstpointer  data)
{
  g_autofree char *path = g_strdup (f->path);
  g_autofree char *dir = g_strdup (f->dir);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  TetherProfileStore *store;
  guint n_new = 0;

  /* Aside files for every second around now already exist. */
  for (int delta = -2; delta <= 5; delta++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_seconds (now, delta);
      g_autofree char *stamp = g_date_time_format (when, "%Y%m%d-%H%M%S");
      g_autofree char *name = g_strdup_printf ("%s.corrupt-%s", path, stamp);

      write_file (name, stamp, -1);
    }
  before = list_aside (dir);

  write_file (path, "{\"version\": 1, \"profiles\": [", -1);
  store = load_store (f);
  g_assert_true (tether_profile_store_get_has_error (store));

  after = list_aside (dir);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    {
      g_autofree char *aside_path = g_build_filename (dir, after->pdata[i], NULL);
      g_autofree char *contents = read_file (aside_path);

      if (g_str_has_suffix (after->pdata[i], "-2"))
        {
          g_assert_cmpstr (contents, ==, "{\"version\": 1, \"profiles\": [");
          assert_contains (tether_profile_store_get_error_message (store), aside_path);
          n_new++;
        }
      else
        {
          /* Each old one still holds its own timestamp. */
          g_assert_true (g_str_has_suffix (after->pdata[i], contents));
        }
    }
  g_assert_cmpuint (n_new, ==, 1);

  g_assert_finalize_object (store);
}

static void
test_store_corrupt_before_save (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = g_strdup (f->path);
  g_autofree char *dir = g_strdup (f->dir);
  g_autofree char *aside_path = NULL;
  g_autofree char *aside_contents = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  TetherProfileStore *store = load_store (f);

  add_profile (store, "Mine", "local:");
  save_store (store);

  /* Another program damages the file; this store saves over it, but only after moving it aside. */
  write_file (path, "{\"version\": 1, \"profiles\": [{\"id\": tru", -1);
  add_profile (store, "Also mine", "local:");
  save_store (store);

  aside = list_aside (dir);
  g_assert_cmpuint (aside->len, ==, 1);
  aside_path = g_build_filename (dir, aside->pdata[0], NULL);
  aside_contents = read_file (aside_path);
  g_assert_cmpstr (aside_contents, ==, "{\"version\": 1, \"profiles\": [{\"id\": tru");
  g_assert_true (tether_profile_store_get_has_error (store));
  assert_contains (tether_profile_store_get_error_message (store), aside_path);
  assert_names (store, "This computer|Mine|Also mine");
  g_assert_finalize_object (store);

  store = load_store (f);
  assert_names (store, "This computer|Mine|Also mine");
  g_assert_finalize_object (store);
}

static void
test_store_newer_version (Fixture       *f,
                          gconstpointer  data)
{
  const char *text = "{\"version\": 2, \"profiles\": {\"new\": \"shape\"}}";
  g_autofree char *path = g_strdup (f->path);
  g_autofree char *dir = g_strdup (f->dir);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfileStore *store;

  write_file (path, text, -1);
  store = new_store (f);
  g_assert_false (tether_profile_store_load (store, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE);
  assert_contains (error->message, "newer version");
  g_assert_true (tether_profile_store_get_has_error (store));
  g_clear_error (&error);

  /* Neither set aside nor overwritten. */
  add_profile (store, "X", "local:");
  g_assert_false (tether_profile_store_save (store, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, text);
  aside = list_aside (dir);
  g_assert_cmpuint (aside->len, ==, 0);

  g_assert_finalize_object (store);
}

static void
test_store_unreadable (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_strdup (f->path);
  g_autoptr(GError) error = NULL;
  TetherProfileStore *store;

  /* profiles.json is a folder: not a damaged file to set aside, and not to be replaced. */
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  store = new_store (f);
  g_assert_false (tether_profile_store_load (store, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE);
  assert_contains (error->message, path);
  g_assert_true (tether_profile_store_get_has_error (store));
  g_clear_error (&error);

  add_profile (store, "X", "local:");
  g_assert_false (tether_profile_store_save (store, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE);
  assert_contains (error->message, "Nothing was written");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));

  g_assert_finalize_object (store);
}

static void
test_store_unwritable_parent_is_file (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->root, "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "tether", "profiles.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfileStore *store;

  /* Works as root too: no one can create a folder inside a regular file. */
  write_file (blocker, "not a folder", -1);
  store = new_store_for_path (path);
  g_assert_true (tether_profile_store_load (store, &error));
  g_assert_no_error (error);

  add_profile (store, "X", "local:");
  g_assert_false (tether_profile_store_save (store, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE);
  g_test_message ("%s", error->message);
  assert_contains (error->message, path);
  assert_contains (error->message, "folder could not be created: ");
  assert_contains (error->message, "Check that the folder");

  contents = read_file (blocker);
  g_assert_cmpstr (contents, ==, "not a folder");
  /* The model keeps the change, to be saved once the folder is fixed. */
  assert_names (store, "This computer|X");

  g_assert_finalize_object (store);
}

static void
test_store_unwritable_read_only_dir (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *path = g_strdup (f->path);
  g_autofree char *dir = g_strdup (f->dir);
  g_autofree char *probe = g_build_filename (dir, "probe", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfileStore *store = load_store (f);
  int fd;

  add_profile (store, "Old", "local:");
  save_store (store);
  before = checksum_file (path);

  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  fd = g_open (probe, O_CREAT | O_WRONLY, 0600);
  if (fd >= 0)
    {
      close (fd);
      g_unlink (probe);
      g_chmod (dir, 0700);
      g_assert_finalize_object (store);
      g_test_skip ("a read-only folder is still writable for this user (root or CAP_DAC_OVERRIDE); "
                   "/profile-store/unwritable/parent-is-file covers the error");
      return;
    }

  add_profile (store, "New", "local:");
  g_assert_false (tether_profile_store_save (store, &error));
  g_chmod (dir, 0700);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE);
  g_test_message ("%s", error->message);
  assert_contains (error->message, path);
  assert_contains (error->message, "left unchanged");

  after = checksum_file (path);
  g_assert_cmpstr (after, ==, before);

  g_assert_finalize_object (store);
}

static void
test_store_concurrent_writers (Fixture       *f,
                               gconstpointer  data)
{
  TetherProfileStore *setup = load_store (f);
  TetherProfileStore *a;
  TetherProfileStore *b;
  TetherProfileStore *check;
  ItemsChanged b_changes;
  g_autofree char *alpha = NULL;
  g_autofree char *beta = NULL;
  g_autofree char *gamma = NULL;
  g_autofree char *delta = NULL;
  g_autofree char *epsilon = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfile *profile;

  alpha = g_strdup (tether_profile_get_id (add_profile (setup, "Alpha", "local:")));
  beta = g_strdup (tether_profile_get_id (add_profile (setup, "Beta", "local:")));
  gamma = g_strdup (tether_profile_get_id (add_profile (setup, "Gamma", "local:")));
  delta = g_strdup (tether_profile_get_id (add_profile (setup, "Delta", "local:")));
  epsilon = g_strdup (tether_profile_get_id (add_profile (setup, "Epsilon", "local:")));
  save_store (setup);
  g_assert_finalize_object (setup);

  /* Two programs read the same file. */
  a = load_store (f);
  b = load_store (f);

  /* A: adds, renames Alpha, edits Beta, removes Gamma and Delta, and saves first. */
  from_a = g_strdup (tether_profile_get_id (add_profile (a, "From A", "local:")));
  g_assert_true (tether_profile_store_update (a, tether_profile_store_find_by_id (a, alpha),
                                              "Alpha by A", NULL, NULL, &error));
  g_assert_no_error (error);
  tether_profile_set_description (tether_profile_store_find_by_id (a, beta), "A's Beta");
  g_assert_true (tether_profile_store_remove (a, gamma, &error));
  g_assert_true (tether_profile_store_remove (a, delta, &error));
  g_assert_no_error (error);
  save_store (a);

  /* B, which read the file before A saved: adds, edits Beta and Delta, removes Epsilon. */
  watch_items (b, &b_changes);
  from_b = g_strdup (tether_profile_get_id (add_profile (b, "From B", "local:")));
  tether_profile_set_description (tether_profile_store_find_by_id (b, beta), "B's Beta");
  tether_profile_set_description (tether_profile_store_find_by_id (b, delta), "B kept Delta");
  g_assert_true (tether_profile_store_remove (b, epsilon, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (b_changes.n_signals, ==, 2);
  save_store (b);

  /* B merged A's changes into its model before writing. */
  g_assert_cmpuint (b_changes.n_signals, >=, 3);
  assert_names (b, "This computer|Alpha by A|Beta|Delta|From B|From A");

  check = load_store (f);
  assert_names (check, "This computer|Alpha by A|Beta|Delta|From B|From A");
  g_assert_nonnull (tether_profile_store_find_by_id (check, from_a));
  g_assert_nonnull (tether_profile_store_find_by_id (check, from_b));
  /* Removed by A and untouched by B: stays removed. */
  g_assert_null (tether_profile_store_find_by_id (check, gamma));
  /* Removed by B, still in the file A wrote: B's removal holds. */
  g_assert_null (tether_profile_store_find_by_id (check, epsilon));
  /* Removed by A but changed by B: B's change survives. */
  profile = tether_profile_store_find_by_id (check, delta);
  g_assert_nonnull (profile);
  g_assert_cmpstr (tether_profile_get_description (profile), ==, "B kept Delta");
  /* Changed by both: the later writer's own change wins. */
  profile = tether_profile_store_find_by_id (check, beta);
  g_assert_cmpstr (tether_profile_get_description (profile), ==, "B's Beta");
  /* Changed by A only: A's change survives B's save. */
  profile = tether_profile_store_find_by_id (check, alpha);
  g_assert_cmpstr (tether_profile_get_name (profile), ==, "Alpha by A");

  g_assert_finalize_object (check);
  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
}

static void
test_store_concurrent_same_name (Fixture       *f,
                                 gconstpointer  data)
{
  TetherProfileStore *a = load_store (f);
  TetherProfileStore *b = load_store (f);
  TetherProfileStore *check;

  add_profile (a, "Build box", "tcp:server=a,port=1");
  add_profile (b, "build box", "tcp:server=b,port=2");
  save_store (a);
  save_store (b);

  /* Both survive; the one saved second yields its name. */
  check = load_store (f);
  assert_names (check, "This computer|build box (2)|Build box");
  assert_names (b, "This computer|build box (2)|Build box");

  g_assert_finalize_object (check);
  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
}

static void
test_store_monitor (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_strdup (f->path);
  TetherProfileStore *setup = load_store (f);
  TetherProfileStore *app;
  TetherProfileStore *cli;
  TetherProfile *app_alpha;
  TetherProfile *app_beta;
  ItemsChanged changes;
  g_autofree char *alpha = NULL;
  g_autofree char *beta = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  alpha = g_strdup (tether_profile_get_id (add_profile (setup, "Alpha", "local:")));
  beta = g_strdup (tether_profile_get_id (add_profile (setup, "Beta", "local:")));
  save_store (setup);
  g_assert_finalize_object (setup);

  app = load_store (f);
  watch_items (app, &changes);
  app_alpha = tether_profile_store_find_by_id (app, alpha);
  app_beta = tether_profile_store_find_by_id (app, beta);
  /* A change in the app not saved yet. */
  tether_profile_set_description (app_beta, "unsaved in the app");

  /* Another program (tether-cli) adds a profile and renames Alpha. */
  cli = load_store (f);
  add_profile (cli, "From the CLI", "local:");
  tether_profile_set_name (tether_profile_store_find_by_id (cli, alpha), "Alpha renamed");
  save_store (cli);

  wait_for_items_changed (&changes, 1);
  run_for (300);
  assert_names (app, "This computer|Alpha renamed|Beta|From the CLI");
  /* One signal over the span that changed: Alpha updated, "From the CLI" added. */
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 2);
  g_assert_cmpuint (changes.added, ==, 3);
  /* The same objects, updated in place, and the app's own change kept. */
  g_assert_true (tether_profile_store_find_by_id (app, alpha) == app_alpha);
  g_assert_cmpstr (tether_profile_get_description (app_beta), ==, "unsaved in the app");
  g_assert_false (tether_profile_store_get_has_error (app));

  /* The CLI removes it again. */
  g_assert_true (tether_profile_store_remove (cli, tether_profile_get_id (get_profile (cli, 3)),
                                              &error));
  g_assert_no_error (error);
  save_store (cli);
  changes.n_signals = 0;
  wait_for_items_changed (&changes, 1);
  assert_names (app, "This computer|Alpha renamed|Beta");
  g_assert_cmpuint (changes.position, ==, 3);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);

  /* An editor half-writes the file: the app keeps its profiles and says so, without moving it. */
  text = read_file (path);
  write_file (path, text, strlen (text) / 2);
  {
    gboolean timed_out = FALSE;
    guint timeout_id = g_timeout_add (WAIT_TIMEOUT_MS, timed_out_cb, &timed_out);

    while (!tether_profile_store_get_has_error (app) && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    if (!timed_out)
      g_source_remove (timeout_id);
    g_assert_false (timed_out);
  }
  assert_contains (tether_profile_store_get_error_message (app), "can no longer be read");
  assert_names (app, "This computer|Alpha renamed|Beta");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The editor finishes: the error goes away. */
  write_file (path, text, -1);
  {
    gboolean timed_out = FALSE;
    guint timeout_id = g_timeout_add (WAIT_TIMEOUT_MS, timed_out_cb, &timed_out);

    while (tether_profile_store_get_has_error (app) && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    if (!timed_out)
      g_source_remove (timeout_id);
    g_assert_false (timed_out);
  }
  assert_names (app, "This computer|Alpha renamed|Beta");

  g_assert_finalize_object (cli);
  g_assert_finalize_object (app);
}

static void
test_store_items_changed (Fixture       *f,
                          gconstpointer  data)
{
  TetherProfileStore *store = load_store (f);
  g_autoptr(GError) error = NULL;
  ItemsChanged changes;
  TetherProfile *first;
  guint n_items_notify = 0;
  guint n_items = 0;

  watch_items (store, &changes);
  g_signal_connect (store, "notify::n-items", G_CALLBACK (count_notify_cb), &n_items_notify);

  first = add_profile (store, "One", "local:");
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);

  add_profile (store, "Two", "local:");
  g_assert_cmpuint (changes.n_signals, ==, 2);
  g_assert_cmpuint (changes.position, ==, 2);

  g_assert_true (tether_profile_store_remove (store, tether_profile_get_id (first), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.n_signals, ==, 3);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (n_items_notify, ==, 3);
  g_object_get (store, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 2);

  /* Failures and saves do not touch the model. */
  g_assert_false (tether_profile_store_remove (store, TETHER_PROFILE_BUILTIN_ID, NULL));
  g_assert_false (tether_profile_store_remove (store, "no-such-id", &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND);
  save_store (store);
  g_assert_cmpuint (changes.n_signals, ==, 3);
  g_assert_cmpuint (n_items_notify, ==, 3);

  g_assert_finalize_object (store);
}

static void
test_store_builtin (Fixture       *f,
                    gconstpointer  data)
{
  TetherProfileStore *store = load_store (f);
  TetherProfile *builtin = get_profile (store, 0);
  g_autoptr(GError) error = NULL;

  g_assert_false (tether_profile_store_remove (store, TETHER_PROFILE_BUILTIN_ID, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE);
  assert_contains (error->message, "cannot be removed");
  g_clear_error (&error);
  g_assert_true (get_profile (store, 0) == builtin);

  g_assert_true (tether_profile_store_update (store, builtin, "Workstation",
                                              "local:gdbserver=/opt/gdbserver", "edited", &error));
  g_assert_no_error (error);
  tether_profile_set_connect_at_startup (builtin, TRUE);
  tether_profile_set_refresh_interval (builtin, 100);
  save_store (store);
  g_assert_finalize_object (store);

  store = load_store (f);
  builtin = get_profile (store, 0);
  g_assert_true (tether_profile_get_is_builtin (builtin));
  g_assert_cmpstr (tether_profile_get_name (builtin), ==, "Workstation");
  g_assert_cmpstr (tether_profile_get_server (builtin), ==, "local:gdbserver=/opt/gdbserver");
  g_assert_true (tether_profile_get_connect_at_startup (builtin));

  /* The default name is taken by another profile: reset refuses. */
  add_profile (store, "This computer", "local:");
  g_assert_false (tether_profile_store_reset_builtin (store, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE);
  g_clear_error (&error);
  g_assert_true (tether_profile_store_remove (store,
                                              tether_profile_get_id (get_profile (store, 1)),
                                              &error));

  g_assert_true (tether_profile_store_reset_builtin (store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tether_profile_get_name (builtin), ==, "This computer");
  g_assert_cmpstr (tether_profile_get_server (builtin), ==, "local:");
  g_assert_cmpstr (tether_profile_get_description (builtin), ==, "");
  g_assert_false (tether_profile_get_connect_at_startup (builtin));
  g_assert_cmpuint (tether_profile_get_refresh_interval (builtin), ==, 0);
  save_store (store);
  g_assert_finalize_object (store);

  store = load_store (f);
  builtin = get_profile (store, 0);
  g_assert_cmpstr (tether_profile_get_name (builtin), ==, "This computer");
  g_assert_cmpstr (tether_profile_get_server (builtin), ==, "local:");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_finalize_object (store);
}

static void
test_store_validation (Fixture       *f,
                       gconstpointer  data)
{
  TetherProfileStore *store = load_store (f);
  g_autofree char *path = g_strdup (f->path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(TetherProfile) bad_server = tether_profile_new ("Bad", "tcp:server=host");
  g_autoptr(TetherProfile) no_name = tether_profile_new ("   ", "local:");
  g_autoptr(TetherProfile) same_name = tether_profile_new (" build BOX ", "local:");
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(GError) parser_error = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfile *build;
  TetherProfile *lab;
  ItemsChanged changes;

  build = add_profile (store, "Build box", "tcp:server=build,port=5005");
  /* Stored trimmed. */
  lab = add_profile (store, "  Lab  ", "ssh:host=lab");
  g_assert_cmpstr (tether_profile_get_name (lab), ==, "Lab");
  watch_items (store, &changes);

  /* A connection string that does not parse: the parser's own message. */
  options = tether_options_parse ("tcp:server=host", &parser_error);
  g_assert_null (options);
  g_assert_false (tether_profile_store_add (store, bad_server, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_OPTIONS);
  g_assert_cmpstr (error->message, ==, parser_error->message);
  g_clear_error (&error);

  g_assert_false (tether_profile_store_add (store, no_name, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE);
  g_clear_error (&error);

  /* Unique ignoring case and surrounding spaces. */
  g_assert_false (tether_profile_store_add (store, same_name, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE);
  assert_contains (error->message, "“Build box”");
  g_clear_error (&error);
  g_assert_true (tether_profile_store_find_by_name (store, "  BUILD box") == build);
  g_assert_null (tether_profile_store_find_by_name (store, "Build"));

  /* The same profile twice. */
  g_assert_false (tether_profile_store_add (store, build, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE);
  g_clear_error (&error);
  g_assert_cmpuint (changes.n_signals, ==, 0);

  /* An edit that fails changes nothing, not even its valid parts. */
  g_assert_false (tether_profile_store_update (store, lab, "build box", "local:", "new", &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE);
  g_clear_error (&error);
  g_assert_false (tether_profile_store_update (store, lab, "Lab 2", "ssh:", "new", &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_OPTIONS);
  g_clear_error (&error);
  g_assert_cmpstr (tether_profile_get_name (lab), ==, "Lab");
  g_assert_cmpstr (tether_profile_get_server (lab), ==, "ssh:host=lab");
  g_assert_cmpstr (tether_profile_get_description (lab), ==, "");

  /* Its own name in another case is fine. */
  g_assert_true (tether_profile_store_update (store, lab, "LAB", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tether_profile_get_name (lab), ==, "LAB");

  /* Bad values set straight on a profile are caught when saving, and nothing is written. */
  save_store (store);
  before = checksum_file (path);
  tether_profile_set_name (lab, "BUILD BOX");
  g_assert_false (tether_profile_store_save (store, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_PROFILE);
  g_clear_error (&error);
  tether_profile_set_name (lab, "Lab");
  tether_profile_set_server (lab, "nonsense");
  g_assert_false (tether_profile_store_save (store, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_OPTIONS);
  assert_contains (error->message, "nonsense");
  after = checksum_file (path);
  g_assert_cmpstr (after, ==, before);

  g_assert_finalize_object (store);
}

static void
test_store_import_export (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *export_path = g_build_filename (f->root, "shared.json", NULL);
  g_autofree char *subset_path = g_build_filename (f->root, "subset.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(GFile) subset_file = g_file_new_for_path (subset_path);
  g_autoptr(GFile) a_file = NULL;
  g_autoptr(GFile) b_file = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = g_build_filename (f->root, "a", "profiles.json", NULL);
  g_autofree char *b_path = g_build_filename (f->root, "b", "profiles.json", NULL);
  const char *ids[2] = { NULL, NULL };
  TetherProfileStore *a;
  TetherProfileStore *b;
  TetherProfile *a_build;
  TetherProfile *a_lab;
  TetherProfile *b_lab;
  TetherProfile *profile;
  ItemsChanged changes;
  guint n_imported = 0;
  guint n_builtin = 0;
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (f->root, 0700), ==, 0);
  a_file = g_file_new_for_path (a_path);
  b_file = g_file_new_for_path (b_path);
  a = tether_profile_store_new (a_file);
  b = tether_profile_store_new (b_file);

  a_build = add_profile (a, "Build box", "tcp:server=a-build,port=1");
  a_lab = add_profile (a, "Lab", "ssh:host=new-lab");
  tether_profile_set_description (get_profile (a, 0), "A's computer");

  /* B has its own "Build box" and an older copy of A's "Lab" under another name. */
  add_profile (b, "Build box", "tcp:server=b-build,port=2");
  b_lab = g_object_new (TETHER_TYPE_PROFILE, "id", tether_profile_get_id (a_lab),
                        "name", "Old lab", "server", "ssh:host=old-lab", NULL);
  g_assert_true (tether_profile_store_add (b, b_lab, &error));
  g_assert_no_error (error);
  g_object_unref (b_lab);

  g_assert_true (tether_profile_store_export (a, export_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (export_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  root = read_json_object (export_path);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "profiles")), ==, 3);

  watch_items (b, &changes);
  g_assert_true (tether_profile_store_import (b, export_file, &n_imported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_imported, ==, 3);
  g_assert_cmpuint (changes.n_signals, ==, 1);

  /* Same id: updated in place. Same name, other id: a suffix. Built-in: never twice. */
  assert_names (b, "This computer|Build box|Lab|Build box (2)");
  g_assert_true (tether_profile_store_find_by_id (b, tether_profile_get_id (a_lab)) == b_lab);
  g_assert_cmpstr (tether_profile_get_server (b_lab), ==, "ssh:host=new-lab");
  profile = tether_profile_store_find_by_id (b, tether_profile_get_id (a_build));
  g_assert_cmpstr (tether_profile_get_name (profile), ==, "Build box (2)");
  g_assert_cmpstr (tether_profile_get_server (profile), ==, "tcp:server=a-build,port=1");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (b)); i++)
    n_builtin += tether_profile_get_is_builtin (get_profile (b, i));
  g_assert_cmpuint (n_builtin, ==, 1);
  g_assert_cmpstr (tether_profile_get_description (get_profile (b, 0)), ==, "A's computer");

  /* Importing the same file again changes nothing and adds no more suffixes. */
  changes.n_signals = 0;
  g_assert_true (tether_profile_store_import (b, export_file, NULL, &error));
  g_assert_no_error (error);
  assert_names (b, "This computer|Build box|Lab|Build box (2)");
  g_assert_cmpuint (changes.n_signals, ==, 0);

  /* The import persists like any change. */
  save_store (b);
  g_assert_finalize_object (b);
  b = tether_profile_store_new (b_file);
  g_assert_true (tether_profile_store_load (b, &error));
  assert_names (b, "This computer|Build box|Lab|Build box (2)");

  /* A subset. */
  ids[0] = tether_profile_get_id (a_lab);
  g_assert_true (tether_profile_store_export (a, subset_file, ids, &error));
  g_assert_no_error (error);
  g_clear_pointer (&root, json_object_unref);
  root = read_json_object (subset_path);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "profiles")), ==, 1);
  ids[0] = "no-such-id";
  g_assert_false (tether_profile_store_export (a, subset_file, ids, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND);

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
}

static void
test_store_import_refused (Fixture       *f,
                           gconstpointer  data)
{
  const struct {
    const char *data;
    GQuark      domain;
    int         code;
    const char *message_part;
  } cases[] = {
    { "{\"version\": 1, \"profiles\": [{\"id\": \"x\", \"name\": \"A\"",
      0, TETHER_ERROR_PROFILES_FILE, "line 1" },
    { "[]", 0, TETHER_ERROR_PROFILES_FILE, "top level" },
    { "{\"version\": 1, \"profiles\": [{\"id\": \"x\", \"name\": \"A\", \"server\": \"local:\"},"
      " {\"id\": \"x\", \"name\": \"B\", \"server\": \"local:\"}]}",
      0, TETHER_ERROR_PROFILES_FILE, "used twice" },
    { "{\"version\": 1, \"profiles\": [{\"id\": \"x\", \"name\": \"A\", \"server\": \"local:\"},"
      " {\"id\": \"y\", \"name\": \"B\", \"server\": \"tcp:port=1\"}]}",
      0, TETHER_ERROR_INVALID_OPTIONS, "“B”" },
    { "{\"version\": 1, \"profiles\": [{\"id\": \"x\", \"name\": \" \", \"server\": \"local:\"}]}",
      0, TETHER_ERROR_INVALID_PROFILE, "no name" },
  };
  g_autofree char *import_path = g_build_filename (f->root, "import.json", NULL);
  g_autoptr(GFile) import_file = g_file_new_for_path (import_path);
  g_autofree char *missing_path = g_build_filename (f->root, "missing.json", NULL);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing_path);
  TetherProfileStore *store = load_store (f);
  g_autoptr(GError) error = NULL;
  ItemsChanged changes;

  add_profile (store, "A", "local:");
  watch_items (store, &changes);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      write_file (import_path, cases[i].data, -1);
      before = checksum_file (import_path);
      g_assert_false (tether_profile_store_import (store, import_file, NULL, &error));
      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, TETHER_ERROR, cases[i].code);
      assert_contains (error->message, import_path);
      assert_contains (error->message, cases[i].message_part);
      assert_contains (error->message, "Nothing was imported");
      g_clear_error (&error);

      /* Nothing changed, and someone else's file stays where it is. */
      after = checksum_file (import_path);
      g_assert_cmpstr (after, ==, before);
    }

  g_assert_false (tether_profile_store_import (store, missing_file, NULL, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND);

  assert_names (store, "This computer|A");
  g_assert_cmpuint (changes.n_signals, ==, 0);

  g_assert_finalize_object (store);
}

static const CorruptCase corrupt_cases[] = {
  { "truncated", "{\n  \"version\": 1,\n  \"profiles\": [\n    {\"id\": \"a\",", -1, "line 4" },
  { "syntax", "{\"version\": 1, \"profiles\": [}", -1, "line 1, column" },
  { "empty", "", 0, "empty" },
  { "whitespace", " \n\n ", -1, "no JSON value" },
  { "array-at-top", "[{\"id\": \"a\", \"name\": \"A\", \"server\": \"local:\"}]", -1,
    "top level must be a JSON object, not an array" },
  { "profiles-is-object", "{\"version\": 1, \"profiles\": {\"id\": \"a\"}}", -1,
    "“profiles” must be an array, not an object" },
  { "array-for-profile", "{\"version\": 1, \"profiles\": [[\"a\", \"A\", \"local:\"]]}", -1,
    "profile 1: a profile must be a JSON object" },
  { "wrong-type", "{\"version\": 1, \"profiles\": [{\"id\": \"a\", \"name\": \"A\", \"server\": "
    "\"local:\"}, {\"id\": \"b\", \"name\": 7, \"server\": \"local:\"}]}", -1,
    "profile 2: “name” must be a string" },
  { "version-string", "{\"version\": \"1\", \"profiles\": []}", -1,
    "“version” must be a whole number" },
  { "no-version", "{\"profiles\": []}", -1, "“version” is missing" },
  { "invalid-utf8",
    "{\"version\": 1,\n \"profiles\": [{\"id\": \"a\", \"name\": \"Caf\xe9\"}]}", -1,
    "line 2, column 39: the file is not valid UTF-8" },
  { "nul-byte", "{\"version\": 1, \0 \"profiles\": []}", 32, "not valid UTF-8" },
  /* Found by tests/fuzz/fuzz-profile-file (seed corpus/profile-file/lone-surrogate-*): json-glib
   * decodes an unpaired surrogate escape into bytes that are not UTF-8, which reached profile names
   * and saved files. */
  { "lone-surrogate-value", "{\"version\": 1, \"profiles\": [{\"id\": \"a\", \"name\": "
    "\"A\\ud800B\", \"server\": \"local:\"}]}", -1, "unpaired surrogate" },
  { "lone-surrogate-key", "{\"version\": 1, \"profiles\": [], \"x\\ud800yz\": 1}", -1,
    "unpaired surrogate" },
  /* Found the same way (corpus/profile-file/infinite-number, exponent-number): a number too large
   * for a double was kept as infinity and saved as "inf.0", and 1e20 as "1e+20.0" (json-glib adds
   * ".0" to doubles printed without a point): not JSON, so the next start set the file aside. */
  { "infinite-number", "{\"version\": 1, \"profiles\": [{\"id\": \"a\", \"name\": \"A\", "
    "\"server\": \"local:\", \"future\": [1e999]}]}", -1, "could not save back" },
  { "exponent-number", "{\"version\": 1, \"profiles\": [], \"future\": {\"l\": 20e99}}", -1,
    "could not save back" },
};

/* Found by tests/fuzz/fuzz-profile-file (seed corpus/profile-file/lone-surrogate): json-glib
 * quotes the token it choked on as it decoded it, and a lone surrogate escape decodes to bytes
 * that are not UTF-8, which went on into the error message. */
static void
test_file_error_is_utf8 (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const texts[] = {
    "{\"\\ud8 1\"",
    "{\"version\": 1, \"profiles\": [], \"\\ud800\" 1}",
    "{\"\\udfff\\ud800x\": }",
  };
  g_autofree char *path = g_build_filename (f->root, "surrogate.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(TetherProfileFileContents) contents = NULL;
      g_autoptr(GError) error = NULL;

      write_file (path, texts[i], -1);
      g_assert_cmpint (tether_profile_file_read (file, NULL, FALSE, &contents, &error), ==,
                       TETHER_PROFILE_FILE_CORRUPT);
      g_assert_null (contents);
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE);
      g_test_message ("%s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      assert_contains (error->message, "line 1, column");
    }
}

static void
add_test (const char *path,
          void      (*function) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/profile-store/default-path", test_store_default_path);
  add_test ("/profile-store/missing-file", test_store_missing_file);
  add_test ("/profile-store/round-trip", test_store_round_trip);
  add_test ("/profile-store/unknown-keys", test_store_unknown_keys);
  for (guint i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/profile-store/corrupt/%s",
                                                    corrupt_cases[i].name);

      g_test_add (test_path, Fixture, &corrupt_cases[i], fixture_set_up, test_store_corrupt,
                  fixture_tear_down);
    }
  add_test ("/profile-store/corrupt/huge", test_store_corrupt_huge);
  add_test ("/profile-store/corrupt/never-overwrites-aside",
            test_store_corrupt_never_overwrites_aside);
  add_test ("/profile-store/corrupt/before-save", test_store_corrupt_before_save);
  add_test ("/profile-store/newer-version", test_store_newer_version);
  add_test ("/profile-store/file-error-is-utf8", test_file_error_is_utf8);
  add_test ("/profile-store/unreadable", test_store_unreadable);
  add_test ("/profile-store/unwritable/parent-is-file",
            test_store_unwritable_parent_is_file);
  add_test ("/profile-store/unwritable/read-only-dir",
            test_store_unwritable_read_only_dir);
  add_test ("/profile-store/concurrent/writers", test_store_concurrent_writers);
  add_test ("/profile-store/concurrent/same-name", test_store_concurrent_same_name);
  add_test ("/profile-store/monitor", test_store_monitor);
  add_test ("/profile-store/items-changed", test_store_items_changed);
  add_test ("/profile-store/builtin", test_store_builtin);
  add_test ("/profile-store/validation", test_store_validation);
  add_test ("/profile-store/import-export", test_store_import_export);
  add_test ("/profile-store/import-refused", test_store_import_refused);

  return g_test_run ();
}
