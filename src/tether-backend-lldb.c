/* tether-backend-lldb.c: the lldb-server platform backend: detection, listing, details, finding
 *
 * lldb-server platform lists processes one per packet (qfProcessInfo, then qsProcessInfo until
 * E04; E03 when nothing matched), with decimal numbers and the executable's path and the
 * arguments in hex, parent PIDs included, and filters by name on the server. It reads files with
 * host I/O like gdbserver, but has no vFile:readlink: the executable's path comes from
 * qProcessInfoPID. It debugs nothing itself: tether-backend-lldb-debug.c starts a debug server
 * for each process that is attached or created.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-rsp-codec.h"
#include "tether-server-private.h"

typedef struct
{
  GHashTable *user_names;     /* uid -> user name (NULL value: no name) */
  gboolean    error_strings;
  /* The server keeps one listing's position per connection: listings take turns. */
  GTask      *listing;
  GQueue      waiting;        /* GTask*, each with its filters as "tether-filters" */
} LldbState;

static LldbState *
get_state (TetherServer *self)
{
  return self->backend_data;
}

/* Error text */

char *
_tether_lldb_dup_error_text (GBytes *reply)
{
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);
  const char *semicolon;

  /* With QEnableErrorStrings: "Exx;<hex text>". */
  if (len < 4 || data[0] != 'E' || (semicolon = memchr (data, ';', len)) == NULL)
    return NULL;
  return tether_hex_decode_string (semicolon + 1, data + len - (semicolon + 1));
}

/* "key:value;key:value;" into a table. */
GHashTable *
_tether_lldb_parse_pairs (GBytes *reply)
{
  g_autofree char *text = reply_dup_text (reply);
  g_auto(GStrv) items = g_strsplit (text, ";", -1);
  GHashTable *pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *colon = strchr (items[i], ':');

      if (colon != NULL)
        g_hash_table_insert (pairs, g_strndup (items[i], colon - items[i]),
                             g_strdup (colon + 1));
    }
  return pairs;
}

static gboolean
parse_decimal (const char *text,
               gint64     *out)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *out = g_ascii_strtoll (text, &end, 10);
  return *end == '\0';
}

/* One qfProcessInfo/qsProcessInfo/qProcessInfoPID reply into a process. */
static TetherProcess *
process_from_reply (GBytes *reply)
{
  g_autoptr(GHashTable) pairs = _tether_lldb_parse_pairs (reply);
  g_autofree char *exe = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *args = g_hash_table_lookup (pairs, "args");
  const char *name_hex = g_hash_table_lookup (pairs, "name");
  TetherProcess *process;
  const char *base;
  gint64 pid, value;

  if (!parse_decimal (g_hash_table_lookup (pairs, "pid"), &pid) || pid <= 0)
    return NULL;

  process = tether_process_new (pid);
  if (parse_decimal (g_hash_table_lookup (pairs, "ppid"), &value))
    tether_process_set_ppid (process, value);
  if (parse_decimal (g_hash_table_lookup (pairs, "uid"), &value))
    tether_process_set_uid (process, value);

  if (name_hex != NULL && *name_hex != '\0')
    exe = tether_hex_decode_string (name_hex, -1);
  if (exe != NULL && *exe != '\0')
    tether_process_set_exe (process, exe);

  /* Arguments: hex, joined by "-". */
  if (args != NULL && *args != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (args, "-", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *arg = tether_hex_decode_string (parts[i], -1);

          g_ptr_array_add (argv, arg != NULL ? arg : g_strdup (""));
        }
    }
  g_ptr_array_add (argv, NULL);
  if (argv->len > 1)
    {
      g_autofree char *joined = g_strjoinv (" ", (char **)argv->pdata);

      tether_process_set_argv (process, (const char * const *)argv->pdata);
      tether_process_set_command_line (process, joined);
    }

  base = exe != NULL && *exe != '\0' ? exe : argv->len > 1 ? g_ptr_array_index (argv, 0) : NULL;
  if (base != NULL)
    {
      const char *slash = strrchr (base, '/');

      tether_process_set_name (process, slash != NULL ? slash + 1 : base);
    }
  return process;
}

/* Listing */

#define LIST_WINDOW 32

static void list_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

typedef struct
{
  GPtrArray *processes;
  GArray    *uids;        /* user ids still to name */
  guint      next_uid;
  gboolean   filtered;
  GArray    *missing;     /* held PIDs the listing left out */
  guint      outstanding; /* listing requests sent and not answered yet */
  gboolean   ended;       /* the server said the list is over */
  GError    *error;       /* the first failure, returned once nothing is outstanding */
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->processes, g_ptr_array_unref);
  g_clear_pointer (&data->uids, g_array_unref);
  g_clear_pointer (&data->missing, g_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void list_start (TetherServer *self,
                        GTask        *task);

/* Completes a listing (@error, or the processes) and starts the next one waiting. */
static void
list_return (GTask  *task,
             GError *error)
{
  g_autoptr(TetherServer) self = g_object_ref (g_task_get_source_object (task));
  ListData *data = g_task_get_task_data (task);
  LldbState *state = get_state (self);
  GTask *next;

  if (state != NULL && state->listing == task)
    state->listing = NULL;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&data->processes),
                           (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (task);

  if (state != NULL && state->listing == NULL &&
      (next = g_queue_pop_head (&state->waiting)) != NULL)
    list_start (self, next);
}

static void names_next (GTask *task);

static void
list_finish (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  LldbState *state = get_state (self);

  for (guint i = 0; i < data->processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (data->processes, i);
      gint64 uid = tether_process_get_uid (process);
      const char *user = g_hash_table_lookup (state->user_names, GINT_TO_POINTER ((int)uid));
      g_autofree char *numeric = g_strdup_printf ("%" G_GINT64_FORMAT, uid);

      if (uid >= 0)
        tether_process_set_user (process, user != NULL ? user : numeric);
    }

  list_return (task, NULL);
}

static void
names_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  int uid = g_array_index (data->uids, int, data->next_uid);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  char *name = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      list_return (task, error);
      return;
    }

  if (g_bytes_get_size (reply) > 0 && !reply_is_error (reply))
    name = tether_hex_decode_string (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  g_hash_table_insert (get_state (self)->user_names, GINT_TO_POINTER (uid), name);
  data->next_uid++;
  names_next (task);
}

/* User names: qUserName once per user id, remembered for the connection. */
static void
names_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  if (data->next_uid >= data->uids->len)
    {
      list_finish (task);
      return;
    }

  packet = g_strdup_printf ("qUserName:%d", g_array_index (data->uids, int, data->next_uid));
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, names_cb);
}

static void
names_start (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  LldbState *state = get_state (self);

  for (guint i = 0; i < data->processes->len; i++)
    {
      int uid = tether_process_get_uid (g_ptr_array_index (data->processes, i));
      gboolean seen = g_hash_table_contains (state->user_names, GINT_TO_POINTER (uid));

      for (guint j = 0; !seen && j < data->uids->len; j++)
        seen = g_array_index (data->uids, int, j) == uid;
      if (!seen && uid >= 0)
        g_array_append_val (data->uids, uid);
    }
  names_next (task);
}

static void held_next (GTask *task);

static void
held_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  TetherProcess *process;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      list_return (task, error);
      return;
    }
  if (!reply_is_error (reply) && (process = process_from_reply (reply)) != NULL)
    g_ptr_array_add (data->processes, process);
  g_array_remove_index (data->missing, data->missing->len - 1);
  held_next (task);
}

/* lldb-server leaves traced processes out of its listing, the ones Tether holds included: ask
 * for those one by one. */
static void
held_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  if (data->missing == NULL && !data->filtered)
    {
      g_autoptr(GArray) held = tether_server_dup_held_pids (self);

      /* Few are held: a plain search will do. */
      data->missing = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < held->len; i++)
        {
          gint64 pid = g_array_index (held, gint64, i);
          gboolean found = FALSE;

          for (guint j = 0; !found && j < data->processes->len; j++)
            found = tether_process_get_pid (g_ptr_array_index (data->processes, j)) == pid;
          if (!found)
            g_array_append_val (data->missing, pid);
        }
    }

  if (data->missing == NULL || data->missing->len == 0)
    {
      names_start (task);
      return;
    }

  packet = g_strdup_printf ("qProcessInfoPID:%" G_GINT64_FORMAT,
                            g_array_index (data->missing, gint64, data->missing->len - 1));
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, held_cb);
}

/* Keeps LIST_WINDOW qsProcessInfo requests on their way: the server answers them in order, one
 * process each, so the listing costs one round trip per window rather than per process. */
static void
list_request_more (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);

  while (!data->ended && data->error == NULL && data->outstanding < LIST_WINDOW)
    {
      data->outstanding++;
      tether_rsp_connection_request_async (self->connection, "qsProcessInfo",
                                           TETHER_RSP_REQUEST_PIPELINE,
                                           g_task_get_cancellable (task), list_cb,
                                           g_object_ref (task));
    }
}

static void
list_take_reply (ListData *data,
                 GBytes   *reply)
{
  TetherProcess *process;

  if (g_bytes_get_size (reply) == 0)
    {
      data->error = g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                 _("This server cannot list processes (no qfProcessInfo)"));
      return;
    }

  /* E04: the end of the list (and the answer to every request after it); E03: nothing
   * matched. */
  if (reply_is_error (reply))
    {
      g_autofree char *text = reply_dup_text (reply);

      if (g_str_has_prefix (text, "E04") || g_str_has_prefix (text, "E03"))
        data->ended = TRUE;
      else
        {
          g_autofree char *reason = _tether_lldb_dup_error_text (reply);

          data->error = g_error_new (TETHER_ERROR, TETHER_ERROR_SERVER,
                                     _("The server failed to list its processes (%s)"),
                                     reason != NULL ? reason : text);
        }
      return;
    }

  process = process_from_reply (reply);
  if (process == NULL)
    {
      data->error = g_error_new (TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                                 _("The server sent a malformed process list"));
      return;
    }
  g_ptr_array_add (data->processes, process);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;

  data->outstanding--;
  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (data->error != NULL || data->ended)
    g_clear_error (&error);       /* an answer after the end or a failure: not needed */
  else if (reply == NULL)
    data->error = error;
  else
    list_take_reply (data, reply);

  list_request_more (task);
  if (data->outstanding > 0)
    {
      g_object_unref (task);
      return;
    }

  if (data->error != NULL)
    {
      list_return (task, g_steal_pointer (&data->error));
      return;
    }
  held_next (task);
}

static void
list_start (TetherServer *self,
            GTask        *task)
{
  ListData *data = g_task_get_task_data (task);
  const char *filters = g_object_get_data (G_OBJECT (task), "tether-filters");
  g_autofree char *packet = NULL;

  get_state (self)->listing = task;
  /* Every user's processes, not only the server's own user's. */
  packet = g_strdup_printf ("qfProcessInfo:%sall_users:1;", filters != NULL ? filters : "");
  data->outstanding = 1;
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, list_cb);
}

static void
list_with (TetherServer *self,
           const char   *filters,
           GTask        *task)
{
  ListData *data = g_new0 (ListData, 1);
  LldbState *state = get_state (self);

  data->processes = g_ptr_array_new_with_free_func (g_object_unref);
  data->uids = g_array_new (FALSE, FALSE, sizeof (int));
  data->filtered = filters != NULL;
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);
  g_object_set_data_full (G_OBJECT (task), "tether-filters", g_strdup (filters), g_free);

  if (state->listing != NULL)
    g_queue_push_tail (&state->waiting, task);
  else
    list_start (self, task);
}

static void
lldb_list_processes (TetherServer *self,
                     GTask        *task)
{
  list_with (self, NULL, task);
}

/* Find: the server filters by the executable's path. */

static void
candidates_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GPtrArray *processes;
  GError *error = NULL;

  processes = g_task_propagate_pointer (G_TASK (result), &error);
  if (processes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_ptr_array_sort (processes, tether_process_compare_pids);
  g_task_return_pointer (task, processes, (GDestroyNotify)g_ptr_array_unref);
}

static void
lldb_find_candidates (TetherServer    *self,
                      const char      *name,
                      TetherMatchRule  rule,
                      GTask           *task)
{
  g_autofree char *hex = NULL;
  g_autofree char *filters = NULL;
  g_autofree char *suffix = NULL;
  GTask *list;

  /* The server's name is the executable's whole path: a bare name is its last component. */
  if (rule == TETHER_MATCH_FULL || strchr (name, '/') != NULL)
    {
      hex = tether_hex_encode_string (name);
      filters = g_strdup_printf ("name_match:equals;name:%s;", hex);
    }
  else
    {
      suffix = g_strconcat ("/", name, NULL);
      hex = tether_hex_encode_string (suffix);
      filters = g_strdup_printf ("name_match:ends_with;name:%s;", hex);
    }

  list = g_task_new (self, g_task_get_cancellable (task), candidates_cb, task);
  g_task_set_source_tag (list, lldb_find_candidates);
  list_with (self, filters, list);
}

/* Describe: /proc through host I/O, and the executable's path from qProcessInfoPID. */

static void
describe_info_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherProcess *process = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(TetherProcess) info = NULL;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!reply_is_error (reply) && g_bytes_get_size (reply) > 0 &&
      (info = process_from_reply (reply)) != NULL)
    {
      if (tether_process_get_exe (process) == NULL && tether_process_get_exe (info) != NULL)
        tether_process_set_exe (process, tether_process_get_exe (info));
      if (tether_process_get_argv (process) == NULL && tether_process_get_argv (info) != NULL)
        tether_process_set_argv (process, tether_process_get_argv (info));
    }
  g_task_return_boolean (task, TRUE);
}

static void
describe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  TetherProcess *process = g_task_get_task_data (task);
  g_autofree char *packet = NULL;
  GError *error = NULL;

  if (!tether_inspector_describe_finish (TETHER_INSPECTOR (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  packet = g_strdup_printf ("qProcessInfoPID:%" G_GINT64_FORMAT, tether_process_get_pid (process));
  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, describe_info_cb);
}

static void
lldb_describe_process (TetherServer  *self,
                       TetherProcess *process,
                       GTask         *task)
{
  g_task_set_task_data (task, g_object_ref (process), g_object_unref);
  tether_inspector_describe_async (self->inspector, process, g_task_get_cancellable (task),
                                   describe_cb, task);
}

/* Setup: qHostInfo says it is lldb-server; error strings on. */

static void
setup_errors_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  get_state (self)->error_strings = reply_is (reply, "OK");
  g_task_return_boolean (task, TRUE);
}

static void
setup_host_info_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GHashTable) pairs = NULL;
  GError *error = NULL;
  static const char * const hex_keys[] = {
    "triple", "distribution_id", "os_build", "os_kernel", "hostname",
  };

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (g_bytes_get_size (reply) == 0 || reply_is_error (reply))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("The server is neither a gdbserver in extended mode nor an "
                                 "lldb-server platform (it accepts neither “!” nor qHostInfo). "
                                 "Start “gdbserver --multi” or “lldb-server platform --server”."));
      g_object_unref (task);
      return;
    }

  /* A debug server (lldb-server gdbserver) answers too, but lists nothing and serves one
   * process: say what to run instead. */
  if (tether_rsp_connection_has_feature (self->connection, "qXfer:auxv:read"))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("This is an lldb-server debug server (“lldb-server gdbserver”), "
                                 "which serves a single process. Start “lldb-server platform "
                                 "--server --listen HOST:PORT” and connect to that."));
      g_object_unref (task);
      return;
    }

  pairs = _tether_lldb_parse_pairs (reply);
  _tether_server_add_detail (self, "packet-size",
                             tether_rsp_connection_get_feature (self->connection, "PacketSize"));
  for (guint i = 0; i < G_N_ELEMENTS (hex_keys); i++)
    {
      const char *hex = g_hash_table_lookup (pairs, hex_keys[i]);
      g_autofree char *text = hex != NULL ? tether_hex_decode_string (hex, -1) : NULL;

      _tether_server_add_detail (self, hex_keys[i], text);
      if (g_str_equal (hex_keys[i], "triple"))
        _tether_server_add_detail (self, "os_version", g_hash_table_lookup (pairs, "os_version"));
    }
  _tether_server_add_detail (self, "ptrsize", g_hash_table_lookup (pairs, "ptrsize"));
  _tether_server_add_detail (self, "endian", g_hash_table_lookup (pairs, "endian"));
  _tether_server_add_detail (self, "mode", "platform; a debug server per process, all-stop");

  _tether_server_request (self, task, "QEnableErrorStrings", TETHER_RSP_REQUEST_DEFAULT,
                          setup_errors_cb);
}

static void
lldb_state_free (LldbState *state)
{
  GTask *task;

  /* Listings still waiting their turn: the connection they waited for is gone. */
  while ((task = g_queue_pop_head (&state->waiting)) != NULL)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CLOSED,
                               _("The connection to the server was closed"));
      g_object_unref (task);
    }
  g_hash_table_unref (state->user_names);
  g_free (state);
}

static void
lldb_setup (TetherServer *self,
            GTask        *task)
{
  LldbState *state = g_new0 (LldbState, 1);

  state->user_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->backend_data = state;
  _tether_server_request (self, task, "qHostInfo", TETHER_RSP_REQUEST_DEFAULT,
                          setup_host_info_cb);
}

static void
lldb_teardown (TetherServer *self)
{
  _tether_lldb_teardown (self);
  g_clear_pointer (&self->backend_data, lldb_state_free);
}

static TetherServerCaps
lldb_get_caps (TetherServer *self)
{
  TetherServerCaps caps = TETHER_SERVER_CAN_LIST | TETHER_SERVER_CAN_READ_FILES |
                          TETHER_SERVER_LISTS_PARENTS | TETHER_SERVER_FILTERS_BY_NAME |
                          TETHER_SERVER_EXACT_ARGUMENTS | TETHER_SERVER_FORWARDS_OUTPUT;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = _tether_lldb_dup_debug_host (self, &error);

  /* Debugging needs a second connection, to a port the server picks. */
  if (host != NULL)
    caps |= TETHER_SERVER_CAN_ATTACH | TETHER_SERVER_CAN_CREATE;
  if (get_state (self) != NULL && get_state (self)->error_strings)
    caps |= TETHER_SERVER_ERROR_STRINGS;
  return caps;
}

const TetherBackend _tether_backend_lldb = {
  .kind = TETHER_SERVER_KIND_LLDB,
  .name = "lldb-server platform",
  .setup = lldb_setup,
  .teardown = lldb_teardown,
  .get_caps = lldb_get_caps,
  .list_processes = lldb_list_processes,
  .describe_process = lldb_describe_process,
  .find_candidates = lldb_find_candidates,
  .attach = _tether_lldb_attach,
  .create_process = _tether_lldb_create_process,
  .control = _tether_lldb_control,
  .list_threads = _tether_lldb_list_threads,
  .release = _tether_lldb_release,
  .adopt = NULL,   /* each process had a debug server of its own, gone with the link */
  .end_server = NULL,
};
