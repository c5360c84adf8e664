/* test-cli-profile.c: tether-cli's profile command and --profile, end to end against a real
 * gdbserver over TCP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "tether-test-cli.h"


/* Profiles, used against a real gdbserver */

static void
test_profiles (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autofree char *file = g_build_filename (fixture->config_dir, "tether", "profiles.json", NULL);
  g_autofree char *port = g_strdup_printf ("%u", fixture->gdbserver->port);
  g_autofree char *contents = NULL;
  g_autoptr(CliRun) add = NULL;
  g_autoptr(CliRun) listed = NULL;
  g_autoptr(CliRun) upper = NULL;
  g_autoptr(CliRun) profiles = NULL;
  g_autoptr(CliRun) show = NULL;
  g_autoptr(CliRun) edit = NULL;
  g_autoptr(CliRun) old_name = NULL;
  g_autoptr(CliRun) renamed = NULL;
  g_autoptr(CliRun) removed = NULL;
  g_autoptr(CliRun) after = NULL;
  g_autoptr(CliRun) missing = NULL;
  g_autoptr(CliRun) bad = NULL;
  g_autoptr(JsonNode) listed_root = NULL;
  g_autoptr(JsonNode) upper_root = NULL;
  g_autoptr(JsonNode) profiles_root = NULL;
  g_autoptr(JsonNode) show_root = NULL;
  g_autoptr(JsonNode) renamed_root = NULL;
  g_autoptr(JsonNode) file_root = NULL;
  g_autoptr(JsonNode) after_root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *build;
  JsonObject *builtin = NULL;
  GStatBuf st;
  const char *id;
  gboolean found = FALSE;

  add = cli_bare (fixture, "profile", "add", "build", fixture->server, "--description", "x", NULL);
  assert_success (add);
  assert_contains (add->out, "build");

  /* The profile connects to the real server. */
  listed = cli_bare (fixture, "--profile", "build", "--json", "list", NULL);
  assert_success (listed);
  listed_root = parse_json (listed);
  array = json_node_get_array (listed_root);
  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    found |= member_int (json_array_get_object_element (array, i), "pid") == victim->pid;
  g_assert_true (found);

  /* Names are matched without regard to case. */
  upper = cli_bare (fixture, "-p", "BUILD", "--json", "caps", NULL);
  assert_success (upper);
  upper_root = parse_json (upper);
  assert_contains (member_string (root_object (upper_root), "connection"), port);

  profiles = cli_bare (fixture, "profile", "list", "--json", NULL);
  assert_success (profiles);
  profiles_root = parse_json (profiles);
  array = json_node_get_array (profiles_root);
  g_assert_nonnull (array);
  build = find_object (array, "name", "build");
  g_assert_nonnull (build);
  g_assert_cmpstr (member_string (build, "server"), ==, fixture->server);
  g_assert_cmpstr (member_string (build, "description"), ==, "x");
  g_assert_false (member_boolean (build, "builtin"));
  id = member_string (build, "id");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (member_boolean (object, "builtin"))
        builtin = object;
    }
  g_assert_nonnull (builtin);
  g_assert_cmpstr (member_string (builtin, "server"), ==, "local:");

  show = cli_bare (fixture, "profile", "show", "build", "--json", NULL);
  assert_success (show);
  show_root = parse_json (show);
  g_assert_cmpstr (member_string (root_object (show_root), "id"), ==, id);
  g_assert_cmpstr (member_string (root_object (show_root), "server"), ==, fixture->server);
  g_assert_cmpstr (member_string (root_object (show_root), "description"), ==, "x");

  /* Saved privately, where XDG_CONFIG_HOME says. */
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (file, &contents, NULL, &error);
  g_assert_no_error (error);
  file_root = json_from_string (contents, &error);
  g_assert_no_error (error);
  build = find_object (member_array (root_object (file_root), "profiles"), "name", "build");
  g_assert_nonnull (build);
  g_assert_cmpstr (member_string (build, "server"), ==, fixture->server);

  edit = cli_bare (fixture, "profile", "edit", "build", "--name", "other", NULL);
  assert_success (edit);
  old_name = cli_bare (fixture, "profile", "show", "build", NULL);
  assert_failure (old_name, 1);
  renamed = cli_bare (fixture, "profile", "show", "other", "--json", NULL);
  assert_success (renamed);
  renamed_root = parse_json (renamed);
  g_assert_cmpstr (member_string (root_object (renamed_root), "id"), ==, id);

  removed = cli_bare (fixture, "profile", "remove", "other", NULL);
  assert_success (removed);
  after = cli_bare (fixture, "profile", "list", "--json", NULL);
  assert_success (after);
  after_root = parse_json (after);
  g_assert_null (find_object (json_node_get_array (after_root), "id", id));

  missing = cli_bare (fixture, "--profile", "missing", "list", NULL);
  assert_failure (missing, 1);
  assert_contains (missing->err, "“missing”");
  assert_contains (missing->err, "profile");

  bad = cli_bare (fixture, "profile", "add", "bad", "tcp:server=h", NULL);
  assert_failure (bad, 1);
  assert_contains (bad->err, "tcp:server=h");
  assert_contains (bad->err, "port");
}

#define PIN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The plain TCP warning, without touching the network: saving a profile for a non-loopback
 * address (TEST-NET-1, never contacted) warns; a loopback one does not. */
static void
test_network_warning (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CliRun) remote = cli_bare (fixture, "profile", "add", "lab board",
                                       "tcp:server=192.0.2.1,port=2345", NULL);
  g_autoptr(CliRun) local = cli_bare (fixture, "profile", "add", "loopback",
                                      "tcp:server=127.0.0.1,port=2345", NULL);

  /* Saved, with a warning. */
  g_assert_cmpint (remote->status, ==, 0);
  assert_contains (remote->err, "no authentication");
  assert_contains (remote->err, "192.0.2.1");
  assert_success (local);
  g_assert_null (strstr (local->err, "no authentication"));

  /* ssh: and ssl: check who is at the other end and encrypt: no warning, wherever they go. */
  {
    g_autoptr(CliRun) over_ssh = cli_bare (fixture, "profile", "add", "lab over ssh",
                                           "ssh:host=192.0.2.1,identity=/k,config=/c", NULL);
    g_autoptr(CliRun) over_tls = cli_bare (fixture, "profile", "add", "lab over tls",
                                           "ssl:server=192.0.2.1,port=2345,pin=" PIN, NULL);

    assert_success (over_ssh);
    g_assert_null (strstr (over_ssh->err, "no authentication"));
    assert_success (over_tls);
    g_assert_null (strstr (over_tls->err, "no authentication"));
  }
}

/* Profiles hold no secrets: identity= names a key file, and saving a profile copies nothing from
 * it; the profiles file holds the connection string as given and no other credential. */
static void
test_no_secrets (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *key = g_build_filename (fixture->config_dir, "id_test", NULL);
  g_autofree char *server = g_strdup_printf ("ssh:host=192.0.2.1,user=dev,identity=%s", key);
  g_autofree char *file = g_build_filename (fixture->config_dir, "tether", "profiles.json", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) add_ssh = NULL;
  g_autoptr(CliRun) add_ssl = NULL;
  g_autoptr(CliRun) pasted = NULL;

  g_file_set_contents_full (key, "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET-KEY-MATERIAL\n"
                            "-----END OPENSSH PRIVATE KEY-----\n", -1,
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  add_ssh = cli_bare (fixture, "profile", "add", "build box", server, NULL);
  assert_success (add_ssh);
  add_ssl = cli_bare (fixture, "profile", "add", "tls box",
                      "ssl:server=192.0.2.1,port=2345,pin=" PIN, NULL);
  assert_success (add_ssl);
  /* Key material pasted in place of a path is refused, never saved. */
  pasted = cli_bare (fixture, "profile", "add", "pasted",
                     "ssh:host=h,identity=\"-----BEGIN OPENSSH PRIVATE KEY-----\"", NULL);
  assert_failure (pasted, 1);
  assert_contains (pasted->err, "not its contents");

  g_file_get_contents (file, &saved, NULL, &error);
  g_assert_no_error (error);
  assert_contains (saved, key);
  assert_contains (saved, PIN);
  g_assert_null (strstr (saved, "SECRET-KEY-MATERIAL"));
  g_assert_null (strstr (saved, "BEGIN"));
  g_assert_null (strstr (saved, "password"));
}

static void
add (const char  *transport,
     const char  *name,
     void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/cli/%s/%s", transport, name);

  g_test_add (path, Fixture, transport, fixture_set_up, func, fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add ("tcp", "profiles", test_profiles);
  add ("none", "network-warning", test_network_warning);
  add ("none", "no-secrets", test_no_secrets);

  return g_test_run ();
}
