/* tether-server-disconnect.c: TetherServer: disconnecting releases every held process first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-server-private.h"

/* Disconnect: release every held process, then close (and end the server if asked). */

typedef struct
{
  gboolean  kill_created;
  gboolean  end_server;
  GArray   *pids;
  guint     next;
  GString  *problems;
} DisconnectData;

static void
disconnect_data_free (DisconnectData *data)
{
  g_clear_pointer (&data->pids, g_array_unref);
  if (data->problems != NULL)
    g_string_free (data->problems, TRUE);
  g_free (data);
}

static void disconnect_next (GTask *task);

static void
disconnect_finish_now (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  DisconnectData *data = g_task_get_task_data (task);

  _tether_server_drop_connection (self, 1000);
  g_hash_table_remove_all (self->held);
  _tether_server_set_state (self, TETHER_SERVER_DISCONNECTED, NULL);

  if (data->problems->len > 0)
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_FAILED,
                             _("Disconnected, but some processes could not be released:%s"),
                             data->problems->str);
  else
    g_task_return_boolean (task, TRUE);
}

static void
disconnect_exit_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  /* The server may well close the link before or instead of answering: either is fine. */
  g_task_propagate_boolean (G_TASK (result), NULL);
  disconnect_finish_now (task);
}

static void
disconnect_release_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DisconnectData *data = g_task_get_task_data (task);
  gint64 pid = g_array_index (data->pids, gint64, data->next);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_string_append_printf (data->problems, " %" G_GINT64_FORMAT " (%s)", pid, error->message);

  data->next++;
  disconnect_next (g_steal_pointer (&task));
}

static void
disconnect_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  DisconnectData *data = g_task_get_task_data (task);
  GTask *step;

  if (self->backend == NULL || self->connection == NULL ||
      tether_rsp_connection_is_closed (self->connection))
    {
      disconnect_finish_now (task);
      g_object_unref (task);
      return;
    }

  if (data->next < data->pids->len)
    {
      gint64 pid = g_array_index (data->pids, gint64, data->next);
      Held *held = g_hash_table_lookup (self->held, &pid);

      if (held == NULL)
        {
          /* It ended meanwhile: nothing to release. */
          data->next++;
          disconnect_next (task);
          return;
        }

      /* Releasing must not be cut short: no cancellable. */
      step = g_task_new (self, NULL, disconnect_release_cb, task);
      g_task_set_source_tag (step, disconnect_next);
      self->backend->release (self, pid, held->created && data->kill_created, step);
      return;
    }

  if (data->end_server && data->problems->len == 0 && self->backend->end_server != NULL)
    {
      step = g_task_new (self, NULL, disconnect_exit_cb, task);
      g_task_set_source_tag (step, disconnect_next);
      self->backend->end_server (self, step);
      return;
    }

  disconnect_finish_now (task);
  g_object_unref (task);
}

void
tether_server_disconnect_async (TetherServer        *self,
                                gboolean             kill_created,
                                gboolean             end_server,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  DisconnectData *data;
  TetherTransportKind kind;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_disconnect_async);

  kind = tether_options_get_transport (self->options);
  data = g_new0 (DisconnectData, 1);
  data->kill_created = kill_created;
  /* A server Tether started (local:, ssh:) is Tether's to end. */
  data->end_server = end_server || kind == TETHER_TRANSPORT_LOCAL || kind == TETHER_TRANSPORT_SSH;
  data->pids = tether_server_dup_held_pids (self);
  data->problems = g_string_new (NULL);
  g_task_set_task_data (task, data, (GDestroyNotify)disconnect_data_free);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  disconnect_next (task);
}

gboolean
tether_server_disconnect_finish (TetherServer  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
