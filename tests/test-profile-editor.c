/* test-profile-editor.c: profile management through the UI: the editor and the "profile." actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run through tests/xvfb-run-test.sh. Every change is checked in profiles.json, in a temporary
 * directory.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tether-profile-actions.h"
#include "tether-profile-editor.h"
#include "tether-test-util.h"
#include "tether-window.h"

typedef struct
{
  char               *dir;
  char               *path;
  TetherProfileStore *store;
  TetherWindow       *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  fixture->dir = g_dir_make_tmp ("tether-test-editor-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "profiles.json", NULL);
  file = g_file_new_for_path (fixture->path);
  fixture->store = tether_profile_store_new (file);
  g_assert_true (tether_profile_store_load (fixture->store, &error));

  fixture->window = tether_window_new (NULL, fixture->store);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *)&fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  tether_test_spin (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  for (guint i = 0; i < 300 && fixture->window != NULL; i++)
    tether_test_spin (10);
  g_assert_null (fixture->window);
  g_assert_finalize_object (fixture->store);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static char *
read_file (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static TetherProfileEditor *
open_editor (Fixture    *fixture,
             const char *action,
             const char *id)
{
  TetherProfileActions *actions =
    TETHER_PROFILE_ACTIONS (tether_window_get_profile_actions (fixture->window));
  GtkWindow *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action,
                                             id != NULL ? "s" : NULL, id));
  editor = tether_profile_actions_get_editor (actions);
  g_assert_true (TETHER_IS_PROFILE_EDITOR (editor));
  tether_test_spin (50);
  return TETHER_PROFILE_EDITOR (editor);
}

static void
test_editor_validates (Fixture       *fixture,
                       gconstpointer  data)
{
  TetherProfileEditor *editor = open_editor (fixture, "profile.new", NULL);

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);

  /* As the user types, the parser's complaint, then what the string means. */
  tether_profile_editor_set_fields (editor, "Lab", "tcp:server=lab", NULL);
  g_assert_nonnull (tether_profile_editor_get_server_error (editor));
  g_assert_cmpstr (tether_profile_editor_get_parsed (editor), ==,
                   tether_profile_editor_get_server_error (editor));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL) &&
                  tether_profile_store_find_by_name (fixture->store, "Lab") != NULL);

  tether_profile_editor_set_fields (editor, NULL, "tcp:server=10.1.2.3,port=2345", NULL);
  g_assert_null (tether_profile_editor_get_server_error (editor));
  g_assert_nonnull (strstr (tether_profile_editor_get_parsed (editor), "Host: 10.1.2.3"));
  g_assert_nonnull (strstr (tether_profile_editor_get_parsed (editor), "Port: 2345"));
  /* Plain tcp to another machine: the warning. Loopback and ssh: none. */
  g_assert_true (tether_profile_editor_get_shows_warning (editor));
  tether_profile_editor_set_fields (editor, NULL, "tcp:server=127.0.0.1,port=2345", NULL);
  g_assert_false (tether_profile_editor_get_shows_warning (editor));
  tether_profile_editor_set_fields (editor, NULL, "ssh:host=lab,user=dev", NULL);
  g_assert_false (tether_profile_editor_get_shows_warning (editor));
  g_assert_nonnull (strstr (tether_profile_editor_get_parsed (editor), "User: dev"));

  /* A taken name is refused, with the store's reason. */
  tether_profile_editor_set_fields (editor, TETHER_PROFILE_BUILTIN_NAME, NULL, NULL);
  g_assert_false (tether_profile_editor_save (editor, NULL));
  g_assert_nonnull (editor);

  gtk_window_close (GTK_WINDOW (editor));
  for (guint i = 0; i < 100 && editor != NULL; i++)
    tether_test_spin (10);
  g_assert_null (editor);
  g_assert_null (tether_profile_store_find_by_name (fixture->store, "Lab"));
}

static gboolean
editor_tested (gpointer data)
{
  return !tether_profile_editor_get_testing (data) &&
         tether_profile_editor_get_test_result (data) != NULL;
}

static void
test_editor_tests_connection (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  TetherProfileEditor *editor = open_editor (fixture, "profile.new", NULL);
  g_autofree char *closed = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port;

  tether_profile_editor_set_fields (editor, "Test box", gdbserver->options, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  g_assert_true (tether_profile_editor_get_testing (editor));
  g_assert_true (tether_test_poll_until (editor_tested, editor, 30000));
  g_assert_true (tether_profile_editor_get_test_succeeded (editor));
  g_assert_nonnull (strstr (tether_profile_editor_get_test_result (editor), "gdbserver"));
  g_assert_nonnull (strstr (tether_profile_editor_get_test_result (editor), " processes"));
  g_assert_nonnull (tether_profile_editor_get_test_features (editor));
  g_assert_nonnull (strstr (tether_profile_editor_get_test_features (editor), "multiprocess"));

  /* A port nobody listens on: the exact failure. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  closed = g_strdup_printf ("tcp:server=127.0.0.1,port=%u", port);
  tether_profile_editor_set_fields (editor, NULL, closed, NULL);
  g_assert_null (tether_profile_editor_get_test_result (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  g_assert_true (tether_test_poll_until (editor_tested, editor, 30000));
  g_assert_false (tether_profile_editor_get_test_succeeded (editor));
  g_assert_null (tether_profile_editor_get_test_features (editor));
  g_test_message ("failure: %s", tether_profile_editor_get_test_result (editor));
  g_assert_nonnull (strstr (tether_profile_editor_get_test_result (editor), "127.0.0.1"));

  /* Closing the editor while a test runs cancels it. */
  tether_profile_editor_set_fields (editor, NULL, gdbserver->options, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  g_assert_true (tether_profile_editor_get_testing (editor));
  gtk_window_close (GTK_WINDOW (editor));
  g_assert_false (tether_profile_editor_get_testing (editor));
  tether_test_spin (200);
}

static void
test_actions_manage_profiles (Fixture       *fixture,
                              gconstpointer  data)
{
  TetherProfileEditor *editor = open_editor (fixture, "profile.new", NULL);
  TetherProfileActions *actions =
    TETHER_PROFILE_ACTIONS (tether_window_get_profile_actions (fixture->window));
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  g_autofree char *export_path = NULL;
  g_autoptr(GFile) export_file = NULL;
  TetherProfile *profile;
  TetherServerPage *page;

  /* Add: saved, in the file, and shown. */
  tether_profile_editor_set_fields (editor, "Build box", "ssh:host=build-box,user=dev",
                                    "The CI machine");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  tether_test_spin (50);
  g_assert_null (tether_profile_actions_get_editor (actions));
  profile = tether_profile_store_find_by_name (fixture->store, "Build box");
  g_assert_nonnull (profile);
  id = g_strdup (tether_profile_get_id (profile));
  g_assert_cmpstr (tether_profile_get_description (profile), ==, "The CI machine");
  contents = read_file (fixture);
  g_assert_nonnull (strstr (contents, "\"Build box\""));
  g_assert_nonnull (strstr (contents, "ssh:host=build-box,user=dev"));
  page = tether_window_get_visible_page (fixture->window);
  g_assert_cmpstr (tether_profile_get_id (tether_server_page_get_profile (page)), ==, id);

  /* Edit. */
  editor = open_editor (fixture, "profile.edit", id);
  tether_profile_editor_set_fields (editor, "Build server", NULL, NULL);
  g_assert_true (tether_profile_editor_save (editor, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tether_profile_get_name (profile), ==, "Build server");
  g_clear_pointer (&contents, g_free);
  contents = read_file (fixture);
  g_assert_nonnull (strstr (contents, "\"Build server\""));
  g_assert_null (strstr (contents, "\"Build box\""));

  /* Duplicate. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.duplicate",
                                             "s", id));
  g_assert_nonnull (tether_profile_store_find_by_name (fixture->store, "Build server (copy)"));
  g_clear_pointer (&contents, g_free);
  contents = read_file (fixture);
  g_assert_nonnull (strstr (contents, "\"Build server (copy)\""));

  /* Delete, then Undo (the toast's button activates profile.undo-delete). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.delete",
                                             "s", id));
  g_assert_null (tether_profile_store_find_by_id (fixture->store, id));
  g_assert_null (tether_window_get_page (fixture->window, id));
  g_clear_pointer (&contents, g_free);
  contents = read_file (fixture);
  g_assert_null (strstr (contents, "\"Build server\""));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.undo-delete",
                                             NULL));
  g_assert_nonnull (tether_profile_store_find_by_id (fixture->store, id));
  g_clear_pointer (&contents, g_free);
  contents = read_file (fixture);
  g_assert_nonnull (strstr (contents, "\"Build server\""));
  g_assert_nonnull (tether_window_get_page (fixture->window, id));

  /* The built-in profile cannot go: the store's reason, and it stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.delete",
                                             "s", TETHER_PROFILE_BUILTIN_ID));
  g_assert_nonnull (tether_profile_store_find_by_id (fixture->store, TETHER_PROFILE_BUILTIN_ID));

  /* Export, delete, import: back again. */
  export_path = g_build_filename (fixture->dir, "export.json", NULL);
  export_file = g_file_new_for_path (export_path);
  g_assert_true (tether_profile_actions_export_file (actions, export_file, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.delete",
                                             "s", id));
  g_assert_null (tether_profile_store_find_by_name (fixture->store, "Build server"));
  g_assert_true (tether_profile_actions_import_file (actions, export_file, &error));
  g_assert_no_error (error);
  g_assert_nonnull (tether_profile_store_find_by_name (fixture->store, "Build server"));
  g_clear_pointer (&contents, g_free);
  contents = read_file (fixture);
  g_assert_nonnull (strstr (contents, "\"Build server\""));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/profile-editor/validates", Fixture, NULL, fixture_set_up, test_editor_validates,
              fixture_tear_down);
  g_test_add ("/profile-editor/tests-connection", Fixture, NULL, fixture_set_up,
              test_editor_tests_connection, fixture_tear_down);
  g_test_add ("/profile-actions/manage-profiles", Fixture, NULL, fixture_set_up,
              test_actions_manage_profiles, fixture_tear_down);

  return g_test_run ();
}
