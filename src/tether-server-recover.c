/* tether-server-recover.c: TetherServer: finding again the processes a server still debugs
 *
 * After a lost connection, gdbserver --multi keeps what it attached or started: stopped processes
 * stay stopped, running ones run on. A new connection learns about them from the server itself:
 * qAttached:P answers 1 (attached) or 0 (started) for a process it debugs and an error otherwise,
 * and in non-stop mode '?' answers the first stopped thread's stop reply, then vStopped the next
 * ones, until OK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-server-private.h"
#include "tether-server-recover.h"

typedef enum
{
  RECOVER_ATTACHED,
  RECOVER_STATUS,
} RecoverStage;

typedef struct
{
  RecoverStage  stage;
  GArray       *pids;        /* gint64: asked about */
  GArray       *processes;   /* TetherRecoveredProcess: found */
  guint         next;
  gboolean      first;
} RecoverData;

static void
recover_data_free (RecoverData *data)
{
  g_clear_pointer (&data->pids, g_array_unref);
  g_clear_pointer (&data->processes, g_array_unref);
  g_free (data);
}

static TetherRecoveredProcess *
find_recovered (RecoverData *data,
                gint64       pid)
{
  for (guint i = 0; i < data->processes->len; i++)
    {
      TetherRecoveredProcess *process = &g_array_index (data->processes,
                                                        TetherRecoveredProcess, i);

      if (process->pid == pid)
        return process;
    }

  return NULL;
}

static void recover_next (GTask *task);

static void
recover_done (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  RecoverData *data = g_task_get_task_data (task);

  for (guint i = 0; i < data->processes->len; i++)
    {
      TetherRecoveredProcess *process = &g_array_index (data->processes,
                                                        TetherRecoveredProcess, i);
      Held *held = g_hash_table_lookup (self->held, &process->pid);

      if (held == NULL)
        {
          held = g_new0 (Held, 1);
          g_hash_table_insert (self->held, _tether_server_pid_key (process->pid), held);
        }
      held->created = process->created;
      held->stopped = process->stopped;
    }

  g_task_return_pointer (task, g_array_ref (data->processes), (GDestroyNotify)g_array_unref);
}

static void
recover_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RecoverData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  const char *text;
  gsize len;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  text = g_bytes_get_data (reply, &len);

  switch (data->stage)
    {
    case RECOVER_ATTACHED:
      /* "1" attached, "0" started; an error: the server does not debug it (any more). */
      if (reply_is (reply, "0") || reply_is (reply, "1"))
        {
          TetherRecoveredProcess process = {
            .pid = g_array_index (data->pids, gint64, data->next),
            .created = reply_is (reply, "0"),
          };

          g_array_append_val (data->processes, process);
        }
      data->next++;
      if (data->next >= data->pids->len)
        {
          data->stage = RECOVER_STATUS;
          data->first = TRUE;
        }
      break;

    case RECOVER_STATUS:
    default:
      {
        g_auto(TetherStopReply) stop = { 0 };

        if (reply_is (reply, "OK") || len == 0 || reply_is_error (reply))
          {
            recover_done (task);
            return;
          }
        if (tether_stop_reply_parse (text, len, &stop, NULL) &&
            stop.kind == TETHER_STOP_SIGNALLED && stop.pid > 0)
          {
            TetherRecoveredProcess *process = find_recovered (data, stop.pid);

            if (process != NULL && !process->stopped)
              {
                process->stopped = TRUE;
                process->signal = stop.signal;
              }
          }
        data->first = FALSE;
      }
      break;
    }

  recover_next (g_steal_pointer (&task));
}

static void
recover_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  RecoverData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  switch (data->stage)
    {
    case RECOVER_ATTACHED:
      packet = g_strdup_printf ("qAttached:%" G_GINT64_MODIFIER "x",
                                g_array_index (data->pids, gint64, data->next));
      break;

    case RECOVER_STATUS:
    default:
      if (data->processes->len == 0)
        {
          recover_done (task);
          g_object_unref (task);
          return;
        }
      packet = g_strdup (data->first ? "?" : "vStopped");
      break;
    }

  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, recover_cb);
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

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_recover_async);
  if (!_tether_server_check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  data = g_new0 (RecoverData, 1);
  data->pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (data->pids, pids, n_pids);
  data->processes = g_array_new (FALSE, TRUE, sizeof (TetherRecoveredProcess));
  data->stage = RECOVER_ATTACHED;
  g_task_set_task_data (task, data, (GDestroyNotify)recover_data_free);
  if (n_pids == 0)
    {
      recover_done (task);
      g_object_unref (task);
      return;
    }
  recover_next (task);
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
