/* tether-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-test-util.h"

/* Children of a test die with it, even when it aborts. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (const char * const  *argv,
       GSubprocessFlags     flags)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

TetherTestGdbserver *
tether_test_gdbserver_start (void)
{
  const char *argv[] = { "gdbserver", "--multi", "127.0.0.1:0", NULL };

  return tether_test_gdbserver_start_argv (argv);
}

TetherTestGdbserver *
tether_test_gdbserver_start_as_nobody (void)
{
  const char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                         "gdbserver", "--multi", "127.0.0.1:0", NULL };

  return tether_test_gdbserver_start_argv (argv);
}

TetherTestGdbserver *
tether_test_gdbserver_start_argv (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  TetherTestGdbserver *server = g_new0 (TetherTestGdbserver, 1);

  server->process = spawn (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                 G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  server->pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (server->process), NULL, 10);

  /* "Listening on port N": the port the server chose. */
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (server->process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (err, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "Listening on port "))
        {
          server->port = (guint16)g_ascii_strtoull (line + strlen ("Listening on port "), NULL,
                                                    10);
          break;
        }
    }
  g_assert_cmpuint (server->port, >, 0);
  server->options = g_strdup_printf ("tcp:server=127.0.0.1,port=%u", server->port);
  return server;
}

void
tether_test_gdbserver_stop (TetherTestGdbserver *server)
{
  if (server == NULL)
    return;

  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->options);
  g_free (server);
}

char *
tether_test_find_lldb_server (void)
{
  static const char * const names[] = {
    "lldb-server", "lldb-server-19", "lldb-server-18", "lldb-server-17", "lldb-server-16",
    "lldb-server-15", "lldb-server-14", "lldb-server-13",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_find_program_in_path (names[i]);
      char *real;

      /* The real file: started through Debian's symbolic link, lldb-server platform cannot find
       * its debug server (qLaunchGDBServer fails with E09). */
      if (path != NULL && (real = realpath (path, NULL)) != NULL)
        {
          char *copy = g_strdup (real);

          free (real);
          return copy;
        }
    }
  return NULL;
}

TetherTestLldbPlatform *
tether_test_lldb_platform_start (void)
{
  g_autofree char *program = tether_test_find_lldb_server ();
  g_autofree char *port_file = NULL;
  g_autoptr(GError) error = NULL;
  TetherTestLldbPlatform *platform;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  if (program == NULL)
    {
      g_test_skip ("lldb-server is not installed (Debian: lldb-14)");
      return NULL;
    }

  platform = g_new0 (TetherTestLldbPlatform, 1);
  platform->dir = g_dir_make_tmp ("tether-test-lldb-XXXXXX", &error);
  g_assert_no_error (error);
  port_file = g_build_filename (platform->dir, "port", NULL);
  {
    const char *argv[] = { program, "platform", "--server", "--listen", "127.0.0.1:0",
                           "--socket-file", port_file, NULL };

    platform->process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  }
  platform->pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (platform->process), NULL,
                                         10);

  /* The port, once the server has written it. */
  while (platform->port == 0)
    {
      g_autofree char *contents = NULL;
      guint64 port = 0;

      if (g_file_get_contents (port_file, &contents, NULL, NULL) &&
          g_ascii_string_to_unsigned (g_strstrip (contents), 10, 1, 65535, &port, NULL))
        platform->port = port;
      else
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (10 * 1000);
        }
    }
  g_unlink (port_file);
  platform->options = g_strdup_printf ("tcp:server=127.0.0.1,port=%u", platform->port);
  return platform;
}

void
tether_test_lldb_platform_stop (TetherTestLldbPlatform *platform)
{
  if (platform == NULL)
    return;

  g_subprocess_force_exit (platform->process);
  g_subprocess_wait (platform->process, NULL, NULL);
  g_object_unref (platform->process);
  g_rmdir (platform->dir);
  g_free (platform->dir);
  g_free (platform->options);
  g_free (platform);
}

static guint victim_counter;

TetherTestVictim *
tether_test_victim_start (const char *seconds)
{
  g_autoptr(GError) error = NULL;
  TetherTestVictim *victim = g_new0 (TetherTestVictim, 1);
  g_autofree char *base = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *argv[3];

  base = g_dir_make_tmp ("tether test dir <&>\"'é-XXXXXX", &error);
  g_assert_no_error (error);
  victim->dir = g_steal_pointer (&base);
  /* Unique to this run, so that a search by name finds this victim and no other. */
  victim->name = g_strdup_printf ("slé ep <&>\"' %d.%u", (int)getpid (), victim_counter++);
  victim->path = g_build_filename (victim->dir, victim->name, NULL);

  g_file_get_contents ("/bin/sleep", &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (victim->path, contents, length, G_FILE_SET_CONTENTS_NONE, 0755,
                            &error);
  g_assert_no_error (error);

  argv[0] = victim->path;
  argv[1] = seconds;
  argv[2] = NULL;
  victim->process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  victim->pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (victim->process), NULL, 10);

  /* Settled: exec'd and asleep, so that tests see its steady state. */
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 10000));
  return victim;
}

void
tether_test_victim_stop (TetherTestVictim *victim)
{
  if (victim == NULL)
    return;

  g_subprocess_force_exit (victim->process);
  g_subprocess_wait (victim->process, NULL, NULL);
  g_object_unref (victim->process);
  g_unlink (victim->path);
  g_rmdir (victim->dir);
  g_free (victim->path);
  g_free (victim->name);
  g_free (victim->dir);
  g_free (victim);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

GAsyncResult *
tether_test_wait (GAsyncResult **slot,
                  guint          timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, wait_timeout_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (*slot == NULL)
    g_error ("no result within %u ms", timeout_ms);
  g_source_remove (id);
  return *slot;
}

void
tether_test_store_result (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

TetherServer *
tether_test_new_server (const char *options_string,
                        guint       timeout_ms)
{
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  TetherServer *server;

  options = tether_options_parse (options_string, &error);
  g_assert_no_error (error);
  server = tether_server_new (options);
  if (timeout_ms != 0)
    tether_server_set_timeout (server, timeout_ms);
  return server;
}

gboolean
tether_test_try_connect (TetherServer  *server,
                         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_server_connect_async (server, NULL, tether_test_store_result, &result);
  return tether_server_connect_finish (server, tether_test_wait (&result, 20000), error);
}

TetherServer *
tether_test_connect_timeout (const char *options,
                             guint       timeout_ms)
{
  g_autoptr(GError) error = NULL;
  TetherServer *server = tether_test_new_server (options, timeout_ms);

  tether_test_try_connect (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tether_server_get_state (server), ==, TETHER_SERVER_CONNECTED);
  return server;
}

TetherServer *
tether_test_connect (const char *options)
{
  return tether_test_connect_timeout (options, 0);
}

void
tether_test_disconnect (TetherServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tether_server_disconnect_async (server, FALSE, FALSE, NULL, tether_test_store_result, &result);
  tether_server_disconnect_finish (server, tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tether_server_get_state (server), ==, TETHER_SERVER_DISCONNECTED);
  g_clear_object (&result);
  g_assert_finalize_object (server);
}

char *
tether_test_proc_status (GPid        pid,
                         const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize field_len = strlen (field);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strncmp (lines[i], field, field_len) == 0 && lines[i][field_len] == ':')
        return g_strstrip (g_strdup (lines[i] + field_len + 1));
    }

  return NULL;
}

guint64
tether_test_self_status_kb (const char *field)
{
  g_autofree char *value = tether_test_proc_status (getpid (), field);

  g_assert_nonnull (value);
  return g_ascii_strtoull (value, NULL, 10);
}

gboolean
tether_test_wait_state (GPid  pid,
                        char  state,
                        guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *now = tether_test_proc_status (pid, "State");

      if (now != NULL && now[0] == state)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }

  return FALSE;
}

gboolean
tether_test_wait_gone (GPid  pid,
                       guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (tether_test_pid_is_gone (GINT_TO_POINTER (pid)))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }

  return FALSE;
}

static gboolean
spin_done_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
tether_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  TetherTestHeartbeat *beat = user_data;
  gint64 now = g_get_monotonic_time ();

  beat->longest_gap_us = MAX (beat->longest_gap_us, now - beat->last_us);
  beat->last_us = now;
  beat->ticks++;
  return G_SOURCE_CONTINUE;
}

void
tether_test_heartbeat_start (TetherTestHeartbeat *beat)
{
  *beat = (TetherTestHeartbeat) { 0 };
  beat->start_us = beat->last_us = g_get_monotonic_time ();
  beat->id = g_timeout_add (10, heartbeat_cb, beat);
}

gint64
tether_test_heartbeat_stop (TetherTestHeartbeat *beat)
{
  gint64 waited_ms = tether_test_elapsed_ms (beat->start_us);

  g_clear_handle_id (&beat->id, g_source_remove);
  return waited_ms;
}

gint64
tether_test_elapsed_ms (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
tether_test_poll_until (TetherTestCondition condition,
                        gpointer            data,
                        guint               timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  /* Wakes the loop up now and then, so that the deadline is checked even if nothing happens. */
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gboolean holds;

  while (!(holds = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return holds;
}

gboolean
tether_test_stream_is_closed (gpointer data)
{
  return g_io_stream_is_closed (data);
}

gboolean
tether_test_pid_is_gone (gpointer data)
{
  g_autofree char *state = tether_test_proc_status (GPOINTER_TO_INT (data), "State");

  return state == NULL || state[0] == 'Z' || state[0] == 'X';
}

GIOStream *
tether_test_try_dial (guint16   port,
                      GError  **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_socket_client_connect_to_host_async (client, "127.0.0.1", port, NULL,
                                         tether_test_store_result, &result);
  return G_IO_STREAM (g_socket_client_connect_to_host_finish (client,
                                                              tether_test_wait (&result, 20000),
                                                              error));
}

GIOStream *
tether_test_dial (guint16 port)
{
  g_autoptr(GError) error = NULL;
  GIOStream *stream = tether_test_try_dial (port, &error);

  g_assert_no_error (error);
  return stream;
}

void
tether_test_handshake (TetherRspConnection  *connection,
                       GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_rsp_connection_handshake_async (connection, NULL, tether_test_store_result, &result);
  tether_rsp_connection_handshake_finish (connection, tether_test_wait (&result, 20000), error);
}

GBytes *
tether_test_request (TetherRspConnection    *connection,
                     const char             *packet,
                     TetherRspRequestFlags   flags,
                     GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_rsp_connection_request_async (connection, packet, flags, NULL, tether_test_store_result,
                                       &result);
  return tether_rsp_connection_request_finish (connection, tether_test_wait (&result, 20000),
                                               NULL, error);
}

gboolean
tether_test_gdbserver_stuck (GPid pid)
{
  g_autofree char *fd_dir = g_strdup_printf ("/proc/%d/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (fd_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (fd_dir, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);
      g_autofree char *process_dir = NULL;

      if (target == NULL || !g_str_has_prefix (target, "/proc/") ||
          !g_str_has_suffix (target, "/cmdline"))
        continue;

      process_dir = g_path_get_dirname (target);
      if (!g_file_test (process_dir, G_FILE_TEST_EXISTS))
        return TRUE;
    }

  return FALSE;
}

gboolean
tether_test_skip_if_gdbserver_hung (GPid          pid,
                                    const GError *error)
{
  if (!g_error_matches (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT) ||
      !tether_test_gdbserver_stuck (pid))
    return FALSE;

  g_test_skip ("gdbserver 13.1 hung listing processes (a process ended while it read its "
               "command line); not the engine's doing");
  return TRUE;
}

char
tether_test_proc_state (GPid pid,
                        char expected)
{
  g_autofree char *state = NULL;

  tether_test_wait_state (pid, expected, 5000);
  state = tether_test_proc_status (pid, "State");
  g_assert_nonnull (state);
  return state[0];
}

gint64
tether_test_tracer_of (GPid pid)
{
  g_autofree char *tracer = tether_test_proc_status (pid, "TracerPid");

  g_assert_nonnull (tracer);
  return g_ascii_strtoll (tracer, NULL, 10);
}

char *
tether_test_environ_var (gint64      pid,
                         const char *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/environ", pid);
  g_autofree char *contents = NULL;
  gsize len = 0;
  gsize name_len = strlen (name);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  for (const char *p = contents; p < contents + len; p += strlen (p) + 1)
    {
      if (strncmp (p, name, name_len) == 0 && p[name_len] == '=')
        return g_strdup (p + name_len + 1);
    }

  return NULL;
}
