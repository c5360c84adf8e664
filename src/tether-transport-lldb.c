/* tether-transport-lldb.c: local:kind=lldb: an lldb-server platform on this computer
 *
 * lldb-server 14's platform mode cannot speak over standard input and output, so Tether starts it
 * listening on 127.0.0.1 with a port it picks itself (written to --socket-file), and connects to it
 * over loopback TCP. The transport owns the child, as for gdbserver over pipes, and ends it by PID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "tether-error.h"
#include "tether-transport-private.h"

#define POLL_MS 20

typedef struct
{
  GSubprocess  *subprocess;
  char         *dir;
  char         *port_file;
  GSource      *poll;
  gint64        deadline;
} StartData;

static void
start_data_free (StartData *data)
{
  if (data->poll != NULL)
    {
      g_source_destroy (data->poll);
      g_source_unref (data->poll);
    }
  if (data->port_file != NULL)
    g_unlink (data->port_file);
  if (data->dir != NULL)
    g_rmdir (data->dir);
  g_free (data->port_file);
  g_free (data->dir);
  /* Not handed over: it must not outlive the failed start. */
  if (data->subprocess != NULL)
    g_subprocess_force_exit (data->subprocess);
  g_clear_object (&data->subprocess);
  g_free (data);
}

/* lldb-server platform finds the debug server it starts for qLaunchGDBServer next to its own
 * path, by its versioned name: started through Debian's /usr/bin/lldb-server-14 symbolic link, it
 * looks for /usr/bin/lldb-server-14.0.6 and fails every attach (E09). Run the real file. */
static char *
resolve (char *path)
{
  char *real;

  if (path == NULL || (real = realpath (path, NULL)) == NULL)
    return path;
  g_free (path);
  {
    char *copy = g_strdup (real);

    free (real);
    return copy;
  }
}

static char *
find_lldb_server (const char *configured)
{
  if (configured != NULL)
    return strchr (configured, '/') != NULL ? g_strdup (configured)
                                            : g_find_program_in_path (configured);

  /* Debian installs it versioned (lldb-server-14); the unversioned name comes with lldb. */
  for (int version = 0; version <= 40; version++)
    {
      g_autofree char *name = version == 0 ? g_strdup ("lldb-server")
                                           : g_strdup_printf ("lldb-server-%d", 40 - version + 1);
      char *path = g_find_program_in_path (name);

      if (path != NULL)
        return path;
    }
  return NULL;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
dial_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  GSocketConnection *connection;
  GError *error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "subprocess", g_steal_pointer (&data->subprocess),
                          g_object_unref);
  g_task_return_pointer (task, connection, g_object_unref);
}

static gboolean
poll_cb (gpointer user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autofree char *contents = NULL;
  g_autoptr(GSocketClient) client = NULL;
  guint64 port = 0;

  if (g_task_return_error_if_cancelled (task))
    goto done;

  /* GSubprocess reaps its child by itself: no identifier means it has exited. */
  if (g_subprocess_get_identifier (data->subprocess) == NULL)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                               _("lldb-server platform exited at once; see its messages"));
      goto done;
    }

  if (!g_file_get_contents (data->port_file, &contents, NULL, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (contents), 10, 1, 65535, &port, NULL))
    {
      if (g_get_monotonic_time () < data->deadline)
        return G_SOURCE_CONTINUE;
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_TIMED_OUT,
                               _("lldb-server platform did not say which port it listens on"));
      goto done;
    }

  client = g_socket_client_new ();
  g_socket_client_connect_to_host_async (client, "127.0.0.1", port, g_task_get_cancellable (task),
                                         dial_cb, g_object_ref (task));

done:
  g_clear_pointer (&data->poll, g_source_unref);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
_tether_transport_start_lldb_platform_async (TetherOptions       *options,
                                             guint                timeout_ms,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *path = NULL;
  const char *configured = tether_options_get_lldbserver (options);
  StartData *data;
  GError *error = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _tether_transport_start_lldb_platform_async);
  data = g_new0 (StartData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify)start_data_free);

  path = resolve (find_lldb_server (configured));
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      if (configured != NULL)
        g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                                 _("“%s” is not an executable program. Check the lldbserver= "
                                   "path of the connection."), configured);
      else
        g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                                 _("lldb-server is not installed on this computer. Install it "
                                   "(on Debian: sudo apt install lldb-14), or give its path as "
                                   "local:lldbserver=PATH."));
      return;
    }

  data->dir = g_dir_make_tmp ("tether-lldb-XXXXXX", &error);
  if (data->dir == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->port_file = g_build_filename (data->dir, "port", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, "/");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  {
    const char *argv[] = {
      path, "platform", "--server", "--listen", "127.0.0.1:0", "--socket-file", data->port_file,
      NULL
    };

    data->subprocess = g_subprocess_launcher_spawnv (launcher, argv, &error);
  }
  if (data->subprocess == NULL)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CONNECT,
                               _("Could not start %s: %s"), path, error->message);
      g_error_free (error);
      return;
    }

  data->deadline = g_get_monotonic_time () + (gint64)MAX (timeout_ms, 1000) * 1000;
  data->poll = g_timeout_source_new (POLL_MS);
  g_source_set_callback (data->poll, poll_cb, g_object_ref (task), NULL);
  g_source_set_name (data->poll, "[tether] lldb-server port file");
  g_source_attach (data->poll, g_main_context_get_thread_default ());
}

GIOStream *
_tether_transport_start_lldb_platform_finish (GAsyncResult  *result,
                                              GSubprocess  **subprocess,
                                              GError       **error)
{
  GIOStream *stream;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  stream = g_task_propagate_pointer (G_TASK (result), error);
  if (stream != NULL && subprocess != NULL)
    *subprocess = g_object_steal_data (G_OBJECT (result), "subprocess");
  return stream;
}
