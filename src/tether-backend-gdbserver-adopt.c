/* tether-backend-gdbserver-adopt.c: the gdbserver backend: holding again, after a reconnect,
 * what the server still debugs
 *
 * After a lost connection, gdbserver --multi keeps what it attached or started: stopped processes
 * stay stopped, running ones run on. The new connection asks the server about each process held
 * when the link went: qAttached:P answers 1 (attached) or 0 (started) for a process it debugs, and
 * an error otherwise; then, in non-stop mode, '?' answers the first stopped thread's stop reply
 * and vStopped the next ones, until OK. Those it debugs are held again as they are: created or
 * attached, stopped (with the signal of that stop) or running. Asking about given pids, rather
 * than listing every thread (qfThreadInfo), leaves alone the processes of other clients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-server-private.h"
#include "tether-stop-reply.h"

/* A bound on the stop replies read, one per stopped thread: a server that never says OK. */
#define ADOPT_MAX_STOPS 100000

typedef enum
{
  ADOPT_ATTACHED,   /* qAttached, pid by pid */
  ADOPT_STATUS,     /* '?', then vStopped until OK */
} AdoptStage;

typedef struct
{
  gint64   pid;
  gboolean created;
  gboolean stopped;
  guint    signal;
  gboolean ended;   /* it exited while nobody watched: nothing to hold */
} Found;

typedef struct
{
  TetherRspConnection *connection;
  gulong               stop_id;
  AdoptStage           stage;
  GArray              *pids;    /* gint64: to ask about */
  GArray              *found;   /* Found: those the server debugs */
  guint                next;
  guint                stops;
} AdoptData;

static void
adopt_data_free (AdoptData *data)
{
  g_clear_signal_handler (&data->stop_id, data->connection);
  g_clear_object (&data->connection);
  g_clear_pointer (&data->pids, g_array_unref);
  g_clear_pointer (&data->found, g_array_unref);
  g_free (data);
}

static Found *
find_found (AdoptData *data,
            gint64     pid)
{
  for (guint i = 0; i < data->found->len; i++)
    {
      Found *found = &g_array_index (data->found, Found, i);

      if (found->pid == pid)
        return found;
    }

  return NULL;
}

/* A stop reply, from '?' or vStopped, or from a notification's drain meanwhile. */
static void
note_stop (AdoptData  *data,
           const char *text,
           gsize       len)
{
  g_auto(TetherStopReply) stop = { 0 };
  Found *found;

  if (!tether_stop_reply_parse (text, len, &stop, NULL) || stop.pid <= 0 ||
      (found = find_found (data, stop.pid)) == NULL)
    return;

  switch (stop.kind)
    {
    case TETHER_STOP_SIGNALLED:
      /* The first stopped thread's signal is the process's. */
      if (!found->stopped)
        {
          found->stopped = TRUE;
          found->signal = stop.signal;
        }
      break;

    case TETHER_STOP_EXITED:
    case TETHER_STOP_TERMINATED:
      found->ended = TRUE;
      break;

    case TETHER_STOP_NO_RESUMED:
    default:
      break;
    }
}

static void
connection_stop_cb (TetherRspConnection *connection,
                    GBytes              *payload,
                    gpointer             user_data)
{
  AdoptData *data = user_data;
  gsize len;
  const char *text = g_bytes_get_data (payload, &len);

  note_stop (data, text, len);
}

static void
adopt_done (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  AdoptData *data = g_task_get_task_data (task);

  for (guint i = 0; i < data->found->len; i++)
    {
      Found *found = &g_array_index (data->found, Found, i);
      Held *held;

      if (found->ended || g_hash_table_contains (self->held, &found->pid))
        continue;
      held = _tether_server_hold (self, found->pid, found->created, found->stopped);
      held->signal = found->stopped ? found->signal : 0;
    }

  g_task_return_boolean (task, TRUE);
}

static void adopt_next (GTask *task);

static void
adopt_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoptData *data = g_task_get_task_data (task);
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
    case ADOPT_ATTACHED:
      /* "1" attached, "0" started; an error: the server does not debug it (any more). */
      if (reply_is (reply, "0") || reply_is (reply, "1"))
        {
          Found found = {
            .pid = g_array_index (data->pids, gint64, data->next),
            .created = reply_is (reply, "0"),
          };

          g_array_append_val (data->found, found);
        }
      if (++data->next >= data->pids->len)
        data->stage = ADOPT_STATUS;
      break;

    case ADOPT_STATUS:
    default:
      if (len == 0 || reply_is (reply, "OK") || reply_is_error (reply) ||
          ++data->stops > ADOPT_MAX_STOPS)
        {
          adopt_done (task);
          return;
        }
      note_stop (data, text, len);
      break;
    }

  adopt_next (g_steal_pointer (&task));
}

static void
adopt_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  AdoptData *data = g_task_get_task_data (task);
  g_autofree char *packet = NULL;

  switch (data->stage)
    {
    case ADOPT_ATTACHED:
      packet = g_strdup_printf ("qAttached:%" G_GINT64_MODIFIER "x",
                                g_array_index (data->pids, gint64, data->next));
      break;

    case ADOPT_STATUS:
    default:
      if (data->found->len == 0)
        {
          adopt_done (task);
          g_object_unref (task);
          return;
        }
      /* A stop notification meanwhile drains the same queue: listen to it as well. */
      if (data->stop_id == 0)
        data->stop_id = g_signal_connect (data->connection, "stop",
                                          G_CALLBACK (connection_stop_cb), data);
      packet = g_strdup (data->stops == 0 ? "?" : "vStopped");
      break;
    }

  _tether_server_request (self, task, packet, TETHER_RSP_REQUEST_DEFAULT, adopt_cb);
}

static int
compare_pids (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* Takes @lost (only its pids matter: what the server says replaces what was known) and @task;
 * returns TRUE, or the error that ended the connection meanwhile. */
void
_tether_gdbserver_adopt (TetherServer *self,
                         GHashTable   *lost,
                         GTask        *task)
{
  AdoptData *data = g_new0 (AdoptData, 1);
  GHashTableIter iter;
  gpointer key;

  data->connection = g_object_ref (self->connection);
  data->pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->found = g_array_new (FALSE, TRUE, sizeof (Found));
  g_hash_table_iter_init (&iter, lost);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->held, key))
      g_array_append_val (data->pids, *(gint64 *)key);
  g_array_sort (data->pids, compare_pids);
  g_hash_table_unref (lost);
  g_task_set_task_data (task, data, (GDestroyNotify)adopt_data_free);

  if (data->pids->len == 0)
    data->stage = ADOPT_STATUS;
  adopt_next (task);
}
