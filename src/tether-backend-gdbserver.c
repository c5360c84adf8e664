/* tether-backend-gdbserver.c: the gdbserver --multi backend: listing, details, threads, events
 *
 * One extended-remote connection in non-stop mode does everything: qXfer:osdata lists, host I/O
 * describes, vAttach/vRun hold processes on the same connection, and %Stop notifications report
 * on them (tether-backend-gdbserver-control.c, tether-backend-gdbserver-create.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-rsp-codec.h"
#include "tether-server-private.h"

/* gdbserver's own words: over pipes, its standard error says why a request failed. */

/* The reason gdbserver printed for its last failure, without its "gdbserver: " prefix. */
char *
_tether_gdbserver_dup_reason (TetherServer *self)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (self->transport == NULL ||
      (text = tether_transport_dup_stderr_since_mark (self->transport)) == NULL)
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      const char *line = lines[i - 1];

      if (g_str_has_prefix (line, "gdbserver: "))
        return g_strdup (line + strlen ("gdbserver: "));
    }

  return NULL;
}

void
_tether_gdbserver_mark_reason (TetherServer *self)
{
  if (self->transport != NULL)
    tether_transport_mark_stderr (self->transport);
}

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

static void
gdbserver_list_processes (TetherServer *self,
                          GTask        *task)
{
  ListData *data;

  data = g_new0 (ListData, 1);
  data->xml = g_byte_array_sized_new (256 * 1024);
  data->processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);
  list_next (task);
}

/* Describe: the inspector reads /proc through host I/O. */

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

static void
gdbserver_describe_process (TetherServer  *self,
                            TetherProcess *process,
                            GTask         *task)
{
  tether_inspector_describe_async (self->inspector, process, g_task_get_cancellable (task),
                                   describe_cb, task);
}

/* Find: the listing's command lines narrow the candidates. */

static void
candidates_list_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *name = g_task_get_task_data (task);
  g_autoptr(GPtrArray) processes = NULL;
  GPtrArray *candidates;
  GError *error = NULL;

  processes = tether_server_list_processes_finish (TETHER_SERVER (object), result, &error);
  if (processes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_ptr_array_sort (processes, tether_process_compare_pids);
  candidates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);

      if (tether_process_may_run (process, name))
        g_ptr_array_add (candidates, g_object_ref (process));
    }

  g_task_return_pointer (task, candidates, (GDestroyNotify)g_ptr_array_unref);
}

static void
gdbserver_find_candidates (TetherServer    *self,
                           const char      *name,
                           TetherMatchRule  rule,
                           GTask           *task)
{
  g_task_set_task_data (task, g_strdup (name), g_free);
  tether_server_list_processes_async (self, g_task_get_cancellable (task), candidates_list_cb,
                                      task);
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

static void
gdbserver_list_threads (TetherServer *self,
                        gint64        pid,
                        GTask        *task)
{
  g_object_set_data (G_OBJECT (task), "pid", GSIZE_TO_POINTER (pid));
  g_task_set_task_data (task, g_byte_array_new (), (GDestroyNotify)g_byte_array_unref);
  threads_next (task);
}

/* Events: %Stop notifications for the processes this connection holds. */

static void
connection_stop_cb (TetherServer        *self,
                    GBytes              *payload,
                    TetherRspConnection *connection)
{
  g_auto(TetherStopReply) reply = { 0 };

  if (!tether_stop_reply_parse (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                                &reply, NULL) || reply.pid <= 0)
    return;

  switch (reply.kind)
    {
    case TETHER_STOP_SIGNALLED:
      _tether_server_emit_stopped (self, reply.pid, reply.signal);
      break;

    case TETHER_STOP_EXITED:
    case TETHER_STOP_TERMINATED:
      _tether_server_emit_exited (self, reply.pid,
                                  reply.kind == TETHER_STOP_EXITED ? (gint)reply.exit_code : -1,
                                  reply.kind == TETHER_STOP_TERMINATED ? reply.signal : 0u);
      break;

    case TETHER_STOP_NO_RESUMED:
    default:
      break;
    }
}

/* Setup, capabilities, release and the end */

static void
gdbserver_setup (TetherServer *self,
                 GTask        *task)
{
  g_autofree char *count = NULL;
  g_auto(GStrv) features = NULL;

  if (!tether_rsp_connection_get_extended (self->connection))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("The server refused extended mode: start gdbserver with "
                                 "--multi"));
      g_object_unref (task);
      return;
    }

  features = tether_rsp_connection_dup_feature_names (self->connection);
  count = g_strdup_printf ("%u", g_strv_length (features));
  _tether_server_add_detail (self, "packet-size",
                             tether_rsp_connection_get_feature (self->connection, "PacketSize"));
  _tether_server_add_detail (self, "features", count);
  _tether_server_add_detail (self, "mode", tether_rsp_connection_get_non_stop (self->connection)
                                             ? "extended-remote, non-stop"
                                             : "extended-remote, all-stop");
  g_signal_connect_object (self->connection, "stop", G_CALLBACK (connection_stop_cb), self,
                           G_CONNECT_SWAPPED);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
gdbserver_teardown (TetherServer *self)
{
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_func (self->connection, connection_stop_cb, self);
}

static TetherServerCaps
gdbserver_get_caps (TetherServer *self)
{
  TetherRspConnection *connection = self->connection;
  TetherServerCaps caps = TETHER_SERVER_CAN_ATTACH | TETHER_SERVER_CAN_CREATE |
                          TETHER_SERVER_CAN_MONITOR | TETHER_SERVER_CAN_END;

  if (tether_rsp_connection_has_feature (connection, "qXfer:osdata:read"))
    caps |= TETHER_SERVER_CAN_LIST;
  /* gdbserver does not announce host I/O: every gdbserver that lists processes has it. */
  if (tether_rsp_connection_has_feature (connection, "qXfer:osdata:read"))
    caps |= TETHER_SERVER_CAN_READ_FILES;
  if (tether_rsp_connection_get_non_stop (connection))
    caps |= TETHER_SERVER_NON_STOP;
  return caps;
}

static void
release_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else if (!reply_is (reply, "OK"))
    g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                             _("the server refused"));
  else
    g_task_return_boolean (task, TRUE);
}

static void
gdbserver_release (TetherServer *self,
                   gint64        pid,
                   gboolean      kill,
                   GTask        *task)
{
  g_autofree char *packet = NULL;

  if (kill)
    packet = g_strdup_printf ("vKill;%" G_GINT64_MODIFIER "x", pid);
  else
    packet = g_strdup_printf ("D;%" G_GINT64_MODIFIER "x", pid);
  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                       NULL, release_cb, task);
}

/* "monitor exit": kills created processes, detaches attached ones, and ends the server. */
static void
gdbserver_end_server (TetherServer *self,
                      GTask        *task)
{
  g_autofree char *hex = tether_hex_encode_string ("exit");
  g_autofree char *packet = g_strdup_printf ("qRcmd,%s", hex);

  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_OUTPUT,
                                       NULL, _tether_backend_ignore_reply_cb, task);
}

const TetherBackend _tether_backend_gdbserver = {
  .kind = TETHER_SERVER_KIND_GDBSERVER,
  .name = "gdbserver",
  .setup = gdbserver_setup,
  .teardown = gdbserver_teardown,
  .get_caps = gdbserver_get_caps,
  .list_processes = gdbserver_list_processes,
  .describe_process = gdbserver_describe_process,
  .find_candidates = gdbserver_find_candidates,
  .attach = _tether_gdbserver_attach,
  .create_process = _tether_gdbserver_create_process,
  .control = _tether_gdbserver_control,
  .list_threads = gdbserver_list_threads,
  .release = gdbserver_release,
  .adopt = _tether_gdbserver_adopt,
  .end_server = gdbserver_end_server,
};
