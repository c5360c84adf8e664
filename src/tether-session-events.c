/* tether-session-events.c: TetherSession: following the server's events
 *
 * The process stops, exits or is killed (the server's notifications); the connection is lost, and
 * comes back (the process is found again); and, because gdbserver 13.1 does not notice a process
 * killed while it holds it stopped, a look at /proc now and then while stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-server-recover.h"
#include "tether-session-private.h"

/* gdbserver 13.1 does not notice that a process it holds stopped was killed (SIGKILL from outside
 * Tether): no threads are resumed, so it does not wait for them. While stopped, the session looks
 * at /proc once a second; a zombie or a missing process is resumed, which makes the server reap it
 * and report how it ended. */
#define LIVENESS_INTERVAL_MS 1000

static void
liveness_resume_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TetherSession) self = user_data;
  g_autoptr(GError) error = NULL;

  self->checking = FALSE;
  if (!tether_server_control_finish (TETHER_SERVER (object), result, &error) &&
      self->state == TETHER_SESSION_STOPPED)
    {
      /* The server let it go without a word: it is gone, how is not known. */
      g_list_store_remove_all (self->threads);
      _tether_session_set_state (self, TETHER_SESSION_EXITED, 0, -1);
    }
}

static void
liveness_describe_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TetherSession) self = user_data;
  g_autoptr(TetherProcess) process = g_object_steal_data (G_OBJECT (self), "tether-liveness");
  g_autoptr(GError) error = NULL;
  gboolean gone;

  if (tether_server_describe_process_finish (TETHER_SERVER (object), result, &error))
    gone = g_str_has_prefix (tether_process_get_state (process) != NULL
                               ? tether_process_get_state (process) : "", "Z");
  else
    gone = g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS);
  if (!gone || self->state != TETHER_SESSION_STOPPED || self->busy > 0)
    {
      self->checking = FALSE;
      return;
    }

  tether_server_control_async (self->server, self->pid, TETHER_CONTROL_CONTINUE, NULL,
                               liveness_resume_cb, g_object_ref (self));
}

static gboolean
liveness_cb (gpointer user_data)
{
  TetherSession *self = user_data;
  TetherProcess *process;

  if (self->checking || self->busy > 0 ||
      tether_server_get_state (self->server) != TETHER_SERVER_CONNECTED)
    return G_SOURCE_CONTINUE;

  self->checking = TRUE;
  process = tether_process_new (self->pid);
  g_object_set_data_full (G_OBJECT (self), "tether-liveness", process, g_object_unref);
  tether_server_describe_process_async (self->server, process, self->cancellable,
                                        liveness_describe_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

void
_tether_session_update_liveness (TetherSession *self)
{
  if (self->state == TETHER_SESSION_STOPPED && self->liveness_source == 0)
    self->liveness_source = g_timeout_add (LIVENESS_INTERVAL_MS, liveness_cb, self);
  else if (self->state != TETHER_SESSION_STOPPED)
    g_clear_handle_id (&self->liveness_source, g_source_remove);
}

/* Server events */

static void
server_process_stopped_cb (TetherSession *self,
                           gint64         pid,
                           guint          signal,
                           TetherServer  *server)
{
  if (pid != self->pid || !_tether_session_state_is_held (self->state))
    return;

  _tether_session_set_state (self, TETHER_SESSION_STOPPED, signal, -1);
}

void
_tether_session_process_exited (TetherSession *self,
                                gint64         pid,
                                gint           exit_code,
                                guint          signal,
                                TetherServer  *server)
{
  if (pid != self->pid || !_tether_session_state_is_held (self->state))
    return;

  g_list_store_remove_all (self->threads);
  if (exit_code >= 0)
    _tether_session_set_state (self, TETHER_SESSION_EXITED, 0, exit_code);
  else
    _tether_session_set_state (self, TETHER_SESSION_KILLED, signal, -1);
}

static void
released_describe_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TetherSession) self = user_data;
  g_autoptr(TetherProcess) process = g_object_steal_data (G_OBJECT (self), "tether-released");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) explanation = NULL;
  const char *state;
  gboolean alive;

  if (!tether_server_describe_process_finish (TETHER_SERVER (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->state != TETHER_SESSION_LOST)
    return;

  state = tether_process_get_state (process);
  alive = error == NULL && !g_str_has_prefix (state != NULL ? state : "", "Z");
  if (alive)
    {
      explanation = g_error_new (TETHER_ERROR, TETHER_ERROR_FAILED,
                                 _("The server no longer debugs process %d: it let the process "
                                   "go while the connection was lost (the server was restarted, "
                                   "or its debugging ended with the link). "
                                   "Attach to it again to debug it."), (int)self->pid);
      _tether_session_set_state (self, TETHER_SESSION_DETACHED, 0, -1);
    }
  else
    {
      explanation = g_error_new (TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS,
                                 _("Process %d exited while the connection was lost."),
                                 (int)self->pid);
      _tether_session_set_state (self, TETHER_SESSION_EXITED, 0, -1);
    }
  _tether_session_set_error (self, explanation);
}

static void
recover_done (TetherSession *self,
              GArray        *processes,
              const GError  *error)
{
  if (self->state != TETHER_SESSION_LOST)
    return;

  if (processes == NULL)
    {
      _tether_session_set_error (self, error);
      return;
    }

  for (guint i = 0; i < processes->len; i++)
    {
      TetherRecoveredProcess *process = &g_array_index (processes, TetherRecoveredProcess, i);

      if (process->pid == self->pid)
        {
          _tether_session_set_error (self, NULL);
          _tether_session_set_recovered (self, TRUE);
          _tether_session_set_state (self,
                                     process->stopped ? TETHER_SESSION_STOPPED
                                                      : TETHER_SESSION_RUNNING,
                                     process->stopped ? process->signal : 0, -1);
          return;
        }
    }

  /* The reconnect did not hold it again: it exited, or the server let go of it (a local server
   * dies with its connection, and the kernel then detaches what it traced; lldb-server's debug
   * servers end with the link). Which one, /proc says. */
  g_list_store_remove_all (self->threads);
  {
    TetherProcess *process = tether_process_new (self->pid);

    g_object_set_data_full (G_OBJECT (self), "tether-released", process, g_object_unref);
    tether_server_describe_process_async (self->server, process, self->cancellable,
                                          released_describe_cb, g_object_ref (self));
  }
}

/* One recovery per server for the sessions that lost it together: they all hear of the reconnect
 * in the same notification, and join the round that starts once it is over (an idle). */
#define RECOVERING_KEY "tether-session-recovering"

static void
recover_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GPtrArray) waiting = user_data;
  g_autoptr(GArray) processes = NULL;
  g_autoptr(GError) error = NULL;

  processes = tether_server_recover_finish (TETHER_SERVER (object), result, &error);
  for (guint i = 0; i < waiting->len; i++)
    recover_done (g_ptr_array_index (waiting, i), processes, error);
}

static gboolean
recover_idle_cb (gpointer user_data)
{
  TetherServer *server = user_data;
  GPtrArray *waiting = g_object_steal_data (G_OBJECT (server), RECOVERING_KEY);
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (waiting == NULL)
    return G_SOURCE_REMOVE;
  /* Lost again meanwhile: the next reconnect starts another round. */
  if (tether_server_get_state (server) != TETHER_SERVER_CONNECTED)
    {
      g_ptr_array_unref (waiting);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      TetherSession *session = g_ptr_array_index (waiting, i);

      g_array_append_val (pids, session->pid);
    }
  /* Not a session's cancellable: the round is every waiting session's. */
  tether_server_recover_async (server, (const gint64 *)(gpointer)pids->data, pids->len, NULL,
                               recover_cb, waiting);
  return G_SOURCE_REMOVE;
}

static void
start_recover (TetherSession *self)
{
  GPtrArray *waiting = g_object_get_data (G_OBJECT (self->server), RECOVERING_KEY);

  if (waiting == NULL)
    {
      waiting = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (self->server), RECOVERING_KEY, waiting,
                              (GDestroyNotify)g_ptr_array_unref);
      g_idle_add_full (G_PRIORITY_DEFAULT, recover_idle_cb, g_object_ref (self->server),
                       g_object_unref);
    }
  g_ptr_array_add (waiting, g_object_ref (self));
}

static void
server_state_cb (TetherSession *self,
                 GParamSpec    *pspec,
                 TetherServer  *server)
{
  switch (tether_server_get_state (server))
    {
    case TETHER_SERVER_FAILED:
      if (_tether_session_state_is_held (self->state))
        _tether_session_set_state (self, TETHER_SESSION_LOST, self->signal, -1);
      break;
    case TETHER_SERVER_DISCONNECTED:
      /* A clean disconnect released every process the server held. */
      if (_tether_session_state_is_held (self->state))
        {
          g_list_store_remove_all (self->threads);
          _tether_session_set_state (self,
                                     self->created ? TETHER_SESSION_KILLED
                                                   : TETHER_SESSION_DETACHED,
                                     self->created ? 9 : 0, -1);
        }
      break;
    case TETHER_SERVER_CONNECTED:
      if (self->state == TETHER_SESSION_LOST)
        start_recover (self);
      break;
    case TETHER_SERVER_CONNECTING:
    default:
      break;
    }
}

static void
server_process_output_cb (TetherSession *self,
                          gint64         pid,
                          GBytes        *bytes,
                          TetherServer  *server)
{
  if (pid == self->pid)
    _tether_session_append_output (self, bytes);
}

void
_tether_session_watch_server (TetherSession *self)
{
  g_signal_connect_object (self->server, "process-stopped",
                           G_CALLBACK (server_process_stopped_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server, "process-exited",
                           G_CALLBACK (_tether_session_process_exited), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server, "process-output",
                           G_CALLBACK (server_process_output_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server, "notify::state", G_CALLBACK (server_state_cb), self,
                           G_CONNECT_SWAPPED);
}
