/* test-lldb-cli.c: tether-cli against a real lldb-server platform: the same commands as for gdbserver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "tether-test-util.h"

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
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lldb-cli/caps-list-find-kill", test_cli);
  return g_test_run ();
}
