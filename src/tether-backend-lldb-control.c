/* tether-backend-lldb-control.c: the lldb-server platform backend: continue, stop, detach, kill
 *
 * Each held process has its own all-stop debug server (tether-backend-lldb-debug.c): stopping a
 * running process is an interrupt, whose stop reply answers the "c" in flight; detach and kill go
 * out after it, and end the session and its debug server (qKillSpawnedProcess, confirmed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-backend-lldb-private.h"
#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-rsp-codec.h"
#include "tether-server-private.h"

/* Continue, stop, detach, kill */

typedef struct
{
  gint64        pid;
  TetherControl control;
  gint64        server_pid;
} ControlData;

static void
control_release_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  ControlData *data = g_task_get_task_data (task);
  DebugSession *session = _tether_lldb_lookup_session (self, data->pid);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *packet = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);

  /* The process ended before the detach went out (its session, and the link, with it). */
  if (data->control == TETHER_CONTROL_DETACH && reply == NULL && session == NULL)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS,
                               _("Process %d has already exited"), (int)data->pid);
      return;
    }

  /* A detach must be confirmed; a kill ends the debug server, which may close the link before
   * or after its "X09". */
  if (data->control == TETHER_CONTROL_DETACH && (reply == NULL || !reply_is (reply, "OK")))
    {
      g_autoptr(GError) refused = reply != NULL ? _tether_lldb_refusal (reply, _("Could not detach")) : NULL;

      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                               _("The server could not detach from process %d: %s"),
                               (int)data->pid,
                               reply == NULL ? error->message : refused->message);
      return;
    }

  /* The session ends here; its debug server with it, and the platform confirms that before the
   * task completes (a disconnect closes the platform's connection right after). */
  if (session != NULL)
    {
      data->server_pid = session->server_pid;
      session->server_pid = 0;
      g_hash_table_remove (self->held, &data->pid);
    }
  if (data->server_pid <= 0 || self->connection == NULL ||
      tether_rsp_connection_is_closed (self->connection))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Any answer will do: E0a says the debug server had already exited (it does after "k"). */
  packet = g_strdup_printf ("qKillSpawnedProcess:%" G_GINT64_FORMAT, data->server_pid);
  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT, NULL,
                                       _tether_backend_ignore_reply_cb, g_steal_pointer (&task));
}

void
_tether_lldb_control (TetherServer  *self,
                      gint64         pid,
                      TetherControl  control,
                      GTask         *task)
{
  DebugSession *session = _tether_lldb_lookup_session (self, pid);
  ControlData *data;

  if (session == NULL)
    {
      if (control == TETHER_CONTROL_KILL)
        {
          /* A debug server kills only what it debugs: attach first. */
          _tether_lldb_attach_to_kill (self, pid, task);
          return;
        }
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Tether is not debugging process %d; attach to it first"),
                               (int)pid);
      g_object_unref (task);
      return;
    }

  switch (control)
    {
    case TETHER_CONTROL_CONTINUE:
      if (!session->running)
        _tether_lldb_session_resume (session);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;

    case TETHER_CONTROL_STOP:
      if (!session->running)
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }
      _tether_server_wait_for_stop (self, pid, task);
      tether_rsp_connection_interrupt (session->connection);
      return;

    case TETHER_CONTROL_DETACH:
    case TETHER_CONTROL_KILL:
      data = g_new0 (ControlData, 1);
      data->pid = pid;
      data->control = control;
      g_task_set_task_data (task, data, g_free);
      /* A running process is stopped first: its stop reply answers the "c" in flight, and the
       * request below goes out after it. */
      if (session->running)
        tether_rsp_connection_interrupt (session->connection);
      tether_rsp_connection_request_async (session->connection,
                                           control == TETHER_CONTROL_DETACH ? "D" : "k",
                                           TETHER_RSP_REQUEST_DEFAULT, NULL, control_release_cb,
                                           task);
      return;

    default:
      g_assert_not_reached ();
    }
}

void
_tether_lldb_release (TetherServer *self,
                      gint64        pid,
                      gboolean      kill,
                      GTask        *task)
{
  _tether_lldb_control (self, pid, kill ? TETHER_CONTROL_KILL : TETHER_CONTROL_DETACH, task);
}

/* Threads: qfThreadInfo/qsThreadInfo on the debug server, while the process is stopped. */

static void
thread_info_clear (gpointer data)
{
  TetherThreadInfo *info = data;

  g_clear_pointer (&info->name, g_free);
}

static void
threads_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GArray *threads = g_task_get_task_data (task);
  gint64 pid = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "pid"));
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) ids = NULL;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  text = reply_dup_text (reply);
  if (text[0] != 'm')
    {
      g_task_return_pointer (task, g_array_ref (threads), (GDestroyNotify)g_array_unref);
      g_object_unref (task);
      return;
    }

  ids = g_strsplit (text + 1, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      TetherThreadInfo info = { .pid = pid, .core = -1 };
      guint64 tid;

      if (tether_hex_parse_uint64 (ids[i], -1, &tid))
        {
          info.tid = tid;
          g_array_append_val (threads, info);
        }
    }
  tether_rsp_connection_request_async (TETHER_RSP_CONNECTION (object), "qsThreadInfo",
                                       TETHER_RSP_REQUEST_DEFAULT, g_task_get_cancellable (task),
                                       threads_cb, task);
}

void
_tether_lldb_list_threads (TetherServer *self,
                           gint64        pid,
                           GTask        *task)
{
  DebugSession *session = _tether_lldb_lookup_session (self, pid);
  GArray *threads;

  if (session == NULL)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Tether is not debugging process %d; attach to it first"),
                               (int)pid);
      g_object_unref (task);
      return;
    }
  if (session->running)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_BUSY,
                               _("Process %d is running; lldb-server lists its threads only "
                                 "while it is stopped"), (int)pid);
      g_object_unref (task);
      return;
    }

  threads = g_array_new (FALSE, TRUE, sizeof (TetherThreadInfo));
  g_array_set_clear_func (threads, thread_info_clear);
  g_task_set_task_data (task, threads, (GDestroyNotify)g_array_unref);
  g_object_set_data (G_OBJECT (task), "pid", GSIZE_TO_POINTER (pid));
  tether_rsp_connection_request_async (session->connection, "qfThreadInfo",
                                       TETHER_RSP_REQUEST_DEFAULT, g_task_get_cancellable (task),
                                       threads_cb, task);
}

/* The end of the connection: every session ends, and each debug server with it (closing its
 * connection makes it release its process and exit, even when the platform can no longer be
 * asked). */
void
_tether_lldb_teardown (TetherServer *self)
{
  GHashTableIter iter;
  Held *held;

  g_hash_table_iter_init (&iter, self->held);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&held))
    {
      if (held->data != NULL)
        g_hash_table_iter_remove (&iter);
    }
}

char *
_tether_lldb_dup_debug_host (TetherServer  *self,
                             GError       **error)
{
  TetherOptions *options = self->options;

  switch (tether_options_get_transport (options))
    {
    case TETHER_TRANSPORT_TCP:
    case TETHER_TRANSPORT_TCP_CLICON:
      return g_strdup (tether_options_get_host (options));

    case TETHER_TRANSPORT_LOCAL:
      return g_strdup ("127.0.0.1");

    case TETHER_TRANSPORT_SSH:
    case TETHER_TRANSPORT_COM:
    default:
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                   _("lldb-server debugs each process through a second connection, to a port it "
                     "opens for it, and this connection (%s) cannot carry one. Connect with "
                     "tcp:server=HOST,port=PORT,kind=lldb instead, through a tunnel that forwards "
                     "the platform's port and its debug servers' ports (lldb-server platform "
                     "--min-gdbserver-port/--max-gdbserver-port)."),
                   tether_options_get_transport (options) == TETHER_TRANSPORT_SSH ? "ssh" : "com");
      return NULL;
    }
}
