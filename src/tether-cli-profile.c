/* tether-cli-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "tether-cli-output.h"
#include "tether-cli-profile.h"
#include "tether-error.h"
#include "tether-options.h"
#include "tether-profile-store.h"

#define EXIT_USAGE 2

typedef struct _Subcommand Subcommand;

struct _Subcommand
{
  const char *name;
  const char *arguments;
  const char *summary;
  guint       min_args;
  guint       max_args;
  const char *wrong_args;  /* the usage error when there are fewer or more */
  int       (*run) (const Subcommand *sub,
                    int               argc,
                    char            **argv,
                    gboolean          json);
};

static int
usage_error (const Subcommand *sub,
             const char       *message)
{
  g_printerr ("tether-cli: %s\nUsage: tether-cli profile %s%s%s\n", message, sub->name,
              sub->arguments[0] != '\0' ? " " : "", sub->arguments);
  return EXIT_USAGE;
}

/* Prints what @builder built. */
static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  tether_cli_print_json (root);
}

/*
 * Parses the options of @sub in @argv (argv[0] is the subcommand's name) and returns the
 * positional arguments, NULL-terminated, or NULL after a usage error was printed (also when there
 * are fewer or more than @sub takes).
 */
static char **
parse_arguments (const Subcommand   *sub,
                 const GOptionEntry *entries,
                 int                 argc,
                 char              **argv,
                 gboolean           *json)
{
  const GOptionEntry json_entries[] = {
    { .long_name = "json", .arg = G_OPTION_ARG_NONE, .arg_data = json,
      .description = "Print JSON" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *parameters = g_strdup_printf ("profile %s %s", sub->name, sub->arguments);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) strv = g_new0 (char *, argc + 1);
  char **positional;
  guint n_args;

  for (int i = 0; i < argc; i++)
    strv[i] = g_strdup (argv[i]);

  context = g_option_context_new (parameters);
  g_option_context_set_summary (context, sub->summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, json_entries, NULL);

  if (!g_option_context_parse_strv (context, &strv, &error))
    {
      usage_error (sub, error->message);
      return NULL;
    }

  /* Drop argv[0]; a "--" that ended the options is not an argument either. */
  positional = g_new0 (char *, g_strv_length (strv) + 1);
  for (guint i = 1, j = 0; strv[i] != NULL; i++)
    {
      if (i == 1 && g_str_equal (strv[i], "--"))
        continue;
      positional[j++] = g_strdup (strv[i]);
    }

  n_args = g_strv_length (positional);
  if (n_args < sub->min_args || n_args > sub->max_args)
    {
      g_strfreev (positional);
      usage_error (sub, sub->wrong_args);
      return NULL;
    }

  return positional;
}

static TetherProfileStore *
open_store (GError **error)
{
  g_autoptr(TetherProfileStore) store = tether_profile_store_new_default ();

  if (!tether_profile_store_load (store, error))
    return NULL;

  /* A damaged file was set aside: say so, and carry on. */
  if (tether_profile_store_get_has_error (store))
    g_printerr ("tether-cli: warning: %s\n", tether_profile_store_get_error_message (store));

  return g_steal_pointer (&store);
}

static gboolean
save_store (TetherProfileStore  *store,
            GError             **error)
{
  gboolean had_error = tether_profile_store_get_has_error (store);

  if (!tether_profile_store_save (store, error))
    return FALSE;

  if (!had_error && tether_profile_store_get_has_error (store))
    g_printerr ("tether-cli: warning: %s\n", tether_profile_store_get_error_message (store));

  return TRUE;
}

static TetherProfile *
find_profile (TetherProfileStore  *store,
              const char          *name_or_id,
              GError             **error)
{
  TetherProfile *profile = tether_profile_store_find_by_id (store, name_or_id);

  if (profile == NULL)
    profile = tether_profile_store_find_by_name (store, name_or_id);

  if (profile == NULL)
    g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                 "There is no profile named “%s”; “tether-cli profile list” shows them",
                 name_or_id);

  return profile;
}

/* Opens the store into @out_store, which keeps the profile alive, and finds @name_or_id in it. */
static TetherProfile *
open_and_find (const char          *name_or_id,
               TetherProfileStore **out_store,
               GError             **error)
{
  *out_store = open_store (error);
  if (*out_store == NULL)
    return NULL;

  return find_profile (*out_store, name_or_id, error);
}

/**
 * tether_cli_profile_lookup:
 * Returns: (transfer full): the profile, or NULL with @error set
 */
TetherProfile *
tether_cli_profile_lookup (const char  *name_or_id,
                           GError     **error)
{
  g_autoptr(TetherProfileStore) store = NULL;
  TetherProfile *profile;

  g_return_val_if_fail (name_or_id != NULL, NULL);

  profile = open_and_find (name_or_id, &store, error);
  return profile != NULL ? g_object_ref (profile) : NULL;
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       unix_time)
{
  json_builder_set_member_name (builder, name);
  if (unix_time > 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);
      g_autofree char *iso = g_date_time_format_iso8601 (time);

      json_builder_add_string_value (builder, iso);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
}

static void
add_profile_object (JsonBuilder   *builder,
                    TetherProfile *profile)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, tether_profile_get_id (profile));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, tether_profile_get_name (profile));
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, tether_profile_get_server (profile));
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, tether_profile_get_description (profile));
  json_builder_set_member_name (builder, "connect_at_startup");
  json_builder_add_boolean_value (builder, tether_profile_get_connect_at_startup (profile));
  json_builder_set_member_name (builder, "refresh_interval_ms");
  json_builder_add_int_value (builder, tether_profile_get_refresh_interval (profile));
  add_time_member (builder, "created", tether_profile_get_created (profile));
  add_time_member (builder, "last_connected", tether_profile_get_last_connected (profile));
  json_builder_set_member_name (builder, "builtin");
  json_builder_add_boolean_value (builder, tether_profile_get_is_builtin (profile));
  json_builder_end_object (builder);
}

static void
print_profile_json (TetherProfile *profile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_profile_object (builder, profile);
  print_json (builder);
}

/* What a subcommand that changed @profile prints: the profile as JSON, or @format. */
static int
report_profile (TetherProfile *profile,
                gboolean       json,
                const char    *format,
                ...) G_GNUC_PRINTF (3, 4);

static int
report_profile (TetherProfile *profile,
                gboolean       json,
                const char    *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (json)
    {
      print_profile_json (profile);
      return EXIT_SUCCESS;
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("%s\n", message);
  return EXIT_SUCCESS;
}

/* What import and export print: {"imported": 3, "file": …}, or "Imported 3 profiles from …". */
static int
report_count (gboolean    json,
              const char *key,
              const char *verb,
              const char *preposition,
              guint       count,
              GFile      *file)
{
  g_autofree char *path = g_file_get_parse_name (file);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, key);
      json_builder_add_int_value (builder, count);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, path);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_print ("%s %u %s %s %s.\n", verb, count, count == 1 ? "profile" : "profiles", preposition,
               path);
    }

  return EXIT_SUCCESS;
}

static char *
format_local_time (gint64      unix_time,
                   const char *otherwise)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_time <= 0)
    return g_strdup (otherwise);

  time = g_date_time_new_from_unix_local (unix_time);
  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
}

/* Left-aligned in a column @width characters wide (not bytes: names may be any text). */
static void
append_padded (GString    *line,
               const char *text,
               guint       width)
{
  glong length = g_utf8_strlen (text, -1);

  g_string_append (line, text);
  for (glong i = length; i < (glong)width; i++)
    g_string_append_c (line, ' ');
}

static int
profile_list (const Subcommand *sub,
              int               argc,
              char            **argv,
              gboolean          json)
{
  g_auto(GStrv) args = parse_arguments (sub, NULL, argc, argv, &json);
  g_autoptr(TetherProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items;
  guint name_width = strlen ("NAME");
  guint server_width = strlen ("SERVER");

  if (args == NULL)
    return EXIT_USAGE;

  store = open_store (&error);
  if (store == NULL)
    return tether_cli_fail (error);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(TetherProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);

          add_profile_object (builder, profile);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(TetherProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);

      name_width = MAX (name_width, g_utf8_strlen (tether_profile_get_name (profile), -1));
      server_width = MAX (server_width, g_utf8_strlen (tether_profile_get_server (profile), -1));
    }

  for (guint i = 0; i <= n_items; i++)
    {
      g_autoptr(TetherProfile) profile = NULL;
      g_autoptr(GString) line = g_string_new (NULL);

      if (i == 0)
        {
          append_padded (line, "NAME", name_width + 2);
          append_padded (line, "SERVER", server_width + 2);
          g_string_append (line, "DESCRIPTION");
        }
      else
        {
          profile = g_list_model_get_item (G_LIST_MODEL (store), i - 1);
          append_padded (line, tether_profile_get_name (profile), name_width + 2);
          append_padded (line, tether_profile_get_server (profile), server_width + 2);
          if (tether_profile_get_is_builtin (profile))
            g_string_append (line, "(built in) ");
          g_string_append (line, tether_profile_get_description (profile));
        }

      /* Each line on its own, no trailing spaces. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_print ("%s\n", line->str);
    }

  return EXIT_SUCCESS;
}

void
tether_cli_warn_if_unauthenticated (const char *server)
{
  g_autoptr(TetherOptions) options = tether_options_parse (server, NULL);

  if (options != NULL && tether_options_is_unauthenticated_network (options))
    g_printerr ("tether-cli: warning: gdbserver has no authentication; anyone who can reach %s "
                "can control processes there. Prefer ssh: for remote machines, or ssl: with a "
                "pinned certificate.\n",
                tether_options_get_host (options));
}

static int
profile_show (const Subcommand *sub,
              int               argc,
              char            **argv,
              gboolean          json)
{
  g_auto(GStrv) args = parse_arguments (sub, NULL, argc, argv, &json);
  g_autoptr(TetherProfileStore) store = NULL;
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *created = NULL;
  g_autofree char *last_connected = NULL;
  g_autofree char *connection = NULL;
  g_autofree char *refresh = NULL;
  TetherProfile *profile;

  if (args == NULL)
    return EXIT_USAGE;

  profile = open_and_find (args[0], &store, &error);
  if (profile == NULL)
    return tether_cli_fail (error);

  if (json)
    {
      print_profile_json (profile);
      return EXIT_SUCCESS;
    }

  options = tether_options_parse (tether_profile_get_server (profile), &parse_error);
  connection = options != NULL ? tether_options_describe (options)
                               : g_strdup (parse_error->message);
  if (tether_profile_get_refresh_interval (profile) > 0)
    refresh = g_strdup_printf ("%u ms", tether_profile_get_refresh_interval (profile));
  created = format_local_time (tether_profile_get_created (profile), "unknown");
  last_connected = format_local_time (tether_profile_get_last_connected (profile), "never");

  g_print ("Name:               %s\n", tether_profile_get_name (profile));
  g_print ("ID:                 %s\n", tether_profile_get_id (profile));
  g_print ("Server:             %s\n", tether_profile_get_server (profile));
  g_print ("Connection:         %s\n", connection);
  g_print ("Description:        %s\n", tether_profile_get_description (profile));
  g_print ("Built in:           %s\n", tether_profile_get_is_builtin (profile) ? "yes" : "no");
  g_print ("Connect at startup: %s\n",
           tether_profile_get_connect_at_startup (profile) ? "yes" : "no");
  g_print ("Refresh interval:   %s\n", refresh != NULL ? refresh : "default");
  g_print ("Created:            %s\n", created);
  g_print ("Last connected:     %s\n", last_connected);

  return EXIT_SUCCESS;
}

static int
profile_add (const Subcommand *sub,
             int               argc,
             char            **argv,
             gboolean          json)
{
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { .long_name = "description", .arg = G_OPTION_ARG_STRING, .arg_data = &description,
      .arg_description = "TEXT", .description = "What the profile is for" },
    { NULL }
  };
  g_auto(GStrv) args = parse_arguments (sub, entries, argc, argv, &json);
  g_autoptr(TetherProfileStore) store = NULL;
  g_autoptr(TetherProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  if (args == NULL)
    return EXIT_USAGE;

  store = open_store (&error);
  if (store == NULL)
    return tether_cli_fail (error);

  profile = tether_profile_new (args[0], args[1]);
  if (description != NULL)
    tether_profile_set_description (profile, description);

  if (!tether_profile_store_add (store, profile, &error) || !save_store (store, &error))
    return tether_cli_fail (error);
  tether_cli_warn_if_unauthenticated (tether_profile_get_server (profile));

  return report_profile (profile, json, "Added “%s” (%s).", tether_profile_get_name (profile),
                         tether_profile_get_server (profile));
}

static int
profile_edit (const Subcommand *sub,
              int               argc,
              char            **argv,
              gboolean          json)
{
  g_autofree char *name = NULL;
  g_autofree char *server = NULL;
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { .long_name = "name", .arg = G_OPTION_ARG_STRING, .arg_data = &name,
      .arg_description = "NEW", .description = "A new name" },
    { .long_name = "server", .arg = G_OPTION_ARG_STRING, .arg_data = &server,
      .arg_description = "STRING", .description = "A new connection string" },
    { .long_name = "description", .arg = G_OPTION_ARG_STRING, .arg_data = &description,
      .arg_description = "TEXT", .description = "A new description" },
    { NULL }
  };
  g_auto(GStrv) args = parse_arguments (sub, entries, argc, argv, &json);
  g_autoptr(TetherProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfile *profile;

  if (args == NULL)
    return EXIT_USAGE;
  if (name == NULL && server == NULL && description == NULL)
    return usage_error (sub, "nothing to change: give --name, --server or --description");

  profile = open_and_find (args[0], &store, &error);
  if (profile == NULL)
    return tether_cli_fail (error);

  if (!tether_profile_store_update (store, profile, name, server, description, &error) ||
      !save_store (store, &error))
    return tether_cli_fail (error);
  if (server != NULL)
    tether_cli_warn_if_unauthenticated (server);

  return report_profile (profile, json, "Updated “%s”.", tether_profile_get_name (profile));
}

static int
profile_remove (const Subcommand *sub,
                int               argc,
                char            **argv,
                gboolean          json)
{
  g_auto(GStrv) args = parse_arguments (sub, NULL, argc, argv, &json);
  g_autoptr(TetherProfileStore) store = NULL;
  g_autoptr(TetherProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  TetherProfile *found;

  if (args == NULL)
    return EXIT_USAGE;

  found = open_and_find (args[0], &store, &error);
  if (found == NULL)
    return tether_cli_fail (error);
  profile = g_object_ref (found);

  if (!tether_profile_store_remove (store, tether_profile_get_id (profile), &error) ||
      !save_store (store, &error))
    return tether_cli_fail (error);

  return report_profile (profile, json, "Removed “%s”.", tether_profile_get_name (profile));
}

static int
profile_import (const Subcommand *sub,
                int               argc,
                char            **argv,
                gboolean          json)
{
  g_auto(GStrv) args = parse_arguments (sub, NULL, argc, argv, &json);
  g_autoptr(TetherProfileStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;

  if (args == NULL)
    return EXIT_USAGE;

  store = open_store (&error);
  if (store == NULL)
    return tether_cli_fail (error);

  file = g_file_new_for_commandline_arg (args[0]);
  if (!tether_profile_store_import (store, file, &n_imported, &error) ||
      !save_store (store, &error))
    return tether_cli_fail (error);

  return report_count (json, "imported", "Imported", "from", n_imported, file);
}

static int
profile_export (const Subcommand *sub,
                int               argc,
                char            **argv,
                gboolean          json)
{
  g_auto(GStrv) args = parse_arguments (sub, NULL, argc, argv, &json);
  g_autoptr(TetherProfileStore) store = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint n_exported;

  if (args == NULL)
    return EXIT_USAGE;

  store = open_store (&error);
  if (store == NULL)
    return tether_cli_fail (error);

  if (args[1] != NULL)
    {
      ids = g_ptr_array_new ();
      for (guint i = 1; args[i] != NULL; i++)
        {
          TetherProfile *profile = find_profile (store, args[i], &error);

          if (profile == NULL)
            return tether_cli_fail (error);
          g_ptr_array_add (ids, (gpointer)tether_profile_get_id (profile));
        }
      g_ptr_array_add (ids, NULL);
    }

  file = g_file_new_for_commandline_arg (args[0]);
  if (!tether_profile_store_export (store, file,
                                    ids != NULL ? (const char * const *)ids->pdata : NULL,
                                    &error))
    return tether_cli_fail (error);

  n_exported = ids != NULL ? ids->len - 1 : g_list_model_get_n_items (G_LIST_MODEL (store));
  return report_count (json, "exported", "Exported", "to", n_exported, file);
}

static const Subcommand subcommands[] = {
  { "list", "", "List the saved profiles.",
    0, 0, "list takes no arguments", profile_list },
  { "show", "NAME", "Show one profile.",
    1, 1, "show takes one profile name", profile_show },
  { "add", "NAME STRING [--description TEXT]", "Save a connection string under a name.",
    2, 2, "add takes a name and a connection string", profile_add },
  { "edit", "NAME [--name NEW] [--server STRING] [--description TEXT]", "Change a profile.",
    1, 1, "edit takes one profile name", profile_edit },
  { "remove", "NAME", "Delete a profile (the built-in one cannot be deleted).",
    1, 1, "remove takes one profile name", profile_remove },
  { "import", "FILE", "Add or update the profiles saved in FILE.",
    1, 1, "import takes one file", profile_import },
  { "export", "FILE [NAME…]", "Save all profiles, or the ones named, to FILE.",
    1, G_MAXUINT, "export takes a file, then optionally the profiles to export", profile_export },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "Usage:\n");
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (stream, "  tether-cli profile %s%s%s\n", subcommands[i].name,
             subcommands[i].arguments[0] != '\0' ? " " : "", subcommands[i].arguments);
  fprintf (stream, "\nProfiles are kept in %s/tether/profiles.json.\n", g_get_user_config_dir ());
}

int
tether_cli_profile_main (int       argc,
                         char    **argv,
                         gboolean  json)
{
  g_return_val_if_fail (argc >= 1, EXIT_USAGE);

  if (argc < 2)
    {
      g_printerr ("tether-cli: profile needs a subcommand\n");
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "help") || g_str_equal (argv[1], "--help") ||
      g_str_equal (argv[1], "-h"))
    {
      print_usage (stdout);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (argv[1], subcommands[i].name))
        return subcommands[i].run (&subcommands[i], argc - 1, argv + 1, json);
    }

  g_printerr ("tether-cli: unknown profile subcommand “%s”\n", argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
