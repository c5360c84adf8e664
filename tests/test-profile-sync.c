/* test-profile-sync.c: the profile store beside other writers of its file: concurrent saves,
 * and the file monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-test-profile.h"

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

  add_test ("/profile-store/concurrent/writers", test_store_concurrent_writers);
  add_test ("/profile-store/concurrent/same-name", test_store_concurrent_same_name);
  add_test ("/profile-store/monitor", test_store_monitor);

  return g_test_run ();
}
