/* test-cli.c: the tether-cli program end to end, against a real gdbserver over TCP and local:
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tether-test-util.h"

/* Wall clock allowed to one tether-cli run, and the --timeout it is given for the server: CI
 * machines are small and run the suites in parallel. */
#define CLI_DEADLINE_MS 60000
#define SERVER_TIMEOUT  "20"

/* Each test runs tether-cli against a gdbserver the test starts on a loopback port ("tcp"), against
 * the gdbserver tether-cli starts itself ("local"), or with no server at all ("none"). Every run
 * gets the test's own XDG_CONFIG_HOME, so the user's profiles are never read or written. */
typedef struct
{
  TetherTestGdbserver *gdbserver;
  char                *server;      /* the --server string; NULL for the default, local: */
  char                *config_dir;
  GPid                 launched;    /* a process a test launched, ended if the test stops early */
} Fixture;

typedef struct
{
  char *command;   /* for messages */
  int   status;    /* the exit status, or -1 if a signal ended it */
  char *out;
  char *err;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->command);
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

#define assert_status(run, expected)                                                        \
  G_STMT_START {                                                                            \
    if ((run)->status != (expected))                                                        \
      g_test_message ("$ %s\nstdout: %s\nstderr: %s", (run)->command, (run)->out,           \
                      (run)->err);                                                          \
    g_assert_cmpint ((run)->status, ==, (expected));                                        \
  } G_STMT_END

/* Succeeded, quietly: nothing on stderr. */
#define assert_success(run)                                                                 \
  G_STMT_START {                                                                            \
    assert_status ((run), 0);                                                               \
    g_assert_cmpstr ((run)->err, ==, "");                                                   \
  } G_STMT_END

/* Failed with @expected and a message, and printed nothing for a script to read. */
#define assert_failure(run, expected)                                                       \
  G_STMT_START {                                                                            \
    assert_status ((run), (expected));                                                      \
    g_assert_cmpstr ((run)->out, ==, "");                                                   \
    g_assert_true (g_str_has_prefix ((run)->err, "tether-cli: "));                          \
  } G_STMT_END

#define assert_contains(haystack, needle)                                                   \
  G_STMT_START {                                                                            \
    if (strstr ((haystack), (needle)) == NULL)                                              \
      g_test_message ("“%s” not found in: %s", (needle), (haystack));                       \
    g_assert_nonnull (strstr ((haystack), (needle)));                                       \
  } G_STMT_END

/* Children of the test die with it, even when it aborts. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static const char *
cli_path (void)
{
  static char *fallback;
  const char *path = g_getenv ("TETHER_CLI");

  if (path != NULL)
    return path;
  if (fallback == NULL)
    fallback = g_test_build_filename (G_TEST_BUILT, "..", "src", "tether-cli", NULL);
  return fallback;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return data != NULL ? g_strndup (data, size) : g_strdup ("");
}

static char *
proc_file (GPid        pid,
           const char *name,
           gsize      *length)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", pid, name);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, NULL))
    return NULL;
  return contents;
}

/* Starts tether-cli with @args; @with_server puts the fixture's server and --timeout first. */
static GSubprocess *
cli_spawn (Fixture    *fixture,
           gboolean    with_server,
           GPtrArray  *args,
           char      **command)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GString) quoted = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer)cli_path ());
  if (with_server)
    {
      g_ptr_array_add (argv, "--timeout");
      g_ptr_array_add (argv, SERVER_TIMEOUT);
      if (fixture->server != NULL)
        {
          g_ptr_array_add (argv, "--server");
          g_ptr_array_add (argv, fixture->server);
        }
    }
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (args, i));
  g_ptr_array_add (argv, NULL);

  for (guint i = 0; i + 1 < argv->len; i++)
    {
      g_autofree char *word = g_shell_quote (g_ptr_array_index (argv, i));

      g_string_append_printf (quoted, "%s%s", i > 0 ? " " : "", word);
    }
  *command = g_string_free (g_steal_pointer (&quoted), FALSE);
  g_test_message ("$ %s", *command);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", fixture->config_dir, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Collects the output and exit status of a tether-cli run; fails the test if it takes too long. */
static CliRun *
cli_finish (GSubprocess *process,
            char        *command)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  CliRun *run = g_new0 (CliRun, 1);

  run->command = command;
  g_subprocess_communicate_async (process, NULL, NULL, tether_test_store_result, &result);
  g_subprocess_communicate_finish (process, tether_test_wait (&result, CLI_DEADLINE_MS), &out,
                                   &err, &error);
  g_assert_no_error (error);

  run->out = bytes_to_string (out);
  run->err = bytes_to_string (err);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                     : -1;
  if (run->status == -1)
    g_test_message ("“%s” was killed by signal %d; stderr: %s", command,
                    g_subprocess_get_term_sig (process), run->err);
  return run;
}

/* The local gdbservers this test's tether-cli runs started (they have its XDG_CONFIG_HOME). */
static GArray *
find_local_gdbservers (Fixture *fixture)
{
  g_autofree char *marker = g_strdup_printf ("XDG_CONFIG_HOME=%s", fixture->config_dir);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *comm = NULL;
      g_autofree char *environment = NULL;
      guint64 value;
      gsize length = 0;
      GPid pid;

      if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT32, &value, NULL))
        continue;
      pid = (GPid)value;
      comm = proc_file (pid, "comm", NULL);
      if (comm == NULL || !g_str_equal (g_strchomp (comm), "gdbserver"))
        continue;
      environment = proc_file (pid, "environ", &length);
      for (const char *p = environment; p != NULL && p < environment + length;
           p += strlen (p) + 1)
        {
          if (g_str_equal (p, marker))
            {
              g_array_append_val (pids, pid);
              break;
            }
        }
    }

  return pids;
}

/* After a request timed out: if gdbserver hit its bug (see tether_test_gdbserver_stuck()), puts a
 * working server in its place. */
static gboolean
recover_wedged_server (Fixture *fixture,
                       CliRun  *run)
{
  g_autoptr(GArray) local = NULL;
  gboolean recovered = FALSE;

  if (run->status != 1 || strstr (run->err, "did not answer") == NULL)
    return FALSE;

  if (fixture->gdbserver != NULL)
    {
      if (!tether_test_gdbserver_stuck (fixture->gdbserver->pid))
        return FALSE;
      g_clear_pointer (&fixture->gdbserver, tether_test_gdbserver_stop);
      fixture->gdbserver = tether_test_gdbserver_start ();
      g_free (fixture->server);
      fixture->server = g_strdup (fixture->gdbserver->options);
      recovered = TRUE;
    }
  else
    {
      /* tether-cli left its own wedged gdbserver behind: end it. */
      local = find_local_gdbservers (fixture);
      for (guint i = 0; i < local->len; i++)
        {
          GPid pid = g_array_index (local, GPid, i);

          if (tether_test_gdbserver_stuck (pid))
            {
              kill (pid, SIGKILL);
              recovered = TRUE;
            }
        }
    }

  if (recovered)
    g_test_message ("gdbserver hung listing a process that exited (its own bug, not Tether's); "
                    "trying once more with a new gdbserver");
  return recovered;
}

static CliRun *
cli_run_va (Fixture  *fixture,
            gboolean  with_server,
            va_list   va)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  char *command = NULL;
  const char *arg;
  CliRun *run;

  while ((arg = va_arg (va, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer)arg);

  process = cli_spawn (fixture, with_server, args, &command);
  run = cli_finish (process, command);

  if (with_server && recover_wedged_server (fixture, run))
    {
      g_clear_object (&process);
      cli_run_free (run);
      process = cli_spawn (fixture, with_server, args, &command);
      run = cli_finish (process, command);
    }

  return run;
}

/* Runs tether-cli with the fixture's server, then the arguments (NULL-terminated). */
static CliRun *
cli (Fixture *fixture,
     ...) G_GNUC_NULL_TERMINATED;

static CliRun *
cli (Fixture *fixture,
     ...)
{
  va_list va;
  CliRun *run;

  va_start (va, fixture);
  run = cli_run_va (fixture, TRUE, va);
  va_end (va);
  return run;
}

/* Runs tether-cli with exactly the arguments given. */
static CliRun *
cli_bare (Fixture *fixture,
          ...) G_GNUC_NULL_TERMINATED;

static CliRun *
cli_bare (Fixture *fixture,
          ...)
{
  va_list va;
  CliRun *run;

  va_start (va, fixture);
  run = cli_run_va (fixture, FALSE, va);
  va_end (va);
  return run;
}

/* Starts tether-cli with the fixture's server and leaves it running; cli_finish() collects it. */
static GSubprocess *
cli_start (Fixture  *fixture,
           char    **command,
           ...) G_GNUC_NULL_TERMINATED;

static GSubprocess *
cli_start (Fixture  *fixture,
           char    **command,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list va;

  va_start (va, command);
  while ((arg = va_arg (va, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer)arg);
  va_end (va);
  return cli_spawn (fixture, TRUE, args, command);
}

static JsonNode *
parse_json (CliRun *run)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_utf8_validate (run->out, -1, NULL));
  node = json_from_string (run->out, &error);
  if (error != NULL)
    g_test_message ("$ %s\nnot JSON: %s", run->command, run->out);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonObject *
root_object (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_test_message ("no member “%s”", name);
  g_assert_nonnull (node);
  return node;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    g_test_message ("member “%s” is not an integer", name);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = member (object, name);

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    g_test_message ("member “%s” is not a string", name);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

static gboolean
member_boolean (JsonObject *object,
                const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  return json_node_get_boolean (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

/* The object of @array whose @key is the string @value, or NULL. */
static JsonObject *
find_object (JsonArray  *array,
             const char *key,
             const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *node;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (element));
      node = json_object_get_member (json_node_get_object (element), key);
      if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (node), value) == 0)
        return json_node_get_object (element);
    }

  return NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *transport = data;
  g_autoptr(GError) error = NULL;

  fixture->config_dir = g_dir_make_tmp ("tether-cli-config-XXXXXX", &error);
  g_assert_no_error (error);

  if (g_str_equal (transport, "tcp"))
    {
      fixture->gdbserver = tether_test_gdbserver_start ();
      fixture->server = g_strdup (fixture->gdbserver->options);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Launched processes outlive tether-cli (and over local: its gdbserver): end a leftover. */
  if (fixture->launched > 0)
    {
      kill (fixture->launched, SIGKILL);
      tether_test_wait_gone (fixture->launched, 5000);
    }
  g_clear_pointer (&fixture->gdbserver, tether_test_gdbserver_stop);
  remove_tree (fixture->config_dir);
  g_free (fixture->config_dir);
  g_free (fixture->server);
}

/* /proc helpers */

static gint64
status_int (GPid        pid,
            const char *field)
{
  g_autofree char *value = tether_test_proc_status (pid, field);

  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

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
  const char *transports[] = { "tcp", "local" };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    {
      add (transports[i], "list", test_list);
      add (transports[i], "describe", test_describe);
      add (transports[i], "find", test_find);
      add (transports[i], "attach", test_attach);
      add (transports[i], "attach-hold", test_attach_hold);
      add (transports[i], "launch", test_launch);
      add (transports[i], "monitor-caps", test_monitor_caps);
    }
  add ("tcp", "usage-errors", test_usage_errors);
  add ("tcp", "failures", test_failures);
  add ("tcp", "profiles", test_profiles);
  add ("none", "network-warning", test_network_warning);
  add ("none", "no-secrets", test_no_secrets);

  return g_test_run ();
}
