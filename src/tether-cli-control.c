/* tether-cli-control.c: the commands that take hold of processes: attach, launch, kill, monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "tether-cli-output.h"
#include "tether-cli-private.h"
#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-server.h"

/* attach */

static void
print_threads (GArray *threads)
{
  if (cli.json)
    return;

  g_print ("%-10s  %-4s  %s\n", "THREAD", "CORE", "NAME");
  for (guint i = 0; i < threads->len; i++)
    {
      TetherThreadInfo *info = &g_array_index (threads, TetherThreadInfo, i);

      g_print ("%-10" G_GINT64_FORMAT "  %-4d  %s\n", info->tid, info->core,
               info->name != NULL ? info->name : "");
    }
}

static void
add_threads_member (JsonBuilder *builder,
                    GArray      *threads)
{
  json_builder_set_member_name (builder, "threads");
  json_builder_begin_array (builder);
  for (guint i = 0; threads != NULL && i < threads->len; i++)
    {
      TetherThreadInfo *info = &g_array_index (threads, TetherThreadInfo, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "tid");
      json_builder_add_int_value (builder, info->tid);
      json_builder_set_member_name (builder, "core");
      json_builder_add_int_value (builder, info->core);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, info->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

int
tether_cli_command_attach (int    argc,
                           char **argv)
{
  gboolean resume = FALSE;
  gboolean hold = FALSE;
  const GOptionEntry entries[] = {
    { .long_name = "continue", .arg = G_OPTION_ARG_NONE, .arg_data = &resume,
      .description = "Resume the process at once instead of leaving it stopped" },
    { .long_name = "hold", .arg = G_OPTION_ARG_NONE, .arg_data = &hold,
      .description = "Stay attached until interrupted (Ctrl+C), then detach" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("PID");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) threads_result = NULL;
  g_autoptr(GArray) threads = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tether_cli_usage_error ("%s", error->message);
  if (argc != 2 || !tether_cli_parse_pid (argv[1], &pid))
    return tether_cli_usage_error ("attach takes one PID");

  tether_server_attach_async (cli.server, pid, resume, cli.cancellable, tether_cli_store_result_cb,
                              &result);
  if (!tether_server_attach_finish (cli.server, tether_cli_wait_for (&result), &error))
    return tether_cli_fail (error);

  /* An all-stop server (lldb-server's debug servers) lists threads only while stopped. */
  if (!resume || (tether_server_get_caps (cli.server) & TETHER_SERVER_NON_STOP) != 0)
    {
      tether_server_list_threads_async (cli.server, pid, NULL, tether_cli_store_result_cb,
                                        &threads_result);
      threads = tether_server_list_threads_finish (cli.server,
                                                   tether_cli_wait_for (&threads_result), &error);
      if (threads == NULL)
        g_printerr ("tether-cli: could not list threads: %s\n", error->message);
    }

  if (cli.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pid");
      json_builder_add_int_value (builder, pid);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, resume ? "running" : "stopped");
      add_threads_member (builder, threads);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      tether_cli_print_json (root);
    }
  else
    {
      g_print ("Attached to process %" G_GINT64_FORMAT ": %s\n", pid,
               resume ? "running" : "stopped");
      if (threads != NULL)
        print_threads (threads);
    }

  if (hold)
    {
      if (!cli.json)
        g_print ("Holding; press Ctrl+C to detach.\n");
      while (!cli.interrupted && tether_server_get_state (cli.server) == TETHER_SERVER_CONNECTED)
        g_main_context_iteration (NULL, TRUE);
    }

  return EXIT_SUCCESS;
}

/* launch */

int
tether_cli_command_launch (int    argc,
                           char **argv)
{
  g_autofree char *cwd = NULL;
  g_auto(GStrv) env = NULL;
  g_auto(GStrv) unset = NULL;
  gboolean no_shell = FALSE;
  gboolean shell = FALSE;
  gboolean empty_env = FALSE;
  gboolean disable_aslr = FALSE;
  const GOptionEntry entries[] = {
    { .long_name = "cwd", .arg = G_OPTION_ARG_FILENAME, .arg_data = &cwd,
      .description = "Working directory on the server", .arg_description = "DIR" },
    { .long_name = "env", .arg = G_OPTION_ARG_STRING_ARRAY, .arg_data = &env,
      .description = "Set an environment variable", .arg_description = "NAME=VALUE" },
    { .long_name = "unset", .arg = G_OPTION_ARG_STRING_ARRAY, .arg_data = &unset,
      .description = "Remove an environment variable", .arg_description = "NAME" },
    { .long_name = "empty-env", .arg = G_OPTION_ARG_NONE, .arg_data = &empty_env,
      .description = "Start from an empty environment instead of the server's" },
    { .long_name = "shell", .arg = G_OPTION_ARG_NONE, .arg_data = &shell,
      .description = "Start the program through the server's shell" },
    { .long_name = "no-shell", .arg = G_OPTION_ARG_NONE, .arg_data = &no_shell,
      .description = "Never use a shell (arguments with spaces are then refused)" },
    { .long_name = "disable-aslr", .arg = G_OPTION_ARG_NONE, .arg_data = &disable_aslr,
      .description = "Disable address space randomization" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("-- PROGRAM [ARGUMENT…]");
  g_autoptr(TetherCreateOptions) options = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) detach_result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tether_cli_usage_error ("%s", error->message);
  /* GOption leaves "--" in place only when it follows the options. */
  if (argc >= 2 && g_str_equal (argv[1], "--"))
    {
      argv++;
      argc--;
    }
  if (argc < 2)
    return tether_cli_usage_error ("launch needs a PROGRAM: "
                                   "tether-cli launch -- PROGRAM [ARGUMENT…]");
  if (shell && no_shell)
    return tether_cli_usage_error ("--shell and --no-shell cannot be combined");
  /* lldb-server passes arguments exactly; gdbserver needs its shell for white space. */
  if (no_shell && (tether_server_get_caps (cli.server) & TETHER_SERVER_EXACT_ARGUMENTS) == 0)
    {
      for (int i = 2; i < argc; i++)
        {
          if (tether_create_options_argument_needs_shell (argv[i]))
            return tether_cli_usage_error ("argument “%s” has white space, which gdbserver "
                                           "accepts only through a shell; drop --no-shell",
                                           argv[i]);
        }
    }

  options = tether_create_options_new ((const char * const *)argv + 1);
  tether_create_options_set_cwd (options, cwd);
  tether_create_options_set_use_shell (options, shell);
  tether_create_options_set_disable_aslr (options, disable_aslr);
  /* It runs at once: launch lets it go, and detaching would resume it anyway. */
  tether_create_options_set_stopped (options, FALSE);
  if (empty_env)
    tether_create_options_set_environment_base (options, TETHER_ENVIRONMENT_EMPTY);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      const char *eq = strchr (env[i], '=');

      if (eq == NULL || eq == env[i])
        return tether_cli_usage_error ("--env takes NAME=VALUE, not “%s”", env[i]);
      name = g_strndup (env[i], eq - env[i]);
      tether_create_options_setenv (options, name, eq + 1);
    }
  for (guint i = 0; unset != NULL && unset[i] != NULL; i++)
    {
      if (*unset[i] == '\0' || strchr (unset[i], '=') != NULL)
        return tether_cli_usage_error ("--unset takes a NAME, not “%s”", unset[i]);
      tether_create_options_unsetenv (options, unset[i]);
    }

  tether_server_create_process_async (cli.server, options, cli.cancellable,
                                      tether_cli_store_result_cb, &result);
  pid = tether_server_create_process_finish (cli.server, tether_cli_wait_for (&result), &error);
  if (pid <= 0)
    return tether_cli_fail (error);

  /* Let it go: it runs on after tether-cli exits. */
  tether_server_control_async (cli.server, pid, TETHER_CONTROL_DETACH, NULL,
                               tether_cli_store_result_cb, &detach_result);
  /* A program that has already finished needs no letting go. */
  if (!tether_server_control_finish (cli.server, tether_cli_wait_for (&detach_result), &error) &&
      !g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS))
    return tether_cli_fail (error);

  if (cli.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pid");
      json_builder_add_int_value (builder, pid);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      tether_cli_print_json (root);
    }
  else
    g_print ("%" G_GINT64_FORMAT "\n", pid);

  return EXIT_SUCCESS;
}

/* kill, monitor */

int
tether_cli_command_kill (int    argc,
                         char **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid;

  if (argc != 2 || !tether_cli_parse_pid (argv[1], &pid))
    return tether_cli_usage_error ("kill takes one PID");

  tether_server_control_async (cli.server, pid, TETHER_CONTROL_KILL, cli.cancellable,
                               tether_cli_store_result_cb, &result);
  if (!tether_server_control_finish (cli.server, tether_cli_wait_for (&result), &error))
    return tether_cli_fail (error);

  if (cli.json)
    g_print ("{ \"pid\" : %" G_GINT64_FORMAT ", \"killed\" : true }\n", pid);
  return EXIT_SUCCESS;
}

int
tether_cli_command_monitor (int    argc,
                            char **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *output = NULL;

  if (argc < 2)
    return tether_cli_usage_error ("monitor takes a command, e.g. tether-cli monitor help");

  command = g_strjoinv (" ", argv + 1);
  tether_server_monitor_async (cli.server, command, cli.cancellable, tether_cli_store_result_cb,
                               &result);
  output = tether_server_monitor_finish (cli.server, tether_cli_wait_for (&result), &error);
  if (output == NULL)
    return tether_cli_fail (error);

  if (cli.json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "output", output);
      json_node_set_object (node, object);
      tether_cli_print_json (node);
    }
  else
    g_print ("%s", output);

  return EXIT_SUCCESS;
}
