/* tether-server-dispatch.c: TetherServer: the public operations, handed to the server's backend
 *
 * Each operation checks the state, makes its task and passes it on (tether-backend.h). Checking an
 * attach, finding by name and monitor commands are the same for every kind of server, and live
 * here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-rsp-codec.h"
#include "tether-server-private.h"

/* A task for a public operation, or NULL (the error already returned) when not connected. */
static GTask *
start_task (TetherServer        *self,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (!_tether_server_check_connected (self, task))
    {
      g_object_unref (task);
      return NULL;
    }
  return task;
}

/* Returns FALSE, having returned the error on @task, when Tether already debugs @pid. */
static gboolean
check_not_held (TetherServer *self,
                gint64        pid,
                GTask        *task)
{
  if (!g_hash_table_contains (self->held, &pid))
    return TRUE;

  g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_ALREADY_TRACED,
                           _("Tether is already debugging process %d"), (int)pid);
  return FALSE;
}

/* Listing */

void
tether_server_list_processes_async (TetherServer        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = start_task (self, cancellable, callback, user_data, tether_server_list_processes_async);
  if (task != NULL)
    self->backend->list_processes (self, task);
}

GPtrArray *
tether_server_list_processes_finish (TetherServer  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Describe */

void
tether_server_describe_process_async (TetherServer        *self,
                                      TetherProcess       *process,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (TETHER_IS_PROCESS (process));

  task = start_task (self, cancellable, callback, user_data,
                     tether_server_describe_process_async);
  if (task != NULL)
    self->backend->describe_process (self, process, task);
}

gboolean
tether_server_describe_process_finish (TetherServer  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Check an attach: the inspector reads what would stand in the way. */

static void
check_attach_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!tether_inspector_check_attach_finish (TETHER_INSPECTOR (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
tether_server_check_attach_async (TetherServer        *self,
                                  gint64               pid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = start_task (self, cancellable, callback, user_data, tether_server_check_attach_async);
  if (task == NULL)
    return;

  if (!check_not_held (self, pid, task))
    {
      g_object_unref (task);
      return;
    }
  tether_inspector_check_attach_async (self->inspector, pid, cancellable, check_attach_cb, task);
}

gboolean
tether_server_check_attach_finish (TetherServer  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Find by executable name: the backend narrows the candidates, /proc confirms them. */

typedef struct
{
  char            *name;
  TetherMatchRule  rule;
  GPtrArray       *candidates;
  guint            next;
  GPtrArray       *matches;
} FindData;

static void
find_data_free (FindData *data)
{
  g_free (data->name);
  g_clear_pointer (&data->candidates, g_ptr_array_unref);
  g_clear_pointer (&data->matches, g_ptr_array_unref);
  g_free (data);
}

static void find_next (GTask *task);

static void
find_describe_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  TetherProcess *process = g_ptr_array_index (data->candidates, data->next);
  g_autoptr(GError) error = NULL;

  if (!tether_server_describe_process_finish (TETHER_SERVER (object), result, &error))
    {
      /* A candidate that exited meanwhile is simply not a match; a lost link ends the search. */
      if (!g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS) &&
          !g_error_matches (error, TETHER_ERROR, TETHER_ERROR_PERMISSION))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (tether_process_runs (process, data->name, data->rule == TETHER_MATCH_FULL))
    g_ptr_array_add (data->matches, g_object_ref (process));

  data->next++;
  find_next (g_steal_pointer (&task));
}

static void
find_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  FindData *data = g_task_get_task_data (task);

  if (data->next < data->candidates->len &&
      !(data->rule != TETHER_MATCH_ONLY && data->matches->len > 0))
    {
      tether_server_describe_process_async (self,
                                            g_ptr_array_index (data->candidates, data->next),
                                            g_task_get_cancellable (task), find_describe_cb,
                                            task);
      return;
    }

  if (data->matches->len == 0)
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                             _("No process on the server runs “%s”"), data->name);
  else if (data->rule == TETHER_MATCH_ONLY && data->matches->len > 1)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < data->matches->len; i++)
        {
          TetherProcess *process = g_ptr_array_index (data->matches, i);

          g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                                  tether_process_get_pid (process));
        }
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_AMBIGUOUS,
                               _("%u processes run “%s” (PIDs %s); choose one by PID"),
                               data->matches->len, data->name, list->str);
    }
  else
    g_task_return_pointer (task, g_ptr_array_ref (data->matches),
                           (GDestroyNotify)g_ptr_array_unref);

  g_object_unref (task);
}

static void
find_candidates_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->candidates = g_task_propagate_pointer (G_TASK (result), &error);
  if (data->candidates == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  find_next (g_steal_pointer (&task));
}

void
tether_server_find_process_async (TetherServer        *self,
                                  const char          *name,
                                  TetherMatchRule      rule,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  GTask *step;
  FindData *data;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (name != NULL);

  if (*name == '\0')
    {
      g_task_report_new_error (self, callback, user_data, tether_server_find_process_async,
                               TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Give the name of a program to find"));
      return;
    }

  task = start_task (self, cancellable, callback, user_data, tether_server_find_process_async);
  if (task == NULL)
    return;

  data = g_new0 (FindData, 1);
  data->name = g_strdup (name);
  data->rule = rule;
  data->matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)find_data_free);

  step = g_task_new (self, cancellable, find_candidates_cb, task);
  g_task_set_source_tag (step, tether_server_find_process_async);
  self->backend->find_candidates (self, name, rule, step);
}

TetherProcess *
tether_server_find_process_finish (TetherServer  *self,
                                   GAsyncResult  *result,
                                   GPtrArray    **all_matches,
                                   GError       **error)
{
  g_autoptr(GPtrArray) matches = NULL;

  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  matches = g_task_propagate_pointer (G_TASK (result), error);
  if (matches == NULL)
    return NULL;

  if (all_matches != NULL)
    *all_matches = g_ptr_array_ref (matches);
  return g_object_ref (g_ptr_array_index (matches, 0));
}

/* Attach, create, control, threads */

void
tether_server_attach_async (TetherServer        *self,
                            gint64               pid,
                            gboolean             resume,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = start_task (self, cancellable, callback, user_data, tether_server_attach_async);
  if (task == NULL)
    return;

  if (!check_not_held (self, pid, task))
    {
      g_object_unref (task);
      return;
    }
  self->backend->attach (self, pid, resume, task);
}

gboolean
tether_server_attach_finish (TetherServer  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tether_server_create_process_async (TetherServer              *self,
                                    const TetherCreateOptions *options,
                                    GCancellable              *cancellable,
                                    GAsyncReadyCallback        callback,
                                    gpointer                   user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (options != NULL);

  task = start_task (self, cancellable, callback, user_data, tether_server_create_process_async);
  if (task == NULL)
    return;

  if (tether_create_options_get_argv (options)[0][0] == '\0')
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Give the program to start"));
      g_object_unref (task);
      return;
    }
  self->backend->create_process (self, options, task);
}

gint64
tether_server_create_process_finish (TetherServer  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

void
tether_server_control_async (TetherServer        *self,
                             gint64               pid,
                             TetherControl        control,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = start_task (self, cancellable, callback, user_data, tether_server_control_async);
  if (task == NULL)
    return;

  if (!g_hash_table_contains (self->held, &pid) && control != TETHER_CONTROL_KILL)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Tether is not debugging process %d; attach "
                                 "to it first"), (int)pid);
      g_object_unref (task);
      return;
    }
  self->backend->control (self, pid, control, task);
}

gboolean
tether_server_control_finish (TetherServer  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tether_server_list_threads_async (TetherServer        *self,
                                  gint64               pid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = start_task (self, cancellable, callback, user_data, tether_server_list_threads_async);
  if (task != NULL)
    self->backend->list_threads (self, pid, task);
}

GArray *
tether_server_list_threads_finish (TetherServer  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Monitor commands: qRcmd, with "O" output packets until OK or Exx. */

static void
monitor_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, &output,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  text = output != NULL ? g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output))
                        : g_strdup ("");

  if (g_bytes_get_size (reply) == 0)
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                             _("The server does not support monitor commands"));
  else if (reply_is_error (reply))
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("The monitor command failed%s%s"),
                             *text != '\0' ? ": " : "", g_strstrip (text));
  else
    g_task_return_pointer (task, g_steal_pointer (&text), g_free);
}

void
tether_server_monitor_async (TetherServer        *self,
                             const char          *command,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  g_autofree char *hex = NULL;
  g_autofree char *packet = NULL;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (command != NULL);

  task = start_task (self, cancellable, callback, user_data, tether_server_monitor_async);
  if (task == NULL)
    return;

  hex = tether_hex_encode_string (command);
  packet = g_strdup_printf ("qRcmd,%s", hex);
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_OUTPUT, monitor_cb);
}

char *
tether_server_monitor_finish (TetherServer  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* What the server is and can do */

TetherServerKind
tether_server_get_kind (TetherServer *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), TETHER_SERVER_KIND_AUTO);

  return self->backend != NULL ? self->backend->kind : TETHER_SERVER_KIND_AUTO;
}

const char *
tether_server_get_kind_name (TetherServer *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);

  return self->backend != NULL ? self->backend->name : NULL;
}

TetherServerCaps
tether_server_get_caps (TetherServer *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER (self), 0);

  if (self->backend == NULL || self->state != TETHER_SERVER_CONNECTED)
    return 0;
  return self->backend->get_caps (self);
}

char **
tether_server_caps_to_names (TetherServerCaps caps)
{
  static const char * const names[] = {
    "list", "read-files", "attach", "create", "monitor", "parent-pids", "server-side-find",
    "program-output", "exact-arguments", "non-stop", "error-strings", "end-server",
  };
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if ((caps & (1u << i)) != 0)
        g_ptr_array_add (list, g_strdup (names[i]));
    }
  g_ptr_array_add (list, NULL);
  return (char **)g_ptr_array_free (list, FALSE);
}

char **
tether_server_dup_details (TetherServer *self)
{
  char **details;

  g_return_val_if_fail (TETHER_IS_SERVER (self), NULL);

  details = g_new0 (char *, self->details->len + 1);
  for (guint i = 0; i < self->details->len; i++)
    details[i] = g_strdup (g_ptr_array_index (self->details, i));
  return details;
}
