/* test-lldb-connect.c: connecting to lldb-server platform: detection, kind=, local:kind=lldb, and
 * tether-cli's commands through the same code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include <json-glib/json-glib.h>

#include "tether-error.h"
#include "tether-test-util.h"

/* Forcing the kind, and detection of the other kind */

static void
connect_fails (const char  *options_string,
               const char  *fragment)
{
  g_autoptr(TetherOptions) options = tether_options_parse (options_string, NULL);
  g_autoptr(TetherServer) server = tether_server_new (options);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tether_server_connect_async (server, NULL, tether_test_store_result, &result);
  g_assert_false (tether_server_connect_finish (server, tether_test_wait (&result, 20000),
                                                &error));
  g_assert_nonnull (error);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” lacks “%s”", error->message, fragment);
  g_assert_cmpuint (tether_server_get_state (server), ==, TETHER_SERVER_FAILED);
}

static void
test_kind_forced (void)
{
  g_autoptr(TetherTestLldbPlatform) platform = tether_test_lldb_platform_start ();
  g_autoptr(TetherTestGdbserver) gdbserver = NULL;
  g_autoptr(TetherServer) detected = NULL;
  g_autoptr(TetherServer) forced = NULL;
  g_autofree char *as_gdbserver = NULL;
  g_autofree char *as_lldb = NULL;
  g_autofree char *lldb_forced = NULL;

  if (platform == NULL)
    return;

  gdbserver = tether_test_gdbserver_start ();
  detected = tether_test_connect (gdbserver->options);
  g_assert_cmpint (tether_server_get_kind (detected), ==, TETHER_SERVER_KIND_GDBSERVER);
  g_assert_false (tether_server_get_caps (detected) & TETHER_SERVER_LISTS_PARENTS);
  tether_test_disconnect (g_steal_pointer (&detected));

  /* kind= overrides detection: each backend then says plainly why it cannot work. */
  as_gdbserver = g_strdup_printf ("%s,kind=gdbserver", platform->options);
  connect_fails (as_gdbserver, "--multi");
  as_lldb = g_strdup_printf ("%s,kind=lldb", gdbserver->options);
  connect_fails (as_lldb, "lldb-server platform");

  lldb_forced = g_strdup_printf ("%s,kind=lldb", platform->options);
  forced = tether_test_connect (lldb_forced);
  g_assert_cmpint (tether_server_get_kind (forced), ==, TETHER_SERVER_KIND_LLDB);
  tether_test_disconnect (g_steal_pointer (&forced));
}

/* local:kind=lldb: the platform Tether starts ends with the connection. */
static void
test_local_server_ends (void)
{
  g_autofree char *program = tether_test_find_lldb_server ();
  TetherServer *server;
  GPid child;

  if (program == NULL)
    {
      g_test_skip ("lldb-server is not installed (Debian: lldb-14)");
      return;
    }

  server = tether_test_connect ("local:kind=lldb");
  child = 0;
  {
    g_autoptr(GPtrArray) processes = tether_test_list_processes (server);

    for (guint i = 0; i < processes->len; i++)
      {
        TetherProcess *process = g_ptr_array_index (processes, i);
        const char * const *argv = tether_process_get_argv (process);

        if (tether_process_get_ppid (process) == getpid () && argv != NULL && argv[1] != NULL &&
            g_str_equal (argv[1], "platform"))
          child = tether_process_get_pid (process);
      }
  }
  g_assert_cmpint (child, >, 0);
  tether_test_disconnect (server);
  g_assert_true (tether_test_wait_gone (child, 5000));
}


/* tether-cli through the same code */

static char *
run_cli (const char  *server,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *)g_getenv ("TETHER_CLI"));
  g_ptr_array_add (args, (char *)"--server");
  g_ptr_array_add (args, (char *)server);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *)args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return out;
}

static void
test_cli (void)
{
  g_autoptr(TetherTestLldbPlatform) platform = tether_test_lldb_platform_start ();
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *caps = NULL;
  g_autofree char *list = NULL;
  g_autofree char *found = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *killed = NULL;
  g_autofree char *launched = NULL;
  JsonObject *object;
  JsonArray *supports;
  gboolean parents = FALSE;

  if (platform == NULL)
    return;
  if (g_getenv ("TETHER_CLI") == NULL)
    {
      g_test_skip ("TETHER_CLI is not set");
      return;
    }

  caps = run_cli (platform->options, "caps", "--json", NULL);
  json_parser_load_from_data (parser, caps, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "lldb");
  g_assert_cmpstr (json_object_get_string_member (object, "server"), ==, "lldb-server platform");
  supports = json_object_get_array_member (object, "supports");
  for (guint i = 0; i < json_array_get_length (supports); i++)
    parents |= g_str_equal (json_array_get_string_element (supports, i), "parent-pids");
  g_assert_true (parents);
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "details"),
                                         "triple"));

  victim = tether_test_victim_start ("600");
  pid_text = g_strdup_printf ("%d", victim->pid);
  list = run_cli (platform->options, "list", NULL);
  g_assert_nonnull (strstr (list, pid_text));
  g_assert_nonnull (strstr (list, victim->path));
  found = run_cli (platform->options, "find", victim->name, NULL);
  g_assert_nonnull (strstr (found, pid_text));
  killed = run_cli (platform->options, "kill", pid_text, NULL);
  g_assert_true (tether_test_wait_gone (victim->pid, 5000));

  /* A program that is over before tether-cli lets it go; arguments with spaces, no shell. */
  launched = run_cli (platform->options, "launch", "--no-shell", "--", "/bin/sh", "-c", "exit 0",
                      "a b", NULL);
  g_assert_cmpint (g_ascii_strtoll (launched, NULL, 10), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lldb-connect/kind-forced", test_kind_forced);
  g_test_add_func ("/lldb-connect/local-ends-server", test_local_server_ends);
  g_test_add_func ("/lldb-connect/cli", test_cli);
  return g_test_run ();
}
