/* test-cli.c: tether-cli's listing, describe, find, caps and usage, end to end against a real
 * gdbserver over TCP and local:
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include "tether-test-cli.h"

/* Starts a second instance of @victim's program. */
static GSubprocess *
start_copy (TetherTestVictim *victim,
            const char       *seconds,
            GPid             *pid)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { victim->path, seconds, NULL };
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  *pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
  /* Exec'd and asleep: until then it is a copy of this test. */
  g_assert_true (tether_test_wait_state (*pid, 'S', 10000));
  return process;
}

/* A PID no process has: PIDs are below pid_max. */
static char *
missing_pid (void)
{
  g_autofree char *contents = NULL;
  gint64 pid_max;

  g_assert_true (g_file_get_contents ("/proc/sys/kernel/pid_max", &contents, NULL, NULL));
  pid_max = g_ascii_strtoll (contents, NULL, 10);
  g_assert_cmpint (pid_max, >, 1);
  return g_strdup_printf ("%" G_GINT64_FORMAT, pid_max);
}

/* A loopback port that refuses connections: bound, never listening, so nothing else takes it. */
static GSocket *
refusing_socket (guint16 *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *sock;

  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (sock, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return sock;
}

/* list */

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(CliRun) run = cli (fixture, "--json", "list", NULL);
  g_autoptr(CliRun) text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *victim_line = NULL;
  JsonObject *found = NULL;
  gboolean found_self = FALSE;
  JsonArray *array;
  gint64 previous = 0;

  assert_success (run);
  root = parse_json (run);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), >, 3);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      gint64 pid;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (element));
      object = json_node_get_object (element);
      pid = member_int (object, "pid");
      g_assert_true (json_object_has_member (object, "user"));
      g_assert_true (json_object_has_member (object, "command"));
      /* Sorted by PID. */
      g_assert_cmpint (pid, >, previous);
      previous = pid;

      if (pid == victim->pid)
        found = object;
      found_self |= pid == getpid ();
    }

  g_assert_nonnull (found);
  g_assert_true (found_self);
  /* The exact path, with its spaces, markup characters and accents. */
  g_assert_true (g_str_has_prefix (member_string (found, "command"), victim->path));
  g_assert_true (g_str_has_suffix (member_string (found, "command"), " 600"));
  g_assert_cmpstr (member_string (found, "user"), ==, g_get_user_name ());

  /* The table: a header, and the victim's line. */
  text = cli (fixture, "list", NULL);
  assert_success (text);
  g_assert_true (g_str_has_prefix (text->out, "    PID  USER"));
  victim_line = g_strdup_printf ("%d  %s", victim->pid, g_get_user_name ());
  assert_contains (text->out, victim_line);
  assert_contains (text->out, victim->path);
}

/* describe */

static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autofree char *pid = g_strdup_printf ("%d", victim->pid);
  g_autoptr(CliRun) run = cli (fixture, "--json", "describe", pid, NULL);
  g_autoptr(CliRun) text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *executable_line = NULL;
  const char * const keys[] = {
    "pid", "ppid", "user", "state", "exe", "argv", "threads", "rss_bytes", "cpu_time_ms",
    "start_time",
  };
  JsonObject *object;
  JsonArray *argv;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  assert_success (run);
  root = parse_json (run);
  object = root_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    member (object, keys[i]);

  g_assert_cmpint (member_int (object, "pid"), ==, victim->pid);
  g_assert_cmpint (member_int (object, "ppid"), ==, getpid ());
  g_assert_cmpstr (member_string (object, "user"), ==, g_get_user_name ());
  g_assert_cmpint (member_int (object, "uid"), ==, getuid ());
  g_assert_cmpstr (member_string (object, "state"), ==, "S");
  g_assert_cmpstr (member_string (object, "exe"), ==, victim->path);

  argv = member_array (object, "argv");
  g_assert_cmpuint (json_array_get_length (argv), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (argv, 0), ==, victim->path);
  g_assert_cmpstr (json_array_get_string_element (argv, 1), ==, "600");

  g_assert_cmpint (member_int (object, "threads"), ==, status_int (victim->pid, "Threads"));
  /* Asleep, so its memory stays as it was. */
  g_assert_cmpint (member_int (object, "rss_bytes"), ==, status_int (victim->pid, "VmRSS") * 1024);
  g_assert_cmpint (member_int (object, "cpu_time_ms"), >=, 0);
  g_assert_cmpint (member_int (object, "cpu_time_ms"), <, 60000);
  g_assert_cmpint (member_int (object, "tracer_pid"), ==, 0);

  /* ISO 8601, and started (by the wall clock) within the last minute. */
  start = g_date_time_new_from_iso8601 (member_string (object, "start_time"), NULL);
  g_assert_nonnull (start);
  g_assert_cmpint (ABS (g_date_time_to_unix (start) - now), <, 60);

  /* The text form. */
  text = cli (fixture, "describe", pid, NULL);
  assert_success (text);
  executable_line = g_strdup_printf ("Executable:   %s\n", victim->path);
  assert_contains (text->out, executable_line);
  assert_contains (text->out, pid);
}

/* find */

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TetherTestVictim) first = tether_test_victim_start ("601");
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(CliRun) by_name = NULL;
  g_autoptr(CliRun) by_path = NULL;
  g_autoptr(CliRun) ambiguous = NULL;
  g_autoptr(CliRun) none = NULL;
  g_autoptr(CliRun) combined = NULL;
  g_autoptr(CliRun) only = NULL;
  g_autoptr(JsonNode) name_root = NULL;
  g_autoptr(JsonNode) path_root = NULL;
  g_autoptr(JsonNode) only_root = NULL;
  g_autofree char *first_pid = NULL;
  g_autofree char *second_pid_text = NULL;
  GPid second_pid = 0;
  GPid lowest;

  second = start_copy (first, "602", &second_pid);
  lowest = MIN (first->pid, second_pid);
  first_pid = g_strdup_printf ("%d", first->pid);
  second_pid_text = g_strdup_printf ("%d", second_pid);

  /* By file name: the first (lowest PID) of the two. */
  by_name = cli (fixture, "--json", "find", first->name, NULL);
  assert_success (by_name);
  name_root = parse_json (by_name);
  g_assert_cmpint (member_int (root_object (name_root), "pid"), ==, lowest);
  g_assert_cmpstr (member_string (root_object (name_root), "exe"), ==, first->path);

  /* By the whole path. */
  by_path = cli (fixture, "--json", "find", "--full", first->path, NULL);
  assert_success (by_path);
  path_root = parse_json (by_path);
  g_assert_cmpint (member_int (root_object (path_root), "pid"), ==, lowest);

  /* --only with two: an error that names both. */
  ambiguous = cli (fixture, "find", "--only", first->name, NULL);
  assert_failure (ambiguous, 1);
  assert_contains (ambiguous->err, first_pid);
  assert_contains (ambiguous->err, second_pid_text);

  /* --full takes a path, not a name. */
  none = cli (fixture, "find", "--full", first->name, NULL);
  assert_failure (none, 1);
  assert_contains (none->err, first->name);

  combined = cli (fixture, "find", "--full", "--only", first->path, NULL);
  assert_failure (combined, 2);

  /* --only with one left. */
  g_subprocess_force_exit (second);
  g_subprocess_wait (second, NULL, NULL);
  only = cli (fixture, "--json", "find", "--only", first->name, NULL);
  assert_success (only);
  only_root = parse_json (only);
  g_assert_cmpint (member_int (root_object (only_root), "pid"), ==, first->pid);
}

/* monitor and caps */

static void
assert_caps (Fixture    *fixture,
             JsonObject *object)
{
  JsonNode *features_node = member (object, "features");
  JsonObject *features;
  gint64 packet_size = member_int (object, "packet_size");

  g_assert_true (JSON_NODE_HOLDS_OBJECT (features_node));
  features = json_node_get_object (features_node);
  g_assert_cmpuint (json_object_get_size (features), >, 0);
  g_assert_cmpint (packet_size, >, 0);
  /* What gdbserver itself announced. */
  if (json_object_has_member (features, "PacketSize"))
    g_assert_cmpint (packet_size, ==,
                     g_ascii_strtoll (member_string (features, "PacketSize"), NULL, 16));
  g_assert_true (member_boolean (object, "non_stop"));
  g_assert_cmpstr (member_string (object, "kind"), ==, "gdbserver");
  if (fixture->gdbserver != NULL)
    {
      g_autofree char *port = g_strdup_printf ("%u", fixture->gdbserver->port);

      assert_contains (member_string (object, "connection"), port);
    }
}

static void
test_monitor_caps (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CliRun) help = cli (fixture, "monitor", "help", NULL);
  g_autoptr(CliRun) json_help = NULL;
  g_autoptr(CliRun) caps = NULL;
  g_autoptr(CliRun) caps_after = NULL;
  g_autoptr(JsonNode) help_root = NULL;
  g_autoptr(JsonNode) caps_root = NULL;

  assert_success (help);
  assert_contains (help->out, "monitor commands");

  json_help = cli (fixture, "--json", "monitor", "help", NULL);
  assert_success (json_help);
  help_root = parse_json (json_help);
  assert_contains (member_string (root_object (help_root), "output"), "monitor commands");

  caps = cli (fixture, "--json", "caps", NULL);
  assert_success (caps);
  caps_root = parse_json (caps);
  assert_caps (fixture, root_object (caps_root));

  /* --json after the command, as "profile list --json" takes it. */
  caps_after = cli (fixture, "caps", "--json", NULL);
  {
    g_autoptr(JsonNode) root = NULL;

    assert_success (caps_after);
    root = parse_json (caps_after);
    assert_caps (fixture, root_object (root));
  }
}

/* Exit codes */

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *server = fixture->server;
  g_autoptr(GSocket) refusing = NULL;
  g_autofree char *refused = NULL;
  guint16 port = 0;
  const char *cases[][6] = {
    { NULL },
    { "frobnicate", NULL },
    { "describe", NULL },
    { "describe", "abc", NULL },
    { "describe", "0", NULL },
    { "describe", "1", "2", NULL },
    { "attach", NULL },
    { "attach", "--bogus", "1", NULL },
    { "kill", "abc", NULL },
    { "find", NULL },
    { "launch", NULL },
    { "launch", "--env", "NOVALUE", "--", "/bin/true", NULL },
    { "list", "extra", NULL },
    { "caps", "extra", NULL },
    { "monitor", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CliRun) run = cli (fixture, cases[i][0], cases[i][1], cases[i][2], cases[i][3],
                                   cases[i][4], cases[i][5], NULL);

      assert_failure (run, 2);
    }

  /* Global options. */
  {
    g_autoptr(CliRun) none = cli_bare (fixture, NULL);
    g_autoptr(CliRun) both = cli_bare (fixture, "--server", server, "--profile", "x", "list",
                                       NULL);
    g_autoptr(CliRun) zero = cli_bare (fixture, "--server", server, "--timeout", "0", "list",
                                       NULL);
    g_autoptr(CliRun) word = cli_bare (fixture, "--timeout", "soon", "list", NULL);
    g_autoptr(CliRun) bogus = cli_bare (fixture, "--bogus", "list", NULL);
    g_autoptr(CliRun) unknown = cli_bare (fixture, "--server", server, "frobnicate", NULL);

    assert_failure (none, 2);
    assert_failure (both, 2);
    assert_contains (both->err, "--profile");
    assert_failure (zero, 2);
    assert_contains (zero->err, "--timeout");
    assert_failure (word, 2);
    assert_failure (bogus, 2);
    assert_failure (unknown, 2);
    assert_contains (unknown->err, "frobnicate");
  }

  /* A usage error is one whatever the server: it needs no connection to be found. */
  refusing = refusing_socket (&port);
  refused = g_strdup_printf ("tcp:server=127.0.0.1,port=%u", port);
  {
    g_autoptr(CliRun) run = cli_bare (fixture, "--server", refused, "describe", "abc", NULL);

    assert_failure (run, 2);
  }
}

static void
test_failures (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *missing = missing_pid ();
  g_autoptr(GSocket) refusing = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *port_text = NULL;
  const char *malformed = "tcp:server=127.0.0.1,port=none";
  g_autoptr(CliRun) bad_string = cli_bare (fixture, "--server", malformed, "list", NULL);
  g_autoptr(CliRun) refused_run = NULL;
  g_autoptr(CliRun) describe = NULL;
  g_autoptr(CliRun) attach = NULL;
  g_autoptr(CliRun) killed = NULL;
  g_autoptr(CliRun) launch = NULL;
  guint16 port = 0;

  assert_failure (bad_string, 1);
  assert_contains (bad_string->err, malformed);

  refusing = refusing_socket (&port);
  refused = g_strdup_printf ("tcp:server=127.0.0.1,port=%u", port);
  port_text = g_strdup_printf ("%u", port);
  refused_run = cli_bare (fixture, "--server", refused, "list", NULL);
  assert_failure (refused_run, 1);
  assert_contains (refused_run->err, "refused");
  assert_contains (refused_run->err, port_text);

  describe = cli (fixture, "describe", missing, NULL);
  assert_failure (describe, 1);
  assert_contains (describe->err, missing);
  assert_contains (describe->err, "may have exited");

  attach = cli (fixture, "attach", missing, NULL);
  assert_failure (attach, 1);
  assert_contains (attach->err, missing);

  killed = cli (fixture, "kill", missing, NULL);
  assert_failure (killed, 1);
  assert_contains (killed->err, missing);

  launch = cli (fixture, "launch", "--", "/nonexistent/program", NULL);
  assert_failure (launch, 1);
  assert_contains (launch->err, "/nonexistent/program");
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
      add (transports[i], "list", test_list);
      add (transports[i], "describe", test_describe);
      add (transports[i], "find", test_find);
      add (transports[i], "monitor-caps", test_monitor_caps);
    }
  add ("tcp", "usage-errors", test_usage_errors);
  add ("tcp", "failures", test_failures);

  return g_test_run ();
}
