/* tether-server-recover.c: TetherServer: what a reconnect found again
 *
 * The protocol work is the backend's: a reconnect holds again, before the server says it is
 * connected, what the server still debugs of what was held when the link went (the backend's
 * adopt). This only reports, from the held processes, what that found: nothing is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-server-private.h"
#include "tether-server-recover.h"

typedef struct
{
  GArray  *pids;            /* gint64: asked about */
  gulong   state_id;        /* while connecting: waiting for the reconnect to end */
  GSource *cancel_source;
} RecoverData;

static void
recover_data_free (RecoverData *data)
{
  g_assert (data->state_id == 0 && data->cancel_source == NULL);
  g_clear_pointer (&data->pids, g_array_unref);
  g_free (data);
}

static void
recover_report (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  RecoverData *data = g_task_get_task_data (task);
  GArray *processes;

  if (g_task_return_error_if_cancelled (task) || !_tether_server_check_connected (self, task))
    return;

  processes = g_array_new (FALSE, TRUE, sizeof (TetherRecoveredProcess));
  for (guint i = 0; i < data->pids->len; i++)
    {
      gint64 pid = g_array_index (data->pids, gint64, i);
      Held *held = g_hash_table_lookup (self->held, &pid);
      TetherRecoveredProcess process = { 0 };

      if (held == NULL)
        continue;
      process.pid = pid;
      process.created = held->created;
      process.stopped = held->stopped;
      process.signal = held->stopped ? held->signal : 0;
      g_array_append_val (processes, process);
    }

  g_task_return_pointer (task, processes, (GDestroyNotify)g_array_unref);
}

static void
recover_stop_waiting (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  RecoverData *data = g_task_get_task_data (task);

  g_clear_signal_handler (&data->state_id, self);
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }
}

static void
recover_state_cb (TetherServer *self,
                  GParamSpec   *pspec,
                  gpointer      user_data)
{
  GTask *task = user_data;

  if (self->state == TETHER_SERVER_CONNECTING)
    return;
  recover_stop_waiting (task);
  recover_report (task);
  g_object_unref (task);
}

static gboolean
recover_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;

  recover_stop_waiting (task);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
tether_server_recover_async (TetherServer        *self,
                             const gint64        *pids,
                             guint                n_pids,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  RecoverData *data;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (pids != NULL || n_pids == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_recover_async);
  data = g_new0 (RecoverData, 1);
  data->pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (data->pids, pids, n_pids);
  g_task_set_task_data (task, data, (GDestroyNotify)recover_data_free);

  if (self->state != TETHER_SERVER_CONNECTING)
    {
      recover_report (task);
      g_object_unref (task);
      return;
    }

  /* The reconnect is under way: its answer comes when it ends, one way or the other. */
  data->state_id = g_signal_connect (self, "notify::state", G_CALLBACK (recover_state_cb), task);
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (recover_cancelled_cb), task,
                             NULL);
      g_source_set_name (data->cancel_source, "[tether] recover cancelled");
      g_source_attach (data->cancel_source, g_main_context_get_thread_default ());
    }
}

GArray *
tether_server_recover_finish (TetherServer  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
