/* test-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-error.h"
#include "tether-profile.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer)pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
count_of (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_profile_new (void)
{
  TetherProfile *profile = tether_profile_new ("Build box", "tcp:server=build,port=5005");
  TetherProfile *other = tether_profile_new ("Other", "local:");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *id = NULL;
  gboolean is_builtin = TRUE;

  g_assert_true (g_uuid_string_is_valid (tether_profile_get_id (profile)));
  g_assert_cmpstr (tether_profile_get_id (profile), !=, tether_profile_get_id (other));
  g_assert_cmpstr (tether_profile_get_name (profile), ==, "Build box");
  g_assert_cmpstr (tether_profile_get_server (profile), ==, "tcp:server=build,port=5005");
  g_assert_cmpstr (tether_profile_get_description (profile), ==, "");
  g_assert_false (tether_profile_get_connect_at_startup (profile));
  g_assert_cmpuint (tether_profile_get_refresh_interval (profile), ==, 0);
  g_assert_cmpint (tether_profile_get_created (profile), >=, now - 5);
  g_assert_cmpint (tether_profile_get_created (profile), <=, now + 5);
  g_assert_cmpint (tether_profile_get_last_connected (profile), ==, 0);
  g_assert_false (tether_profile_get_is_builtin (profile));

  g_object_get (profile, "id", &id, "is-builtin", &is_builtin, NULL);
  g_assert_cmpstr (id, ==, tether_profile_get_id (profile));
  g_assert_false (is_builtin);

  /* NULL strings read as "". */
  tether_profile_set_description (profile, NULL);
  g_assert_cmpstr (tether_profile_get_description (profile), ==, "");

  g_assert_finalize_object (profile);
  g_assert_finalize_object (other);
}

static void
test_profile_builtin (void)
{
  TetherProfile *builtin = tether_profile_new_builtin ();
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (builtin), "is-builtin");

  g_assert_cmpstr (tether_profile_get_id (builtin), ==, TETHER_PROFILE_BUILTIN_ID);
  g_assert_cmpstr (tether_profile_get_name (builtin), ==, "This computer");
  g_assert_cmpstr (tether_profile_get_server (builtin), ==, "local:");
  g_assert_true (tether_profile_get_is_builtin (builtin));
  g_assert_cmpint (tether_profile_get_created (builtin), ==, 0);

  /* Read-only: there is no way to make a profile built-in but its id. */
  g_assert_nonnull (pspec);
  g_assert_false (pspec->flags & G_PARAM_WRITABLE);

  g_assert_finalize_object (builtin);
}

static void
test_profile_notify (void)
{
  TetherProfile *profile = tether_profile_new ("A", "local:");
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (profile, "notify", G_CALLBACK (count_notify_cb), counts);

  /* Each setter notifies once on a real change and never on the same value. */
  for (guint round = 0; round < 2; round++)
    {
      tether_profile_set_name (profile, "B");
      tether_profile_set_server (profile, "tcp:server=h,port=1");
      tether_profile_set_description (profile, "text");
      tether_profile_set_connect_at_startup (profile, TRUE);
      tether_profile_set_refresh_interval (profile, 750);
      tether_profile_set_created (profile, 1000);
      tether_profile_set_last_connected (profile, 2000);
    }
  /* Setting through GObject goes through the same setters. */
  g_object_set (profile, "name", "B", "connect-at-startup", TRUE, NULL);

  g_assert_cmpuint (count_of (counts, "name"), ==, 1);
  g_assert_cmpuint (count_of (counts, "server"), ==, 1);
  g_assert_cmpuint (count_of (counts, "description"), ==, 1);
  g_assert_cmpuint (count_of (counts, "connect-at-startup"), ==, 1);
  g_assert_cmpuint (count_of (counts, "refresh-interval"), ==, 1);
  g_assert_cmpuint (count_of (counts, "created"), ==, 1);
  g_assert_cmpuint (count_of (counts, "last-connected"), ==, 1);
  g_assert_cmpuint (count_of (counts, "id"), ==, 0);
  g_assert_cmpuint (count_of (counts, "is-builtin"), ==, 0);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 7);

  g_object_set (profile, "refresh-interval", 10, NULL);
  g_assert_cmpuint (count_of (counts, "refresh-interval"), ==, 2);
  g_assert_cmpuint (tether_profile_get_refresh_interval (profile), ==, 10);

  g_assert_finalize_object (profile);
}

static void
test_profile_json_round_trip (void)
{
  const char *text =
    "{\"id\": \"6c0a3c0e-1d52-4b5e-9a43-0d7c5d0ad7a1\", \"name\": \"Build box\","
    " \"server\": \"tcp:server=build,port=5005\", \"description\": \"Nightly\","
    " \"connect_at_startup\": true, \"refresh_interval_ms\": 1500, \"created\": 1700000000,"
    " \"last_connected\": 1700000100, \"color\": \"blue\", \"future\": {\"nested\": [1, 2]}}";
  g_autoptr(JsonNode) input = parse_json (text);
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfile *profile;
  TetherProfile *copy;

  profile = tether_profile_new_from_json (input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tether_profile_get_id (profile), ==, "6c0a3c0e-1d52-4b5e-9a43-0d7c5d0ad7a1");
  g_assert_cmpstr (tether_profile_get_name (profile), ==, "Build box");
  g_assert_cmpstr (tether_profile_get_server (profile), ==, "tcp:server=build,port=5005");
  g_assert_cmpstr (tether_profile_get_description (profile), ==, "Nightly");
  g_assert_true (tether_profile_get_connect_at_startup (profile));
  g_assert_cmpuint (tether_profile_get_refresh_interval (profile), ==, 1500);
  g_assert_cmpint (tether_profile_get_created (profile), ==, 1700000000);
  g_assert_cmpint (tether_profile_get_last_connected (profile), ==, 1700000100);

  /* Every member comes back, the unknown ones included. */
  output = tether_profile_to_json (profile);
  g_assert_true (json_node_equal (input, output));

  /* copy_settings copies all of it but the id, and reports the change once. */
  copy = tether_profile_new ("x", "local:");
  g_assert_true (tether_profile_copy_settings (copy, profile));
  g_assert_false (tether_profile_copy_settings (copy, profile));
  g_assert_false (tether_profile_equal (copy, profile));
  g_assert_cmpstr (tether_profile_get_name (copy), ==, "Build box");
  g_clear_pointer (&output, json_node_unref);
  output = tether_profile_to_json (copy);
  g_assert_true (json_object_has_member (json_node_get_object (output), "future"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (output), "color"), ==,
                   "blue");

  g_assert_finalize_object (copy);
  g_assert_finalize_object (profile);
}

static void
test_profile_json_defaults_written (void)
{
  TetherProfile *profile = tether_profile_new ("A", "local:");
  g_autoptr(JsonNode) node = tether_profile_to_json (profile);
  JsonObject *object = json_node_get_object (node);
  const char * const keys[] = { "id", "name", "server", "description", "connect_at_startup",
                                "refresh_interval_ms", "created", "last_connected" };

  /* Default values are written too (json_gobject_serialize would drop them). */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));
  g_assert_false (json_object_get_boolean_member (object, "connect_at_startup"));
  g_assert_cmpint (json_object_get_int_member (object, "refresh_interval_ms"), ==, 0);
  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (keys));

  g_assert_finalize_object (profile);
}

static void
test_profile_json_invalid (void)
{
  const struct {
    const char *json;
    const char *message_part;
  } cases[] = {
    { "[1, 2]", "not an array" },
    { "\"text\"", "JSON object" },
    { "{\"name\": \"a\", \"server\": \"local:\"}", "needs" },
    { "{\"id\": \"\", \"name\": \"a\", \"server\": \"local:\"}", "needs" },
    { "{\"id\": 5, \"name\": \"a\", \"server\": \"local:\"}", "“id” must be a string" },
    { "{\"id\": \"x\", \"name\": 5, \"server\": \"local:\"}", "“name” must be a string" },
    { "{\"id\": \"x\", \"name\": \"a\", \"server\": [\"local:\"]}", "“server” must be a string" },
    { "{\"id\": \"x\", \"name\": \"a\", \"server\": \"local:\", \"description\": null}",
      "“description” must be a string" },
    { "{\"id\": \"x\", \"name\": \"a\", \"server\": \"local:\", \"connect_at_startup\": \"yes\"}",
      "“connect_at_startup” must be true or false" },
    { "{\"id\": \"x\", \"name\": \"a\", \"server\": \"local:\", \"refresh_interval_ms\": -1}",
      "“refresh_interval_ms” must be between 0 and" },
    { "{\"id\": \"x\", \"name\": \"a\", \"server\": \"local:\", \"refresh_interval_ms\": 1.5}",
      "“refresh_interval_ms” must be a whole number" },
    { "{\"id\": \"x\", \"name\": \"a\", \"server\": \"local:\", \"created\": \"today\"}",
      "“created” must be a whole number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse_json (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(TetherProfile) profile = tether_profile_new_from_json (node, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (profile);
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }
}

static void
test_profile_equal (void)
{
  g_autoptr(JsonNode) node = parse_json ("{\"id\": \"x\", \"name\": \"a\", \"server\": \"local:\","
                                         " \"extra\": 1}");
  g_autoptr(TetherProfile) a = tether_profile_new_from_json (node, NULL);
  g_autoptr(TetherProfile) b = tether_profile_new_from_json (node, NULL);
  g_autoptr(TetherProfile) c = g_object_new (TETHER_TYPE_PROFILE, "id", "x", "name", "a",
                                             "server", "local:", NULL);

  g_assert_true (tether_profile_equal (a, b));
  /* Unknown members count. */
  g_assert_false (tether_profile_equal (a, c));
  tether_profile_set_last_connected (b, 5);
  g_assert_false (tether_profile_equal (a, b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile/new", test_profile_new);
  g_test_add_func ("/profile/builtin", test_profile_builtin);
  g_test_add_func ("/profile/notify", test_profile_notify);
  g_test_add_func ("/profile/json/round-trip", test_profile_json_round_trip);
  g_test_add_func ("/profile/json/defaults-written", test_profile_json_defaults_written);
  g_test_add_func ("/profile/json/invalid", test_profile_json_invalid);
  g_test_add_func ("/profile/equal", test_profile_equal);

  return g_test_run ();
}
