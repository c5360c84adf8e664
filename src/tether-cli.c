/* tether-cli.c: the engine's jobs from a terminal, with JSON output for scripts, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "tether-cli-output.h"
#include "tether-cli-private.h"
#include "tether-cli-profile.h"
#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-server.h"

TetherCli cli;

/* The engine is asynchronous; a command line program waits for each step in turn while the main
 * loop turns (so timeouts, notifications and Ctrl+C all keep working). */
void
tether_cli_store_result_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

GAsyncResult *
tether_cli_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

int
tether_cli_usage_error (const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("tether-cli: %s\nTry “tether-cli --help”.\n", message);
  return EXIT_USAGE;
}

/* A JSON string (RFC 8259), or null. Engine strings are valid UTF-8 (the parsers make them so). */
static void
append_json_string (GString    *out,
                    const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char)*p);
        }
    }
  g_string_append_c (out, '"');
}

gboolean
tether_cli_parse_pid (const char *text,
                      gint64     *pid)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    return FALSE;
  *pid = (gint64)value;
  return TRUE;
}

static gboolean
interrupted_cb (gpointer user_data)
{
  cli.interrupted = TRUE;
  g_cancellable_cancel (cli.cancellable);
  return G_SOURCE_CONTINUE;
}

/* Connecting and disconnecting */

static int
connect_server (void)
{
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *string = cli.server_string;
  g_autoptr(TetherProfile) profile = NULL;

  if (cli.profile != NULL)
    {
      profile = tether_cli_profile_lookup (cli.profile, &error);
      if (profile == NULL)
        return tether_cli_fail (error);
      string = tether_profile_get_server (profile);
    }
  if (string == NULL)
    string = "local:";

  options = tether_options_parse (string, &error);
  if (options == NULL)
    return tether_cli_fail (error);

  tether_cli_warn_if_unauthenticated (string);

  cli.server = tether_server_new (options);
  tether_server_set_timeout (cli.server, (guint)(cli.timeout * 1000));
  tether_server_connect_async (cli.server, cli.cancellable, tether_cli_store_result_cb, &result);
  if (!tether_server_connect_finish (cli.server, tether_cli_wait_for (&result), &error))
    return tether_cli_fail (error);

  return EXIT_SUCCESS;
}

static int
disconnect_server (gboolean kill_created)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (cli.server == NULL || tether_server_get_state (cli.server) != TETHER_SERVER_CONNECTED)
    return EXIT_SUCCESS;

  /* Never cancelled: whatever was attached must be released even after Ctrl+C. */
  tether_server_disconnect_async (cli.server, kill_created, FALSE, NULL, tether_cli_store_result_cb,
                                  &result);
  if (!tether_server_disconnect_finish (cli.server, tether_cli_wait_for (&result), &error))
    return tether_cli_fail (error);

  return EXIT_SUCCESS;
}

/* list */

static int
compare_processes (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = tether_process_get_pid (*(TetherProcess * const *)a);
  gint64 y = tether_process_get_pid (*(TetherProcess * const *)b);

  return x < y ? -1 : x > y;
}

static int
command_list (int    argc,
              char **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 1)
    return tether_cli_usage_error ("list takes no arguments");

  tether_server_list_processes_async (cli.server, cli.cancellable, tether_cli_store_result_cb,
                                      &result);
  processes = tether_server_list_processes_finish (cli.server, tether_cli_wait_for (&result),
                                                   &error);
  if (processes == NULL)
    return tether_cli_fail (error);

  g_ptr_array_sort (processes, compare_processes);

  if (cli.json)
    {
      /* Written directly rather than through a JsonBuilder tree: for thousands of processes the
       * tree cost more than the whole protocol exchange (tests/bench/bench-list.sh). */
      g_autoptr(GString) out = g_string_sized_new (processes->len * 128);

      g_string_append (out, "[\n");
      for (guint i = 0; i < processes->len; i++)
        {
          TetherProcess *process = g_ptr_array_index (processes, i);

          g_string_append_printf (out, "  { \"pid\" : %" G_GINT64_FORMAT ", \"user\" : ",
                                  tether_process_get_pid (process));
          append_json_string (out, tether_process_get_user (process));
          g_string_append (out, ", \"name\" : ");
          append_json_string (out, tether_process_get_name (process));
          g_string_append (out, ", \"command\" : ");
          append_json_string (out, tether_process_get_command_line (process));
          g_string_append (out, i + 1 < processes->len ? " },\n" : " }\n");
        }
      g_string_append (out, "]\n");
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    {
      g_print ("%7s  %-12s  %s\n", "PID", "USER", "COMMAND");
      for (guint i = 0; i < processes->len; i++)
        {
          TetherProcess *process = g_ptr_array_index (processes, i);

          g_print ("%7" G_GINT64_FORMAT "  %-12s  %s\n", tether_process_get_pid (process),
                   tether_process_get_user (process) ?: "?",
                   tether_process_get_command_line (process) ?: "");
        }
    }

  return EXIT_SUCCESS;
}

/* describe */

static void
add_process_members (JsonBuilder   *builder,
                     TetherProcess *process)
{
  const char * const *argv = tether_process_get_argv (process);
  gint64 start_time = tether_process_get_start_time (process);

  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, tether_process_get_pid (process));
  json_builder_set_member_name (builder, "ppid");
  json_builder_add_int_value (builder, tether_process_get_ppid (process));
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, tether_process_get_user (process));
  json_builder_set_member_name (builder, "uid");
  json_builder_add_int_value (builder, tether_process_get_uid (process));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, tether_process_get_name (process));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, tether_process_get_state (process));
  json_builder_set_member_name (builder, "exe");
  json_builder_add_string_value (builder, tether_process_get_exe (process));
  json_builder_set_member_name (builder, "argv");
  json_builder_begin_array (builder);
  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    json_builder_add_string_value (builder, argv[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "threads");
  json_builder_add_int_value (builder, tether_process_get_threads (process));
  json_builder_set_member_name (builder, "rss_bytes");
  json_builder_add_int_value (builder, (gint64)tether_process_get_rss_bytes (process));
  json_builder_set_member_name (builder, "cpu_time_ms");
  json_builder_add_int_value (builder, (gint64)tether_process_get_cpu_time_ms (process));
  json_builder_set_member_name (builder, "start_time");
  if (start_time > 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (start_time);
      g_autofree char *iso = g_date_time_format_iso8601 (time);

      json_builder_add_string_value (builder, iso);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "tracer_pid");
  json_builder_add_int_value (builder, tether_process_get_tracer_pid (process));
}

static void
print_process (TetherProcess *process)
{
  if (cli.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_process_members (builder, process);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      tether_cli_print_json (root);
    }
  else
    {
      const char * const *argv = tether_process_get_argv (process);
      g_autoptr(GString) quoted = g_string_new (NULL);
      gint64 start_time = tether_process_get_start_time (process);
      g_autofree char *started = NULL;

      for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
        {
          g_autofree char *arg = g_shell_quote (argv[i]);

          g_string_append_printf (quoted, "%s%s", i > 0 ? " " : "", arg);
        }
      if (start_time > 0)
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (start_time);

          started = g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
        }

      g_print ("PID:          %" G_GINT64_FORMAT "\n", tether_process_get_pid (process));
      g_print ("Parent:       %" G_GINT64_FORMAT "\n", tether_process_get_ppid (process));
      g_print ("User:         %s\n", tether_process_get_user (process) ?: "?");
      g_print ("Name:         %s\n", tether_process_get_name (process) ?: "?");
      g_print ("State:        %s\n", tether_process_get_state (process) ?: "?");
      g_print ("Executable:   %s\n", tether_process_get_exe (process) ?: "(not readable)");
      g_print ("Arguments:    %s\n", quoted->str);
      g_print ("Threads:      %" G_GINT64_FORMAT "\n", tether_process_get_threads (process));
      g_print ("Memory (RSS): %" G_GUINT64_FORMAT " KiB\n",
               tether_process_get_rss_bytes (process) / 1024);
      g_print ("CPU time:     %.2f s\n", tether_process_get_cpu_time_ms (process) / 1000.0);
      g_print ("Started:      %s\n", started ?: "?");
      if (tether_process_get_tracer_pid (process) > 0)
        g_print ("Traced by:    %" G_GINT64_FORMAT "\n", tether_process_get_tracer_pid (process));
    }
}

static int
command_describe (int    argc,
                  char **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TetherProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid;

  if (argc != 2 || !tether_cli_parse_pid (argv[1], &pid))
    return tether_cli_usage_error ("describe takes one PID");

  process = tether_process_new (pid);
  tether_server_describe_process_async (cli.server, process, cli.cancellable,
                                        tether_cli_store_result_cb, &result);
  if (!tether_server_describe_process_finish (cli.server, tether_cli_wait_for (&result), &error))
    return tether_cli_fail (error);

  print_process (process);
  return EXIT_SUCCESS;
}

/* find */

static int
command_find (int    argc,
              char **argv)
{
  gboolean full = FALSE;
  gboolean only = FALSE;
  const GOptionEntry entries[] = {
    { .long_name = "full", .arg = G_OPTION_ARG_NONE, .arg_data = &full,
      .description = "Match the executable's whole path" },
    { .long_name = "only", .arg = G_OPTION_ARG_NONE, .arg_data = &only,
      .description = "Fail unless exactly one process matches" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("NAME");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TetherProcess) process = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tether_cli_usage_error ("%s", error->message);
  if (argc != 2)
    return tether_cli_usage_error ("find takes one NAME");
  if (full && only)
    return tether_cli_usage_error ("--full and --only cannot be combined");

  tether_server_find_process_async (cli.server, argv[1],
                                    full ? TETHER_MATCH_FULL
                                         : only ? TETHER_MATCH_ONLY : TETHER_MATCH_DEFAULT,
                                    cli.cancellable, tether_cli_store_result_cb, &result);
  process = tether_server_find_process_finish (cli.server, tether_cli_wait_for (&result), &matches,
                                               &error);
  if (process == NULL)
    return tether_cli_fail (error);

  print_process (process);
  return EXIT_SUCCESS;
}


/* caps */

static int
command_caps (int    argc,
              char **argv)
{
  TetherRspConnection *connection = tether_server_get_connection (cli.server);
  TetherOptions *options = tether_server_get_options (cli.server);
  g_auto(GStrv) names = tether_rsp_connection_dup_feature_names (connection);
  g_auto(GStrv) details = tether_server_dup_details (cli.server);
  g_auto(GStrv) supports = tether_server_caps_to_names (tether_server_get_caps (cli.server));
  g_autofree char *where = tether_options_describe (options);
  gsize packet_size = tether_rsp_connection_get_packet_size (connection);
  gboolean non_stop = tether_rsp_connection_get_non_stop (connection);
  gboolean lldb = tether_server_get_kind (cli.server) == TETHER_SERVER_KIND_LLDB;

  if (argc > 1)
    return tether_cli_usage_error ("caps takes no arguments");

  if (cli.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, lldb ? "lldb" : "gdbserver");
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, tether_server_get_kind_name (cli.server));
      json_builder_set_member_name (builder, "connection");
      json_builder_add_string_value (builder, where);
      json_builder_set_member_name (builder, "packet_size");
      json_builder_add_int_value (builder, packet_size);
      json_builder_set_member_name (builder, "non_stop");
      json_builder_add_boolean_value (builder, non_stop);
      json_builder_set_member_name (builder, "details");
      json_builder_begin_object (builder);
      for (guint i = 0; details[i] != NULL && details[i + 1] != NULL; i += 2)
        {
          json_builder_set_member_name (builder, details[i]);
          json_builder_add_string_value (builder, details[i + 1]);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "supports");
      json_builder_begin_array (builder);
      for (guint i = 0; supports[i] != NULL; i++)
        json_builder_add_string_value (builder, supports[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "features");
      json_builder_begin_object (builder);
      for (guint i = 0; names[i] != NULL; i++)
        {
          json_builder_set_member_name (builder, names[i]);
          json_builder_add_string_value (builder,
                                         tether_rsp_connection_get_feature (connection,
                                                                            names[i]));
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      tether_cli_print_json (root);
    }
  else
    {
      g_autofree char *supported = g_strjoinv (", ", supports);

      g_print ("Server:       %s (%s)\n", tether_server_get_kind_name (cli.server),
               lldb ? "remote serial protocol, platform mode"
                    : "remote serial protocol, extended mode");
      g_print ("Connection:   %s\n", where);
      g_print ("Packet size:  %" G_GSIZE_FORMAT " bytes\n", packet_size);
      g_print ("Non-stop:     %s\n", non_stop ? "yes" : "no");
      g_print ("Supports:     %s\n", supported);
      g_print ("Details:\n");
      for (guint i = 0; details[i] != NULL && details[i + 1] != NULL; i += 2)
        g_print ("  %s = %s\n", details[i], details[i + 1]);
      g_print ("Features:\n");
      for (guint i = 0; names[i] != NULL; i++)
        g_print ("  %s%s%s\n", names[i],
                 g_str_equal (tether_rsp_connection_get_feature (connection, names[i]), "+")
                   ? "" : " = ",
                 g_str_equal (tether_rsp_connection_get_feature (connection, names[i]), "+")
                   ? "" : tether_rsp_connection_get_feature (connection, names[i]));
    }

  return EXIT_SUCCESS;
}

/* Checks, before connecting, what can be checked without the server: a usage error never costs a
 * connection (nor an ssh login). Commands with options of their own check them when they run. */
typedef enum
{
  ARGS_ANY,
  ARGS_NONE,
  ARGS_ONE_PID,
  ARGS_SOME,
} ArgsRule;

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  ArgsRule    rule;
  const char *summary;
} Command;

static const Command commands[] = {
  { "list", command_list, ARGS_NONE, "List the server's processes" },
  { "describe", command_describe, ARGS_ONE_PID, "Describe one process: PID" },
  { "find", command_find, ARGS_ANY, "Find a process by executable: NAME [--full|--only]" },
  { "attach", tether_cli_command_attach, ARGS_ANY,
    "Attach, show the stop and threads, detach: PID [--continue] [--hold]" },
  { "launch", tether_cli_command_launch, ARGS_ANY,
    "Start a process and let it run: [OPTIONS] -- PROGRAM [ARG…]" },
  { "kill", tether_cli_command_kill, ARGS_ONE_PID, "Kill a process: PID" },
  { "monitor", tether_cli_command_monitor, ARGS_SOME, "Run a monitor command: TEXT" },
  { "caps", command_caps, ARGS_NONE, "Show what the server supports" },
};

static int
check_arguments (const Command *command,
                 int            argc,
                 char         **argv)
{
  gint64 pid;

  switch (command->rule)
    {
    case ARGS_NONE:
      if (argc > 1)
        return tether_cli_usage_error ("%s takes no arguments", command->name);
      break;
    case ARGS_ONE_PID:
      if (argc != 2 || !tether_cli_parse_pid (argv[1], &pid))
        return tether_cli_usage_error ("%s takes one PID", command->name);
      break;
    case ARGS_SOME:
      if (argc < 2)
        return tether_cli_usage_error ("%s needs an argument", command->name);
      break;
    case ARGS_ANY:
    default:
      break;
    }

  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  const GOptionEntry entries[] = {
    { .long_name = "server", .short_name = 's', .arg = G_OPTION_ARG_STRING,
      .arg_data = &cli.server_string, .arg_description = "STRING",
      .description = "Connection string (default “local:”), e.g. tcp:server=HOST,port=PORT" },
    { .long_name = "profile", .short_name = 'p', .arg = G_OPTION_ARG_STRING,
      .arg_data = &cli.profile, .arg_description = "NAME",
      .description = "Use a saved connection profile" },
    { .long_name = "json", .arg = G_OPTION_ARG_NONE, .arg_data = &cli.json,
      .description = "Print JSON" },
    { .long_name = "timeout", .arg = G_OPTION_ARG_DOUBLE, .arg_data = &cli.timeout,
      .arg_description = "SECONDS", .description = "How long to wait for the server (default 10)" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GString) summary = g_string_new ("Commands:\n");
  g_autoptr(GError) error = NULL;
  const Command *command = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  cli.timeout = 10;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (summary, "  %-9s %s\n", commands[i].name, commands[i].summary);
  g_string_append (summary, "  profile   Manage saved profiles: list|show|add|edit|remove|import|export");

  context = g_option_context_new ("COMMAND [ARGUMENT…] — talk to a GDB process server");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_description (context, summary->str);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tether_cli_usage_error ("%s", error->message);
  if (argc < 2)
    return tether_cli_usage_error ("no command given");
  if (cli.timeout <= 0 || cli.timeout > 3600)
    return tether_cli_usage_error ("--timeout takes seconds from 0 to 3600");
  if (cli.server_string != NULL && cli.profile != NULL)
    return tether_cli_usage_error ("--server and --profile cannot be combined");

  if (g_str_equal (argv[1], "profile"))
    return tether_cli_profile_main (argc - 1, argv + 1, cli.json);

  /* --json may also follow the command (as "profile list --json" takes it), up to a "--". */
  for (int i = 2; i < argc && !g_str_equal (argv[i], "--"); i++)
    {
      if (g_str_equal (argv[i], "--json"))
        {
          cli.json = TRUE;
          memmove (argv + i, argv + i + 1, (argc - i) * sizeof (char *));
          argc--;
          i--;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        command = &commands[i];
    }
  if (command == NULL)
    return tether_cli_usage_error ("unknown command “%s”", argv[1]);

  cli.cancellable = g_cancellable_new ();
  g_unix_signal_add (SIGINT, interrupted_cb, NULL);
  g_unix_signal_add (SIGTERM, interrupted_cb, NULL);

  status = check_arguments (command, argc - 1, argv + 1);
  if (status != EXIT_SUCCESS)
    return status;

  status = connect_server ();
  if (status == EXIT_SUCCESS)
    status = command->run (argc - 1, argv + 1);

  /* Whatever happened, release what was attached before leaving. */
  if (disconnect_server (FALSE) != EXIT_SUCCESS && status == EXIT_SUCCESS)
    status = EXIT_FAILURE;

  g_clear_object (&cli.server);
  g_clear_object (&cli.cancellable);
  g_free (cli.server_string);
  g_free (cli.profile);
  return status;
}
