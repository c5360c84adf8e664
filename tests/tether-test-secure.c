/* tether-test-secure.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "tether-error.h"
#include "tether-test-secure.h"
#include "tether-test-util.h"

char *
tether_test_scratch_new (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
tether_test_scratch_remove (char *dir)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (dir == NULL)
    return;
  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

gboolean
tether_test_has_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  return path != NULL;
}

void
tether_test_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
}

char *
tether_test_write (const char *dir,
                   const char *name,
                   const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  return path;
}

guint16
tether_test_free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  g_socket_close (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Children of a test die with it, even when it aborts. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
read_all (GInputStream *stream)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_NONE, NULL, NULL);
  g_output_stream_write (out, "", 1, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

GSubprocess *
tether_test_start_listener (const char * const  *argv,
                            guint16              port,
                            GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  gint64 start = g_get_monotonic_time ();

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return NULL;

  /* A failure bound, not a speed check. */
  while (tether_test_elapsed_ms (start) < 20000)
    {
      g_autoptr(GIOStream) stream = NULL;
      const char *id = g_subprocess_get_identifier (process);
      g_autofree char *state = NULL;

      /* Exited (a zombie until reaped) or listening? */
      if (id == NULL)
        break;
      state = tether_test_proc_status ((GPid)g_ascii_strtoll (id, NULL, 10), "State");
      if (state == NULL || state[0] == 'Z')
        break;
      stream = tether_test_try_dial (port, NULL);
      if (stream != NULL)
        {
          g_io_stream_close (stream, NULL, NULL);
          return g_steal_pointer (&process);
        }
      g_usleep (20000);
    }

  {
    g_autofree char *text = NULL;

    g_subprocess_force_exit (process);
    text = read_all (g_subprocess_get_stderr_pipe (process));
    g_subprocess_wait (process, NULL, NULL);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s did not listen on port %u: %s",
                 argv[0], port, text);
  }
  return NULL;
}

void
tether_test_stop_listener (GSubprocess *process)
{
  if (process == NULL)
    return;
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

GError *
tether_test_connect_error (const char *options_string)
{
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(TetherServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  options = tether_options_parse (options_string, &error);
  g_assert_no_error (error);
  server = tether_server_new (options);
  tether_server_connect_async (server, NULL, tether_test_store_result, &result);
  g_assert_false (tether_server_connect_finish (server, tether_test_wait (&result, 30000),
                                                &error));
  g_assert_nonnull (error);
  g_test_message ("%s: %s", options_string, error->message);
  g_assert_cmpuint (tether_server_get_state (server), ==, TETHER_SERVER_FAILED);
  return error;
}

void
tether_test_assert_message (const GError *error,
                            int           code,
                            ...)
{
  va_list args;
  const char *needle;

  g_assert_error (error, TETHER_ERROR, code);
  va_start (args, code);
  while ((needle = va_arg (args, const char *)) != NULL)
    if (strstr (error->message, needle) == NULL)
      g_error ("“%s” is not in the message: %s", needle, error->message);
  va_end (args);
}
