/* test-profile-file.c: the profile store on its file: loading, corrupt files, saving,
 * atomic writes and permissions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tether-error.h"
#include "tether-profile-file.h"
#include "tether-test-profile.h"

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
  g_test_add (path, Fixture, NULL, profile_fixture_set_up, function, profile_fixture_tear_down);
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

      g_test_add (test_path, Fixture, &corrupt_cases[i], profile_fixture_set_up,
                  test_store_corrupt, profile_fixture_tear_down);
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

  return g_test_run ();
}
