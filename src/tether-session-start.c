/* tether-session-start.c: TetherSession: attaching to a process, or starting one, as a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-session-private.h"

typedef struct
{
  TetherServer *server;
  gint64        pid;
  char         *name;
  gboolean      stopped;
  gulong        exited_id;
  GArray       *exits;      /* ExitRecord: processes that ended while this one started */
} StartData;

typedef struct
{
  gint64 pid;
  gint   exit_code;
  guint  signal;
} ExitRecord;

static void
start_data_free (StartData *data)
{
  g_clear_signal_handler (&data->exited_id, data->server);
  g_clear_object (&data->server);
  g_clear_pointer (&data->exits, g_array_unref);
  g_free (data->name);
  g_free (data);
}

static void
start_exited_cb (TetherServer *server,
                 gint64        pid,
                 gint          exit_code,
                 guint         signal,
                 StartData    *data)
{
  ExitRecord record = { pid, exit_code, signal };

  g_array_append_val (data->exits, record);
}

static StartData *
start_data_new (TetherServer *server)
{
  StartData *data = g_new0 (StartData, 1);

  /* A process may end before its start is even reported (a created one that runs for a moment):
   * its end is kept here, for the session to show. */
  data->server = g_object_ref (server);
  data->exits = g_array_new (FALSE, FALSE, sizeof (ExitRecord));
  data->exited_id = g_signal_connect (server, "process-exited", G_CALLBACK (start_exited_cb),
                                      data);
  return data;
}

static TetherSession *
start_data_new_session (StartData *data,
                        gboolean   created)
{
  TetherSession *session = tether_session_new (data->server, data->pid, data->name, created,
                                               data->stopped);

  for (guint i = 0; i < data->exits->len; i++)
    {
      ExitRecord *record = &g_array_index (data->exits, ExitRecord, i);

      if (record->pid == data->pid)
        _tether_session_process_exited (session, record->pid, record->exit_code,
                                        record->signal, data->server);
    }
  return session;
}

static void
session_attach_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!tether_server_attach_finish (TETHER_SERVER (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, start_data_new_session (data, FALSE), g_object_unref);
}

void
tether_session_attach_async (TetherServer        *server,
                             gint64               pid,
                             const char          *name,
                             gboolean             resume,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  StartData *data;

  g_return_if_fail (TETHER_IS_SERVER (server));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_session_attach_async);
  data = start_data_new (server);
  data->pid = pid;
  data->name = g_strdup (name);
  data->stopped = !resume;
  g_task_set_task_data (task, data, (GDestroyNotify)start_data_free);
  tether_server_attach_async (server, pid, resume, cancellable, session_attach_cb, task);
}

TetherSession *
tether_session_attach_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
session_create_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 pid;

  pid = tether_server_create_process_finish (TETHER_SERVER (object), result, &error);
  if (pid <= 0)
    {
      g_task_return_error (task, error);
      return;
    }

  data->pid = pid;
  g_task_return_pointer (task, start_data_new_session (data, TRUE), g_object_unref);
}

void
tether_session_create_async (TetherServer              *server,
                             const TetherCreateOptions *options,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  GTask *task;
  StartData *data;

  g_return_if_fail (TETHER_IS_SERVER (server));
  g_return_if_fail (options != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_session_create_async);
  data = start_data_new (server);
  data->name = g_path_get_basename (tether_create_options_get_argv (options)[0]);
  data->stopped = tether_create_options_get_stopped (options);
  g_task_set_task_data (task, data, (GDestroyNotify)start_data_free);
  tether_server_create_process_async (server, options, cancellable, session_create_cb, task);
}

TetherSession *
tether_session_create_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
