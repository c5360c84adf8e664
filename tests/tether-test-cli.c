/* tether-test-cli.c: running tether-cli from a test, and reading its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-test-cli.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

/* Wall clock allowed to one tether-cli run, and the --timeout it is given for the server: CI
 * machines are small and run the suites in parallel. */
#define CLI_DEADLINE_MS 60000
#define SERVER_TIMEOUT  "20"

void
cli_run_free (CliRun *run)
{
  g_free (run->command);
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

void
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

char *
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
CliRun *
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
CliRun *
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
CliRun *
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
GSubprocess *
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

JsonNode *
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

JsonObject *
root_object (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_test_message ("no member “%s”", name);
  g_assert_nonnull (node);
  return node;
}

gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    g_test_message ("member “%s” is not an integer", name);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = member (object, name);

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    g_test_message ("member “%s” is not a string", name);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

gboolean
member_boolean (JsonObject *object,
                const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  return json_node_get_boolean (node);
}

JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

/* The object of @array whose @key is the string @value, or NULL. */
JsonObject *
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

void
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

void
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

void
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

/* /proc */

gint64
status_int (GPid        pid,
            const char *field)
{
  g_autofree char *value = tether_test_proc_status (pid, field);

  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}
