/* tether-backend-gdbserver-control.c: the gdbserver backend: attach, stop, continue, detach, kill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-server-private.h"

static void stop_process (TetherServer *self,
                          gint64        pid,
                          GTask        *task);
/* Attach */

typedef struct
{
  gint64   pid;
  gboolean resume;
  gboolean then_kill;   /* tether_server_control_async (KILL) of a process not held yet */
} AttachData;

/* After a refused attach: the inspector's explanation, with gdbserver's own words. Those come on
 * its standard error (over pipes), a separate stream from the reply: by now, after the inspector's
 * round trips, they have surely arrived. */
static void
attach_explain_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  AttachData *data = g_task_get_task_data (task);
  g_autofree char *reason = _tether_gdbserver_dup_reason (self);
  GError *error = NULL;

  if (!tether_inspector_check_attach_finish (TETHER_INSPECTOR (object), result, &error))
    {
      if (reason != NULL)
        {
          char *message = g_strdup_printf (_("%s The server said: “%s”"), error->message, reason);

          g_free (error->message);
          error->message = message;
        }
      g_task_return_error (task, error);
    }
  else if (reason != NULL)
    g_task_return_new_error (task, TETHER_ERROR,
                             strstr (reason, "not permitted") != NULL ? TETHER_ERROR_PERMISSION
                                                                      : TETHER_ERROR_SERVER,
                             _("The server could not attach to process %d: “%s”"),
                             (int)data->pid, reason);
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("The server refused to attach to process %d and gave no reason. "
                               "Check that the server may debug it (same user or root, ptrace "
                               "allowed)."), (int)data->pid);
}

static void
attach_resume_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  AttachData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  Held *held;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  held = g_hash_table_lookup (self->held, &data->pid);
  if (reply_is (reply, "OK"))
    {
      if (held != NULL)
        held->stopped = FALSE;
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("Attached to process %d, but the server did not "
                               "resume it; it is stopped"), (int)data->pid);
}

static void
attach_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  AttachData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  Held *held;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (reply) == 0)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("This server cannot attach to processes"));
      return;
    }

  if (reply_is_error (reply))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      tether_inspector_check_attach_async (self->inspector, data->pid, cancellable,
                                           attach_explain_cb, g_steal_pointer (&task));
      return;
    }

  /* In non-stop mode the answer is "OK" and the threads are left RUNNING (gdb stops them itself
   * afterwards); in all-stop mode it is a stop reply. */
  held = _tether_server_hold (self, data->pid, FALSE, !reply_is (reply, "OK"));

  if (data->then_kill)
    {
      g_autofree char *packet = g_strdup_printf ("vKill;%" G_GINT64_MODIFIER "x", data->pid);

      data->resume = FALSE;
      data->then_kill = FALSE;
      g_hash_table_remove (self->held, &data->pid);
      tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                           NULL, attach_resume_cb, g_steal_pointer (&task));
      return;
    }

  if (data->resume && held->stopped)
    {
      g_autofree char *packet = g_strdup_printf ("vCont;c:p%" G_GINT64_MODIFIER "x.-1",
                                                 data->pid);

      _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, attach_resume_cb);
      g_steal_pointer (&task);
      return;
    }

  if (!data->resume && !held->stopped)
    {
      stop_process (self, data->pid, g_steal_pointer (&task));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
start_attach (TetherServer *self,
              GTask        *task)
{
  AttachData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  if (g_hash_table_contains (self->held, &data->pid))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_ALREADY_TRACED,
                               _("Tether is already debugging process %d"), (int)data->pid);
      g_object_unref (task);
      return;
    }

  _tether_gdbserver_mark_reason (self);
  packet = g_strdup_printf ("vAttach;%" G_GINT64_MODIFIER "x", data->pid);
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_MAY_RESET, attach_cb);
}

void
_tether_gdbserver_attach (TetherServer *self,
                          gint64        pid,
                          gboolean      resume,
                          GTask        *task)
{
  AttachData *data = g_new0 (AttachData, 1);

  data->pid = pid;
  data->resume = resume;
  g_task_set_task_data (task, data, g_free);
  start_attach (self, task);
}

/* Continue, stop, detach, kill */

typedef struct
{
  TetherServer *self;
  gint64        pid;
} StopRequest;

static void
stop_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  StopRequest *stop = user_data;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply != NULL && !reply_is (reply, "OK"))
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_SERVER,
                         _("The server could not stop process %d"), (int)stop->pid);
  if (error != NULL)
    _tether_server_wake_stop_waiters (stop->self, stop->pid, error);

  g_object_unref (stop->self);
  g_free (stop);
}

/* Stops every thread of @pid (vCont;t) and completes @task when the stop is reported. The waiter
 * goes first: in non-stop mode the %Stop notification may come before vCont's own "OK". */
static void
stop_process (TetherServer *self,
              gint64        pid,
              GTask        *task)
{
  g_autofree char *packet = g_strdup_printf ("vCont;t:p%" G_GINT64_MODIFIER "x.-1", pid);
  StopRequest *stop = g_new0 (StopRequest, 1);

  stop->self = g_object_ref (self);
  stop->pid = pid;
  _tether_server_wait_for_stop (self, pid, task);
  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                       NULL, stop_sent_cb, stop);
}

static void
control_explain_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AttachData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!tether_inspector_describe_finish (TETHER_INSPECTOR (object), result, &error) &&
      g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS))
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS,
                             _("Process %d has already exited"), (int)data->pid);
  else
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("The server refused the request for process %d"
                               "; it may have exited or been released by another debugger"), (int)data->pid);
}

static void
control_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  AttachData *data = g_task_get_task_data (task);
  TetherControl control = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "control"));
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  Held *held;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!reply_is (reply, "OK"))
    {
      g_autoptr(TetherProcess) process = tether_process_new (data->pid);

      /* Most often the process has just exited: find out, to say so. */
      g_hash_table_remove (self->held, &data->pid);
      tether_inspector_describe_async (self->inspector, process, NULL, control_explain_cb,
                                       g_steal_pointer (&task));
      return;
    }

  held = g_hash_table_lookup (self->held, &data->pid);
  switch (control)
    {
    case TETHER_CONTROL_CONTINUE:
      if (held != NULL)
        held->stopped = FALSE;
      g_task_return_boolean (task, TRUE);
      break;

    case TETHER_CONTROL_DETACH:
    case TETHER_CONTROL_KILL:
    default:
      g_hash_table_remove (self->held, &data->pid);
      g_task_return_boolean (task, TRUE);
      break;
    }
}

void
_tether_gdbserver_control (TetherServer  *self,
                           gint64         pid,
                           TetherControl  control,
                           GTask         *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  AttachData *data;
  Held *held;
  g_autofree char *packet = NULL;

  g_object_set_data (G_OBJECT (task), "control", GUINT_TO_POINTER (control));
  data = g_new0 (AttachData, 1);
  data->pid = pid;
  g_task_set_task_data (task, data, g_free);

  held = g_hash_table_lookup (self->held, &pid);
  if (held == NULL)
    {
      if (control == TETHER_CONTROL_KILL)
        {
          /* gdbserver kills only what it debugs: attach first. */
          data->then_kill = TRUE;
          start_attach (self, task);
          return;
        }

      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Tether is not debugging process %d; attach "
                                 "to it first"), (int)pid);
      g_object_unref (task);
      return;
    }

  switch (control)
    {
    case TETHER_CONTROL_CONTINUE:
      packet = g_strdup_printf ("vCont;c:p%" G_GINT64_MODIFIER "x.-1", pid);
      break;
    case TETHER_CONTROL_STOP:
      if (held->stopped)
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
        }
      else
        stop_process (self, pid, task);
      return;
    case TETHER_CONTROL_DETACH:
      packet = g_strdup_printf ("D;%" G_GINT64_MODIFIER "x", pid);
      break;
    case TETHER_CONTROL_KILL:
      packet = g_strdup_printf ("vKill;%" G_GINT64_MODIFIER "x", pid);
      break;
    default:
      g_assert_not_reached ();
    }

  /* Detach and kill must not be abandoned half-way: no cancellable once asked for. */
  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                       control == TETHER_CONTROL_DETACH ||
                                       control == TETHER_CONTROL_KILL ? NULL : cancellable,
                                       control_cb, task);
}
