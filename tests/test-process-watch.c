/* test-process-watch.c: TetherProcessWatch against a real gdbserver and short-lived processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "tether-error.h"
#include "tether-process-watch.h"
#include "tether-test-util.h"

typedef struct
{
  TetherTestGdbserver *gdbserver;
  TetherServer        *server;
  char                *dir;
  char                *name;
  char                *path;     /* a copy of sleep named @name */
} Fixture;

static guint counter;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  fixture->gdbserver = tether_test_gdbserver_start ();
  fixture->server = tether_test_connect (fixture->gdbserver->options);
  fixture->dir = g_dir_make_tmp ("tether-watch-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->name = g_strdup_printf ("watched-%d-%u", (int)getpid (), counter++);
  fixture->path = g_build_filename (fixture->dir, fixture->name, NULL);
  g_file_get_contents ("/bin/sleep", &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (fixture->path, contents, length, G_FILE_SET_CONTENTS_NONE, 0755,
                            &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tether_test_disconnect (fixture->server);
  tether_test_gdbserver_stop (fixture->gdbserver);
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->name);
  g_free (fixture->dir);
}

static GSubprocess *
run (Fixture    *fixture,
     const char *seconds)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, fixture->path,
                                           seconds, NULL);

  g_assert_no_error (error);
  return process;
}

static gint64
pid_of (GSubprocess *process)
{
  return g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
}

static gboolean
has_polled (gpointer data)
{
  return tether_process_watch_get_polls (data) >= 2;
}

/* Waits with @watch; starts a 1 s process once the wait has its snapshot; checks that the match
 * is that process and returns it (NULL, the test skipped, if gdbserver hung listing). */
static TetherProcess *
catch_short_lived (Fixture            *fixture,
                   TetherProcessWatch *watch)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSubprocess) started = NULL;
  g_autoptr(GError) error = NULL;
  TetherProcess *found;
  GAsyncResult *done;
  gint64 start;

  tether_process_watch_wait_async (watch, 20000, NULL, tether_test_store_result, &result);
  g_assert_true (tether_process_watch_get_waiting (watch));

  g_assert_true (tether_test_poll_until (has_polled, watch, 10000));
  start = g_get_monotonic_time ();
  started = run (fixture, "1");
  done = tether_test_wait (&result, 25000);
  g_test_message ("Caught %" G_GINT64_FORMAT " ms after it started, after %u listings",
                  tether_test_elapsed_ms (start), tether_process_watch_get_polls (watch));
  found = tether_process_watch_wait_finish (watch, done, &error);
  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    return NULL;
  g_assert_no_error (error);
  g_assert_cmpint (tether_process_get_pid (found), ==, pid_of (started));
  g_subprocess_wait (started, NULL, NULL);
  return found;
}

static void
test_watch_name (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TetherProcessWatch) watch =
    tether_process_watch_new_for_name (fixture->server, fixture->name, TETHER_MATCH_DEFAULT);
  g_autoptr(TetherProcess) found = catch_short_lived (fixture, watch);

  if (found == NULL)
    return;
  g_assert_cmpstr (tether_process_get_exe (found), ==, fixture->path);
  g_assert_false (tether_process_watch_get_waiting (watch));
}

static void
test_watch_full_path (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TetherProcessWatch) watch =
    tether_process_watch_new_for_name (fixture->server, fixture->path, TETHER_MATCH_FULL);
  g_autoptr(TetherProcess) found = NULL;

  tether_process_watch_set_interval (watch, 100);
  found = catch_short_lived (fixture, watch);
}

static void
test_watch_regex (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *pattern = g_strdup_printf ("/%s 1$", fixture->name);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(TetherProcessWatch) watch = tether_process_watch_new_for_regex (fixture->server,
                                                                            regex);
  g_autoptr(TetherProcess) found = NULL;

  g_assert_nonnull (strstr (tether_process_watch_get_description (watch), pattern));
  found = catch_short_lived (fixture, watch);
}

/* A process already running when the wait began is not "a new one": the wait times out. */
static void
test_watch_timeout (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSubprocess) before = run (fixture, "600");
  g_autoptr(TetherProcessWatch) watch =
    tether_process_watch_new_for_name (fixture->server, fixture->name, TETHER_MATCH_DEFAULT);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TetherProcess) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_assert_true (tether_test_wait_state ((GPid)pid_of (before), 'S', 5000));
  start = g_get_monotonic_time ();
  tether_process_watch_wait_async (watch, 1500, NULL, tether_test_store_result, &result);
  found = tether_process_watch_wait_finish (watch, tether_test_wait (&result, 20000), &error);
  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    return;
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT);
  g_assert_null (found);
  g_assert_cmpint (tether_test_elapsed_ms (start), >=, 1400);
  g_assert_cmpuint (tether_process_watch_get_polls (watch), >=, 2);
  g_subprocess_force_exit (before);
  g_subprocess_wait (before, NULL, NULL);
}

static void
test_watch_cancel (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TetherProcessWatch) watch =
    tether_process_watch_new_for_name (fixture->server, fixture->name, TETHER_MATCH_ONLY);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) busy = NULL;
  g_autoptr(TetherProcess) found = NULL;
  g_autoptr(GError) error = NULL;

  tether_process_watch_wait_async (watch, 0, cancellable, tether_test_store_result, &result);
  /* One wait at a time. */
  tether_process_watch_wait_async (watch, 0, NULL, tether_test_store_result, &busy);
  found = tether_process_watch_wait_finish (watch, tether_test_wait (&busy, 1000), &error);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_BUSY);
  g_clear_error (&error);

  tether_test_spin (300);
  g_cancellable_cancel (cancellable);
  found = tether_process_watch_wait_finish (watch, tether_test_wait (&result, 2000), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (tether_process_watch_get_waiting (watch));
  /* Let a listing still in flight come back before the server goes. */
  tether_test_spin (300);
}

/* Every current match, for the attach dialog's choices. */
static void
test_watch_find_all (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GSubprocess) one = run (fixture, "600");
  g_autoptr(GSubprocess) two = run (fixture, "600");
  g_autoptr(TetherProcessWatch) watch =
    tether_process_watch_new_for_name (fixture->server, fixture->name, TETHER_MATCH_ONLY);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a = pid_of (one), b = pid_of (two);

  g_assert_true (tether_test_wait_state ((GPid)a, 'S', 5000));
  g_assert_true (tether_test_wait_state ((GPid)b, 'S', 5000));
  tether_process_watch_find_async (watch, NULL, tether_test_store_result, &result);
  found = tether_process_watch_find_finish (watch, tether_test_wait (&result, 20000), &error);
  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    return;
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpint (tether_process_get_pid (g_ptr_array_index (found, 0)), ==, MIN (a, b));
  g_assert_cmpint (tether_process_get_pid (g_ptr_array_index (found, 1)), ==, MAX (a, b));
  g_subprocess_force_exit (one);
  g_subprocess_force_exit (two);
  g_subprocess_wait (one, NULL, NULL);
  g_subprocess_wait (two, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/process-watch/name", Fixture, NULL, fixture_set_up, test_watch_name,
              fixture_tear_down);
  g_test_add ("/process-watch/full-path", Fixture, NULL, fixture_set_up, test_watch_full_path,
              fixture_tear_down);
  g_test_add ("/process-watch/regex", Fixture, NULL, fixture_set_up, test_watch_regex,
              fixture_tear_down);
  g_test_add ("/process-watch/timeout", Fixture, NULL, fixture_set_up, test_watch_timeout,
              fixture_tear_down);
  g_test_add ("/process-watch/find-all", Fixture, NULL, fixture_set_up, test_watch_find_all,
              fixture_tear_down);
  g_test_add ("/process-watch/cancel", Fixture, NULL, fixture_set_up, test_watch_cancel,
              fixture_tear_down);

  return g_test_run ();
}
