/* tether-test-cli.h: running tether-cli from a test, and reading its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "tether-test-util.h"

G_BEGIN_DECLS

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

void         cli_run_free      (CliRun         *run);

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


/* Each test's own XDG_CONFIG_HOME, and the server @data names ("tcp", "local" or "none"). */
void         fixture_set_up    (Fixture        *fixture,
                                gconstpointer   data);
/* Ends a process the test launched and a server it started; removes the config directory. */
void         fixture_tear_down (Fixture        *fixture,
                                gconstpointer   data);

/* Runs tether-cli with the fixture's server, then the arguments (NULL-terminated). */
CliRun      *cli               (Fixture        *fixture,
                                ...) G_GNUC_NULL_TERMINATED;
/* Runs tether-cli with exactly the arguments given. */
CliRun      *cli_bare          (Fixture        *fixture,
                                ...) G_GNUC_NULL_TERMINATED;
/* Starts tether-cli with the fixture's server and leaves it running; cli_finish() collects it. */
GSubprocess *cli_start         (Fixture        *fixture,
                                char          **command,
                                ...) G_GNUC_NULL_TERMINATED;
/* Collects the output and exit status of a tether-cli run; fails the test if it takes too long. */
CliRun      *cli_finish        (GSubprocess    *process,
                                char           *command);

/* A GSpawnChildSetupFunc: children of the test die with it, even when it aborts. */
void         die_with_parent   (gpointer        user_data);
/* The contents of /proc/@pid/@name, or NULL. */
char        *proc_file         (GPid            pid,
                                const char     *name,
                                gsize          *length);
/* A number field of /proc/@pid/status. */
gint64       status_int        (GPid            pid,
                                const char     *field);
void         remove_tree       (const char     *path);

/* tether-cli's stdout as JSON; fails the test if it is not. */
JsonNode    *parse_json        (CliRun         *run);
JsonObject  *root_object       (JsonNode       *root);
/* Members that must be there, of the type asked for. */
JsonNode    *member            (JsonObject     *object,
                                const char     *name);
gint64       member_int        (JsonObject     *object,
                                const char     *name);
const char  *member_string     (JsonObject     *object,
                                const char     *name);
gboolean     member_boolean    (JsonObject     *object,
                                const char     *name);
JsonArray   *member_array      (JsonObject     *object,
                                const char     *name);
/* The object of @array whose @key is the string @value, or NULL. */
JsonObject  *find_object       (JsonArray      *array,
                                const char     *key,
                                const char     *value);

G_END_DECLS
