/* test-profile-store.c: the profile store as a model: items-changed, the built-in profile,
 * validation, import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "tether-error.h"
#include "tether-options.h"
#include "tether-test-profile.h"

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

  add_test ("/profile-store/items-changed", test_store_items_changed);
  add_test ("/profile-store/builtin", test_store_builtin);
  add_test ("/profile-store/validation", test_store_validation);
  add_test ("/profile-store/import-export", test_store_import_export);
  add_test ("/profile-store/import-refused", test_store_import_refused);

  return g_test_run ();
}
