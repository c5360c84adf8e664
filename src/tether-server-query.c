/* tether-server-query.c: TetherServer: listing, details, finding, threads and monitor commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-rsp-codec.h"
#include "tether-server-private.h"
/* Listing: qXfer:osdata:read:processes, piece by piece (offsets count decoded bytes). */

typedef struct
{
  GByteArray *xml;
  GPtrArray  *processes;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->xml, g_byte_array_unref);
  g_clear_pointer (&data->processes, g_ptr_array_unref);
  g_free (data);
}

static char *
name_from_command (const char *command)
{
  const char *end;
  const char *start;
  gsize len = strlen (command);

  /* Kernel threads: "[kworker/0:1]". */
  if (len >= 2 && command[0] == '[' && command[len - 1] == ']')
    return g_strndup (command + 1, len - 2);

  end = strchr (command, ' ');
  if (end == NULL)
    end = command + len;
  start = g_strrstr_len (command, end - command, "/");
  start = start != NULL ? start + 1 : command;
  return g_strndup (start, end - start);
}

static gboolean
list_item_cb (const char * const *names,
              const char * const *values,
              guint               n_columns,
              gpointer            user_data)
{
  ListData *data = user_data;
  const char *pid_text = NULL;
  const char *user = NULL;
  const char *command = NULL;
  TetherProcess *process;
  gint64 pid;
  char *end = NULL;

  for (guint i = 0; i < n_columns; i++)
    {
      if (strcmp (names[i], "pid") == 0)
        pid_text = values[i];
      else if (strcmp (names[i], "user") == 0)
        user = values[i];
      else if (strcmp (names[i], "command") == 0)
        command = values[i];
    }

  if (pid_text == NULL)
    return TRUE;
  pid = g_ascii_strtoll (pid_text, &end, 10);
  if (end == pid_text || *end != '\0' || pid <= 0)
    return TRUE;

  process = tether_process_new (pid);
  tether_process_set_user (process, user);
  if (command != NULL)
    {
      /* gdbserver writes each argument followed by a space: drop the last one. */
      g_autofree char *trimmed = g_strchomp (g_strdup (command));
      g_autofree char *name = name_from_command (trimmed);

      tether_process_set_command_line (process, trimmed);
      tether_process_set_name (process, name);
    }
  g_ptr_array_add (data->processes, process);
  return TRUE;
}

static void list_next (GTask *task);

static void
list_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  const char *bytes;
  gsize len;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  bytes = g_bytes_get_data (reply, &len);
  if (len == 0)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("This server cannot list processes (no qXfer:osdata)"));
      return;
    }
  if (bytes[0] == 'E')
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                               _("The server failed to list its processes (%.*s)"),
                               (int)MIN (len, 8), bytes);
      return;
    }
  if (bytes[0] != 'm' && bytes[0] != 'l')
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                               _("The server sent a malformed process list"));
      return;
    }

  if (data->xml->len + len - 1 > tether_rsp_connection_get_max_packet (TETHER_RSP_CONNECTION (object)) * 4)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_TOO_LARGE,
                               _("The server's process list is unreasonably large"));
      return;
    }
  g_byte_array_append (data->xml, (const guint8 *)bytes + 1, len - 1);

  if (bytes[0] == 'm' && len > 1)
    {
      list_next (g_steal_pointer (&task));
      return;
    }

  if (!tether_osdata_parse ((const char *)data->xml->data, data->xml->len, "processes",
                            list_item_cb, data, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->processes),
                         (GDestroyNotify)g_ptr_array_unref);
}

static void
list_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;
  gsize chunk = tether_rsp_connection_get_packet_size (self->connection) - 32;

  packet = g_strdup_printf ("qXfer:osdata:read:processes:%x,%" G_GSIZE_MODIFIER "x",
                            data->xml->len, chunk);
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, list_read_cb);
}

void
tether_server_list_processes_async (TetherServer        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  ListData *data;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_list_processes_async);
  if (!_tether_server_check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  data = g_new0 (ListData, 1);
  data->xml = g_byte_array_sized_new (256 * 1024);
  data->processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);
  list_next (task);
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

/* Describe and check: the inspector does the reading. */

static void
describe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!tether_inspector_describe_finish (TETHER_INSPECTOR (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
tether_server_describe_process_async (TetherServer        *self,
                                      TetherProcess       *process,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (TETHER_IS_PROCESS (process));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_describe_process_async);
  if (!_tether_server_check_connected (self, task))
    return;

  tether_inspector_describe_async (self->inspector, process, cancellable, describe_cb,
                                   g_steal_pointer (&task));
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
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_check_attach_async);
  if (!_tether_server_check_connected (self, task))
    return;

  if (g_hash_table_contains (self->held, &pid))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_ALREADY_TRACED,
                               _("Tether is already debugging process %d"), (int)pid);
      return;
    }

  tether_inspector_check_attach_async (self->inspector, pid, cancellable, check_attach_cb,
                                       g_steal_pointer (&task));
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

/* Find by executable name: the listing narrows the candidates, /proc confirms them. */

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

static gboolean
path_tail_is (const char *path,
              const char *name)
{
  const char *slash;

  if (path == NULL)
    return FALSE;
  slash = strrchr (path, '/');
  return g_str_equal (slash != NULL ? slash + 1 : path, name);
}

static gboolean
process_matches (TetherProcess   *process,
                 const char      *name,
                 TetherMatchRule  rule)
{
  const char *exe = tether_process_get_exe (process);
  const char * const *argv = tether_process_get_argv (process);
  const char *argv0 = argv != NULL ? argv[0] : NULL;

  /* The executable's path when the server may read it; argv[0] for other users' processes. */
  if (exe != NULL)
    return rule == TETHER_MATCH_FULL ? g_str_equal (exe, name)
                                     : g_str_equal (exe, name) || path_tail_is (exe, name);
  if (argv0 != NULL)
    return rule == TETHER_MATCH_FULL ? g_str_equal (argv0, name)
                                     : g_str_equal (argv0, name) || path_tail_is (argv0, name);
  return FALSE;
}

/* Could this listed process run @name? The command line is argv joined with spaces, so a
 * candidate has @name's file name, ending a path or standing alone, before a space or the end. */
static gboolean
is_candidate (TetherProcess *process,
              const char    *tail)
{
  const char *command = tether_process_get_command_line (process);
  gsize len = strlen (tail);

  for (const char *p = command != NULL ? strstr (command, tail) : NULL;
       p != NULL;
       p = strstr (p + 1, tail))
    {
      if ((p == command || p[-1] == '/') && (p[len] == '\0' || p[len] == ' '))
        return TRUE;
    }

  return FALSE;
}

static int
compare_process_pids (gconstpointer a,
                      gconstpointer b)
{
  gint64 x = tether_process_get_pid (*(TetherProcess * const *)a);
  gint64 y = tether_process_get_pid (*(TetherProcess * const *)b);

  return x < y ? -1 : x > y;
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

  if (!tether_inspector_describe_finish (TETHER_INSPECTOR (object), result, &error))
    {
      /* A candidate that exited meanwhile is simply not a match; a lost link ends the search. */
      if (!g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS) &&
          !g_error_matches (error, TETHER_ERROR, TETHER_ERROR_PERMISSION))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (process_matches (process, data->name, data->rule))
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
      tether_inspector_describe_async (self->inspector,
                                       g_ptr_array_index (data->candidates, data->next),
                                       g_task_get_cancellable (task), find_describe_cb, task);
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
find_list_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) processes = NULL;
  const char *slash = strrchr (data->name, '/');
  const char *tail = slash != NULL ? slash + 1 : data->name;
  GError *error = NULL;

  processes = tether_server_list_processes_finish (TETHER_SERVER (object), result, &error);
  if (processes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_ptr_array_sort (processes, compare_process_pids);
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);

      if (*tail != '\0' && is_candidate (process, tail))
        g_ptr_array_add (data->candidates, g_object_ref (process));
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
  FindData *data;

  g_return_if_fail (TETHER_IS_SERVER (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_find_process_async);

  data = g_new0 (FindData, 1);
  data->name = g_strdup (name);
  data->rule = rule;
  data->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  data->matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)find_data_free);

  if (*name == '\0')
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                               _("Give the name of a program to find"));
      g_object_unref (task);
      return;
    }

  tether_server_list_processes_async (self, cancellable, find_list_cb, task);
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

/* Threads: qXfer:threads:read */

static void threads_next (GTask *task);

static void
threads_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GByteArray *xml = g_task_get_task_data (task);
  gint64 pid = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "pid"));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GArray) threads = NULL;
  GError *error = NULL;
  const char *bytes;
  gsize len;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  bytes = g_bytes_get_data (reply, &len);
  if (len == 0 || (bytes[0] != 'm' && bytes[0] != 'l'))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("The server cannot list threads"));
      return;
    }
  g_byte_array_append (xml, (const guint8 *)bytes + 1, len - 1);
  if (bytes[0] == 'm' && len > 1)
    {
      threads_next (g_steal_pointer (&task));
      return;
    }

  threads = tether_threads_xml_parse ((const char *)xml->data, xml->len, &error);
  if (threads == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The server lists the threads of every process it debugs: keep this one's. */
  for (guint i = threads->len; i > 0; i--)
    {
      if (g_array_index (threads, TetherThreadInfo, i - 1).pid != pid)
        g_array_remove_index (threads, i - 1);
    }
  g_task_return_pointer (task, g_steal_pointer (&threads), (GDestroyNotify)g_array_unref);
}

static void
threads_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  GByteArray *xml = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  packet = g_strdup_printf ("qXfer:threads:read::%x,%" G_GSIZE_MODIFIER "x", xml->len,
                            tether_rsp_connection_get_packet_size (self->connection) - 32);
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, threads_cb);
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

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_list_threads_async);
  if (!_tether_server_check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

  g_object_set_data (G_OBJECT (task), "pid", GSIZE_TO_POINTER (pid));
  g_task_set_task_data (task, g_byte_array_new (), (GDestroyNotify)g_byte_array_unref);
  threads_next (task);
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

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_server_monitor_async);
  if (!_tether_server_check_connected (self, task))
    {
      g_object_unref (task);
      return;
    }

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
