/* test-cli-control.c: tether-cli's attach, launch and kill, end to end against a real gdbserver
 * over TCP and local:
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "tether-test-cli.h"

/* Released: untraced, and (after a moment running) asleep again. */
static void
assert_released (GPid pid)
{
  g_assert_cmpint (status_int (pid, "TracerPid"), ==, 0);
  g_assert_true (tether_test_wait_state (pid, 'S', 10000));
  g_assert_cmpint (status_int (pid, "TracerPid"), ==, 0);
}

static char *
environ_var (GPid        pid,
             const char *name)
{
  gsize length = 0;
  g_autofree char *contents = proc_file (pid, "environ", &length);
  gsize name_len = strlen (name);

  g_assert_nonnull (contents);
  for (const char *p = contents; p < contents + length; p += strlen (p) + 1)
    {
      if (strncmp (p, name, name_len) == 0 && p[name_len] == '=')
        return g_strdup (p + name_len + 1);
    }

  return NULL;
}

/* attach */

static void
assert_threads (JsonObject *object,
                GPid        pid)
{
  JsonArray *threads = member_array (object, "threads");
  g_autofree char *comm = proc_file (pid, "comm", NULL);
  JsonObject *thread;

  g_assert_cmpuint (json_array_get_length (threads), ==, status_int (pid, "Threads"));
  thread = json_array_get_object_element (threads, 0);
  g_assert_nonnull (thread);
  g_assert_cmpint (member_int (thread, "tid"), ==, pid);
  g_assert_cmpint (member_int (thread, "core"), >=, -1);
  g_assert_nonnull (comm);
  g_assert_cmpstr (member_string (thread, "name"), ==, g_strchomp (comm));
}

static void
test_attach (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autofree char *pid = g_strdup_printf ("%d", victim->pid);
  g_autofree char *stopped_line = g_strdup_printf ("Attached to process %s: stopped\n", pid);
  g_autofree char *running_line = g_strdup_printf ("Attached to process %s: running\n", pid);
  g_autofree char *thread_line = g_strdup_printf ("\n%-10s  ", pid);
  g_autoptr(CliRun) stopped = NULL;
  g_autoptr(CliRun) resumed = NULL;
  g_autoptr(CliRun) json_stopped = NULL;
  g_autoptr(CliRun) json_resumed = NULL;
  g_autoptr(CliRun) killed = NULL;
  g_autoptr(JsonNode) stopped_root = NULL;
  g_autoptr(JsonNode) resumed_root = NULL;
  g_autoptr(JsonNode) killed_root = NULL;

  /* Attached, shown stopped with its threads, then let go. */
  stopped = cli (fixture, "attach", pid, NULL);
  assert_success (stopped);
  assert_contains (stopped->out, stopped_line);
  assert_contains (stopped->out, "THREAD");
  assert_contains (stopped->out, thread_line);
  assert_released (victim->pid);

  resumed = cli (fixture, "attach", "--continue", pid, NULL);
  assert_success (resumed);
  assert_contains (resumed->out, running_line);
  assert_contains (resumed->out, thread_line);
  assert_released (victim->pid);

  json_stopped = cli (fixture, "--json", "attach", pid, NULL);
  assert_success (json_stopped);
  stopped_root = parse_json (json_stopped);
  g_assert_cmpint (member_int (root_object (stopped_root), "pid"), ==, victim->pid);
  g_assert_cmpstr (member_string (root_object (stopped_root), "state"), ==, "stopped");
  assert_threads (root_object (stopped_root), victim->pid);
  assert_released (victim->pid);

  json_resumed = cli (fixture, "--json", "attach", "--continue", pid, NULL);
  assert_success (json_resumed);
  resumed_root = parse_json (json_resumed);
  g_assert_cmpstr (member_string (root_object (resumed_root), "state"), ==, "running");
  assert_threads (root_object (resumed_root), victim->pid);
  assert_released (victim->pid);

  /* Killed through the server: gone (a zombie until this test reaps it). */
  killed = cli (fixture, "--json", "kill", pid, NULL);
  assert_success (killed);
  killed_root = parse_json (killed);
  g_assert_cmpint (member_int (root_object (killed_root), "pid"), ==, victim->pid);
  g_assert_true (member_boolean (root_object (killed_root), "killed"));
  g_assert_true (tether_test_wait_gone (victim->pid, 10000));
}

static void
test_attach_hold (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autofree char *pid = g_strdup_printf ("%d", victim->pid);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(CliRun) run = NULL;
  char *command = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  process = cli_start (fixture, &command, "attach", "--hold", pid, NULL);

  /* Held: traced and stopped, until Ctrl+C. */
  while (status_int (victim->pid, "TracerPid") == 0 && g_get_monotonic_time () < deadline)
    tether_test_spin (20);
  g_assert_cmpint (status_int (victim->pid, "TracerPid"), >, 0);
  g_assert_true (tether_test_wait_state (victim->pid, 't', 10000));
  /* Still holding. */
  tether_test_spin (300);
  g_assert_nonnull (g_subprocess_get_identifier (process));
  g_assert_cmpint (status_int (victim->pid, "TracerPid"), >, 0);

  g_subprocess_send_signal (process, SIGINT);
  run = cli_finish (process, command);
  assert_success (run);
  assert_released (victim->pid);
}

/* launch and kill */

static gboolean
cmdline_equals (const char *cmdline,
                gsize       length,
                const char *expected,
                gsize       expected_length)
{
  return length == expected_length && memcmp (cmdline, expected, length) == 0;
}

static void
test_launch (Fixture       *fixture,
             gconstpointer  data)
{
  /* The shell checks that its arguments arrived whole before it becomes "sleep 600". */
  const char *script = "[ \"$0\" = \"arg with space\" ] && [ \"$1\" = \"é <&>\" ] && "
                       "exec sleep 600";
  static const char launched_cmdline[] = "sleep\0" "600";
  g_autoptr(GString) shell_cmdline = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cwd = g_dir_make_tmp ("tether cli cwd é XXXXXX", &error);
  g_autofree char *cwd_path = NULL;
  g_autofree char *cwd_link = NULL;
  g_autofree char *cmdline = NULL;
  g_autofree char *value = NULL;
  g_autofree char *spaced = NULL;
  g_autofree char *home = NULL;
  g_autofree char *pid_text = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) killed = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  gint64 deadline;
  GPid pid;

  g_assert_no_error (error);
  run = cli (fixture, "--json", "launch", "--cwd", cwd, "--env", "A=b", "--env", "SP=has spaces",
             "--unset", "HOME", "--", "/bin/sh", "-c", script, "arg with space", "é <&>", NULL);
  assert_success (run);
  root = parse_json (run);
  g_assert_cmpuint (json_object_get_size (root_object (root)), ==, 1);
  pid = (GPid)member_int (root_object (root), "pid");
  g_assert_cmpint (pid, >, 0);
  fixture->launched = pid;
  pid_text = g_strdup_printf ("%d", pid);

  /* Exactly the shell's arguments, until it execs sleep; then exactly sleep's. */
  g_string_append_len (shell_cmdline, "/bin/sh\0-c\0", sizeof "/bin/sh\0-c");
  g_string_append_len (shell_cmdline, script, strlen (script) + 1);
  g_string_append_len (shell_cmdline, "arg with space\0é <&>", sizeof "arg with space\0é <&>");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      g_clear_pointer (&cmdline, g_free);
      cmdline = proc_file (pid, "cmdline", &length);
      g_assert_nonnull (cmdline);
      if (cmdline_equals (cmdline, length, launched_cmdline, sizeof launched_cmdline))
        break;
      if (length > 0 && !cmdline_equals (cmdline, length, shell_cmdline->str, shell_cmdline->len))
        {
          g_autofree char *shown = g_strescape (cmdline, NULL);

          g_test_message ("unexpected command line, up to its first NUL: %s", shown);
          g_assert_not_reached ();
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      tether_test_spin (10);
    }

  cwd_path = g_strdup_printf ("/proc/%d/cwd", pid);
  cwd_link = g_file_read_link (cwd_path, NULL);
  g_assert_cmpstr (cwd_link, ==, cwd);
  value = environ_var (pid, "A");
  g_assert_cmpstr (value, ==, "b");
  spaced = environ_var (pid, "SP");
  g_assert_cmpstr (spaced, ==, "has spaces");
  home = environ_var (pid, "HOME");
  g_assert_null (home);

  /* Left running, untraced, after tether-cli (and over local:, its gdbserver) went away. */
  assert_released (pid);
  tether_test_spin (300);
  assert_released (pid);

  killed = cli (fixture, "kill", pid_text, NULL);
  assert_success (killed);
  g_assert_cmpstr (killed->out, ==, "");
  /* Gone, or a zombie of whoever adopted it. */
  g_assert_true (tether_test_wait_gone (pid, 10000));
  fixture->launched = 0;
  g_rmdir (cwd);
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
  const char *transports[] = { "tcp", "local" };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    {
      add (transports[i], "attach", test_attach);
      add (transports[i], "attach-hold", test_attach_hold);
      add (transports[i], "launch", test_launch);
    }

  return g_test_run ();
}
