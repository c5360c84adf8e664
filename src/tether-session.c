/* tether-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-server-recover.h"
#include "tether-session.h"
#include "tether-stop-reply.h"
#include "tether-thread.h"

struct _TetherSession
{
  GObject             parent_instance;

  /* Owned */
  TetherServer       *server;
  char               *name;
  char               *title;
  char               *state_text;
  GListStore         *threads;
  GCancellable       *cancellable;   /* thread listings and recovery */
  GError             *error;
  guint               liveness_source;
  gboolean            checking;

  gint64              pid;
  TetherSessionState  state;
  guint               signal;
  gint                exit_code;
  gboolean            created;
  gboolean            recovered;
  guint               busy;
};

G_DEFINE_FINAL_TYPE (TetherSession, tether_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_PID,
  PROP_NAME,
  PROP_TITLE,
  PROP_CREATED,
  PROP_STATE,
  PROP_SIGNAL,
  PROP_EXIT_CODE,
  PROP_STATE_TEXT,
  PROP_LIVE,
  PROP_RECOVERED,
  PROP_BUSY,
  PROP_CAN_CONTINUE,
  PROP_CAN_STOP,
  PROP_CAN_DETACH,
  PROP_CAN_KILL,
  PROP_HAS_ERROR,
  PROP_ERROR_MESSAGE,
  PROP_THREADS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
tether_session_state_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { TETHER_SESSION_RUNNING, "TETHER_SESSION_RUNNING", "running" },
    { TETHER_SESSION_STOPPED, "TETHER_SESSION_STOPPED", "stopped" },
    { TETHER_SESSION_EXITED, "TETHER_SESSION_EXITED", "exited" },
    { TETHER_SESSION_KILLED, "TETHER_SESSION_KILLED", "killed" },
    { TETHER_SESSION_DETACHED, "TETHER_SESSION_DETACHED", "detached" },
    { TETHER_SESSION_LOST, "TETHER_SESSION_LOST", "lost" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("TetherSessionState", values));

  return type;
}

/* State */

static char *
describe_signal (guint gdb_signal)
{
  const char *name = tether_signal_name (gdb_signal);
  const char *description = tether_signal_description (gdb_signal);

  if (name != NULL && description != NULL)
    return g_strdup_printf ("%s (%s)", name, description);
  if (name != NULL)
    return g_strdup (name);
  return g_strdup_printf (_("signal %u"), gdb_signal);
}

static char *
build_state_text (TetherSession *self)
{
  g_autofree char *signal = NULL;

  switch (self->state)
    {
    case TETHER_SESSION_RUNNING:
      return g_strdup (_("Running"));
    case TETHER_SESSION_STOPPED:
      if (self->signal == 0)
        return g_strdup (_("Stopped by Tether"));
      signal = describe_signal (self->signal);
      return g_strdup_printf (_("Stopped: %s"), signal);
    case TETHER_SESSION_EXITED:
      if (self->exit_code < 0)
        return g_strdup (_("Exited"));
      return g_strdup_printf (_("Exited with code %d"), self->exit_code);
    case TETHER_SESSION_KILLED:
      signal = describe_signal (self->signal);
      return g_strdup_printf (_("Killed by %s"), signal);
    case TETHER_SESSION_DETACHED:
      return g_strdup (_("Detached: the process runs on without Tether"));
    case TETHER_SESSION_LOST:
    default:
      return g_strdup (_("Connection lost: the process may still be stopped on the server. "
                         "Reconnect to the server to resume or detach it."));
    }
}

static gboolean
state_is_held (TetherSessionState state)
{
  return state == TETHER_SESSION_RUNNING || state == TETHER_SESSION_STOPPED;
}

/* gdbserver 13.1 does not notice that a process it holds stopped was killed (SIGKILL from outside
 * Tether): no threads are resumed, so it does not wait for them. While stopped, the session looks
 * at /proc once a second; a zombie or a missing process is resumed, which makes the server reap it
 * and report how it ended. */
#define LIVENESS_INTERVAL_MS 1000

static void
liveness_resume_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TetherSession) self = user_data;
  g_autoptr(GError) error = NULL;

  self->checking = FALSE;
  if (!tether_server_control_finish (TETHER_SERVER (object), result, &error) &&
      self->state == TETHER_SESSION_STOPPED)
    {
      /* The server let it go without a word: it is gone, how is not known. */
      g_list_store_remove_all (self->threads);
      self->state = TETHER_SESSION_EXITED;
      self->exit_code = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_clear_handle_id (&self->liveness_source, g_source_remove);
      g_free (self->state_text);
      self->state_text = build_state_text (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_TEXT]);
    }
}

static void
liveness_describe_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TetherSession) self = user_data;
  g_autoptr(TetherProcess) process = g_object_steal_data (G_OBJECT (self), "tether-liveness");
  g_autoptr(GError) error = NULL;
  gboolean gone;

  if (tether_server_describe_process_finish (TETHER_SERVER (object), result, &error))
    gone = g_str_has_prefix (tether_process_get_state (process) != NULL
                               ? tether_process_get_state (process) : "", "Z");
  else
    gone = g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS);
  if (!gone || self->state != TETHER_SESSION_STOPPED || self->busy > 0)
    {
      self->checking = FALSE;
      return;
    }

  tether_server_control_async (self->server, self->pid, TETHER_CONTROL_CONTINUE, NULL,
                               liveness_resume_cb, g_object_ref (self));
}

static gboolean
liveness_cb (gpointer user_data)
{
  TetherSession *self = user_data;
  TetherProcess *process;

  if (self->checking || self->busy > 0 ||
      tether_server_get_state (self->server) != TETHER_SERVER_CONNECTED)
    return G_SOURCE_CONTINUE;

  self->checking = TRUE;
  process = tether_process_new (self->pid);
  g_object_set_data_full (G_OBJECT (self), "tether-liveness", process, g_object_unref);
  tether_server_describe_process_async (self->server, process, self->cancellable,
                                        liveness_describe_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

/* Every property that derives from state and busy, notified together. */
static void
notify_derived (TetherSession *self)
{
  static const guint derived[] = {
    PROP_STATE_TEXT, PROP_LIVE, PROP_BUSY, PROP_CAN_CONTINUE, PROP_CAN_STOP, PROP_CAN_DETACH,
    PROP_CAN_KILL,
  };

  g_free (self->state_text);
  self->state_text = build_state_text (self);
  for (guint i = 0; i < G_N_ELEMENTS (derived); i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[derived[i]]);
}

static void
set_error (TetherSession *self,
           const GError  *error)
{
  if (error == NULL && self->error == NULL)
    return;
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_state (TetherSession      *self,
           TetherSessionState  state,
           guint               signal,
           gint                exit_code)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (object, properties[PROP_STATE]);
    }
  if (self->signal != signal)
    {
      self->signal = signal;
      g_object_notify_by_pspec (object, properties[PROP_SIGNAL]);
    }
  if (self->exit_code != exit_code)
    {
      self->exit_code = exit_code;
      g_object_notify_by_pspec (object, properties[PROP_EXIT_CODE]);
    }
  if (!state_is_held (state) && state != TETHER_SESSION_LOST && self->recovered)
    {
      self->recovered = FALSE;
      g_object_notify_by_pspec (object, properties[PROP_RECOVERED]);
    }
  notify_derived (self);
  g_object_thaw_notify (object);

  if (state == TETHER_SESSION_STOPPED && self->liveness_source == 0)
    self->liveness_source = g_timeout_add (LIVENESS_INTERVAL_MS, liveness_cb, self);
  else if (state != TETHER_SESSION_STOPPED)
    g_clear_handle_id (&self->liveness_source, g_source_remove);

  if (state == TETHER_SESSION_STOPPED || state == TETHER_SESSION_RUNNING)
    tether_session_refresh_threads (self);
}

static void
set_recovered (TetherSession *self,
               gboolean       recovered)
{
  if (self->recovered == recovered)
    return;
  self->recovered = recovered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECOVERED]);
}

/* Threads */

static void
threads_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TetherSession) self = user_data;
  g_autoptr(GArray) infos = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  infos = tether_server_list_threads_finish (TETHER_SERVER (object), result, &error);
  if (infos == NULL)
    {
      /* A process that exits while its threads are listed is not an error of the session. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && state_is_held (self->state))
        set_error (self, error);
      return;
    }

  for (guint i = 0; i < infos->len; i++)
    {
      TetherThreadInfo *info = &g_array_index (infos, TetherThreadInfo, i);

      g_ptr_array_add (threads, tether_thread_new (info->tid, info->name, info->core));
    }
  g_list_store_splice (self->threads, 0, g_list_model_get_n_items (G_LIST_MODEL (self->threads)),
                       threads->pdata, threads->len);
}

void
tether_session_refresh_threads (TetherSession *self)
{
  g_return_if_fail (TETHER_IS_SESSION (self));

  if (!state_is_held (self->state) ||
      tether_server_get_state (self->server) != TETHER_SERVER_CONNECTED)
    return;

  tether_server_list_threads_async (self->server, self->pid, self->cancellable, threads_cb,
                                    g_object_ref (self));
}

/* Server events */

static void
server_process_stopped_cb (TetherSession *self,
                           gint64         pid,
                           guint          signal,
                           TetherServer  *server)
{
  if (pid != self->pid || !state_is_held (self->state))
    return;

  set_state (self, TETHER_SESSION_STOPPED, signal, -1);
}

static void
server_process_exited_cb (TetherSession *self,
                          gint64         pid,
                          gint           exit_code,
                          guint          signal,
                          TetherServer  *server)
{
  if (pid != self->pid || !state_is_held (self->state))
    return;

  g_list_store_remove_all (self->threads);
  if (exit_code >= 0)
    set_state (self, TETHER_SESSION_EXITED, 0, exit_code);
  else
    set_state (self, TETHER_SESSION_KILLED, signal, -1);
}

static void
recover_done (TetherSession *self,
              GArray        *processes,
              const GError  *error)
{
  if (self->state != TETHER_SESSION_LOST)
    return;

  if (processes == NULL)
    {
      set_error (self, error);
      return;
    }

  for (guint i = 0; i < processes->len; i++)
    {
      TetherRecoveredProcess *process = &g_array_index (processes, TetherRecoveredProcess, i);

      if (process->pid == self->pid)
        {
          set_error (self, NULL);
          set_recovered (self, TRUE);
          set_state (self, process->stopped ? TETHER_SESSION_STOPPED : TETHER_SESSION_RUNNING,
                     process->stopped ? process->signal : 0, -1);
          return;
        }
    }

  /* The server lets go of it meanwhile (it exited, or the server was restarted). */
  g_list_store_remove_all (self->threads);
  set_state (self, TETHER_SESSION_EXITED, 0, -1);
  {
    g_autoptr(GError) gone = g_error_new (TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS,
                                          _("The server no longer debugs process %d: it exited "
                                            "or the server was restarted while the connection "
                                            "was lost"), (int)self->pid);
    set_error (self, gone);
  }
}

/* One recovery per server, shared by its sessions: its requests must not interleave. */
#define RECOVERING_KEY "tether-session-recovering"

static void
recover_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TetherServer *server = TETHER_SERVER (object);
  g_autoptr(GPtrArray) waiting = g_object_steal_data (object, RECOVERING_KEY);
  g_autoptr(GArray) processes = NULL;
  g_autoptr(GError) error = NULL;

  processes = tether_server_recover_finish (server, result, &error);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    recover_done (g_ptr_array_index (waiting, i), processes, error);
}

static void
start_recover (TetherSession *self)
{
  GPtrArray *waiting = g_object_get_data (G_OBJECT (self->server), RECOVERING_KEY);

  if (waiting != NULL)
    {
      g_ptr_array_add (waiting, g_object_ref (self));
      return;
    }

  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiting, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (self->server), RECOVERING_KEY, waiting,
                          (GDestroyNotify)g_ptr_array_unref);
  /* Not the session's cancellable: the recovery is every session's of this server. */
  tether_server_recover_async (self->server, NULL, recover_cb, NULL);
}

static void
server_state_cb (TetherSession *self,
                 GParamSpec    *pspec,
                 TetherServer  *server)
{
  switch (tether_server_get_state (server))
    {
    case TETHER_SERVER_FAILED:
      if (state_is_held (self->state))
        set_state (self, TETHER_SESSION_LOST, self->signal, -1);
      break;
    case TETHER_SERVER_DISCONNECTED:
      /* A clean disconnect released every process the server held. */
      if (state_is_held (self->state))
        {
          g_list_store_remove_all (self->threads);
          set_state (self, self->created ? TETHER_SESSION_KILLED : TETHER_SESSION_DETACHED,
                     self->created ? 9 : 0, -1);
        }
      break;
    case TETHER_SERVER_CONNECTED:
      if (self->state == TETHER_SESSION_LOST)
        start_recover (self);
      break;
    case TETHER_SERVER_CONNECTING:
    default:
      break;
    }
}

/* GObject */

static void
tether_session_constructed (GObject *object)
{
  TetherSession *self = (TetherSession *)object;

  G_OBJECT_CLASS (tether_session_parent_class)->constructed (object);

  g_assert (self->server != NULL);

  if (self->name == NULL)
    self->name = g_strdup_printf (_("Process %d"), (int)self->pid);
  self->title = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", self->name, self->pid);
  /* A process started stopped waits at its first instruction, after exec's SIGTRAP. */
  if (self->created && self->state == TETHER_SESSION_STOPPED)
    self->signal = 5;   /* GDB_SIGNAL_TRAP */
  self->state_text = build_state_text (self);

  g_signal_connect_object (self->server, "process-stopped",
                           G_CALLBACK (server_process_stopped_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server, "process-exited",
                           G_CALLBACK (server_process_exited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server, "notify::state", G_CALLBACK (server_state_cb), self,
                           G_CONNECT_SWAPPED);

  if (self->state == TETHER_SESSION_STOPPED)
    self->liveness_source = g_timeout_add (LIVENESS_INTERVAL_MS, liveness_cb, self);
  tether_session_refresh_threads (self);
}

static void
tether_session_dispose (GObject *object)
{
  TetherSession *self = (TetherSession *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->liveness_source, g_source_remove);
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tether_session_parent_class)->dispose (object);
}

static void
tether_session_finalize (GObject *object)
{
  TetherSession *self = (TetherSession *)object;

  g_free (self->name);
  g_free (self->title);
  g_free (self->state_text);
  g_clear_object (&self->threads);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (tether_session_parent_class)->finalize (object);
}

static void
tether_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TetherSession *self = TETHER_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_PID: g_value_set_int64 (value, self->pid); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_CREATED: g_value_set_boolean (value, self->created); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_SIGNAL: g_value_set_uint (value, self->signal); break;
    case PROP_EXIT_CODE: g_value_set_int (value, self->exit_code); break;
    case PROP_STATE_TEXT: g_value_set_string (value, self->state_text); break;
    case PROP_LIVE: g_value_set_boolean (value, tether_session_get_live (self)); break;
    case PROP_RECOVERED: g_value_set_boolean (value, self->recovered); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy > 0); break;
    case PROP_CAN_CONTINUE:
      g_value_set_boolean (value, tether_session_get_can_continue (self));
      break;
    case PROP_CAN_STOP: g_value_set_boolean (value, tether_session_get_can_stop (self)); break;
    case PROP_CAN_DETACH: g_value_set_boolean (value, tether_session_get_can_detach (self)); break;
    case PROP_CAN_KILL: g_value_set_boolean (value, tether_session_get_can_kill (self)); break;
    case PROP_HAS_ERROR: g_value_set_boolean (value, self->error != NULL); break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    case PROP_THREADS: g_value_set_object (value, self->threads); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_session_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TetherSession *self = TETHER_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER: self->server = g_value_dup_object (value); break;
    case PROP_PID: self->pid = g_value_get_int64 (value); break;
    case PROP_NAME: self->name = g_value_dup_string (value); break;
    case PROP_CREATED: self->created = g_value_get_boolean (value); break;
    case PROP_STATE: self->state = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_session_class_init (TetherSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tether_session_constructed;
  object_class->dispose = tether_session_dispose;
  object_class->finalize = tether_session_finalize;
  object_class->get_property = tether_session_get_property;
  object_class->set_property = tether_session_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER, co);
  properties[PROP_PID] = g_param_spec_int64 ("pid", NULL, NULL, 1, G_MAXINT64, 1, co);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, co);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_CREATED] = g_param_spec_boolean ("created", NULL, NULL, FALSE, co);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TETHER_TYPE_SESSION_STATE, TETHER_SESSION_RUNNING,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNAL] = g_param_spec_uint ("signal", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_EXIT_CODE] =
    g_param_spec_int ("exit-code", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_STATE_TEXT] = g_param_spec_string ("state-text", NULL, NULL, NULL, ro);
  properties[PROP_LIVE] = g_param_spec_boolean ("live", NULL, NULL, FALSE, ro);
  properties[PROP_RECOVERED] = g_param_spec_boolean ("recovered", NULL, NULL, FALSE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_CONTINUE] = g_param_spec_boolean ("can-continue", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_STOP] = g_param_spec_boolean ("can-stop", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_DETACH] = g_param_spec_boolean ("can-detach", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_KILL] = g_param_spec_boolean ("can-kill", NULL, NULL, FALSE, ro);
  properties[PROP_HAS_ERROR] = g_param_spec_boolean ("has-error", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_THREADS] =
    g_param_spec_object ("threads", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_session_init (TetherSession *self)
{
  self->exit_code = -1;
  self->threads = g_list_store_new (TETHER_TYPE_THREAD);
  self->cancellable = g_cancellable_new ();
}

TetherSession *
tether_session_new (TetherServer *server,
                    gint64        pid,
                    const char   *name,
                    gboolean      created,
                    gboolean      stopped)
{
  g_return_val_if_fail (TETHER_IS_SERVER (server), NULL);
  g_return_val_if_fail (pid > 0, NULL);

  return g_object_new (TETHER_TYPE_SESSION,
                       "server", server,
                       "pid", pid,
                       "name", name,
                       "created", created,
                       "state", stopped ? TETHER_SESSION_STOPPED : TETHER_SESSION_RUNNING,
                       NULL);
}

/* Attach and create */

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
        server_process_exited_cb (session, record->pid, record->exit_code, record->signal,
                                  data->server);
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

/* Actions */

static void
control_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherSession *self = g_task_get_source_object (task);
  TetherControl control = GPOINTER_TO_UINT (g_task_get_task_data (task));
  GError *error = NULL;

  self->busy--;
  if (!tether_server_control_finish (TETHER_SERVER (object), result, &error))
    {
      /* The server found it gone: say so rather than keep offering actions. */
      if (g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS) &&
          state_is_held (self->state))
        {
          g_list_store_remove_all (self->threads);
          set_state (self, TETHER_SESSION_EXITED, 0, -1);
        }
      else
        notify_derived (self);
      set_error (self, error);
      g_task_return_error (task, error);
      return;
    }

  set_error (self, NULL);
  switch (control)
    {
    case TETHER_CONTROL_CONTINUE:
      set_state (self, TETHER_SESSION_RUNNING, 0, -1);
      break;
    case TETHER_CONTROL_STOP:
      /* process-stopped already said why; if not (it was stopped before), keep the signal. */
      set_state (self, TETHER_SESSION_STOPPED, self->state == TETHER_SESSION_STOPPED
                                                 ? self->signal : 0, -1);
      break;
    case TETHER_CONTROL_DETACH:
      g_list_store_remove_all (self->threads);
      set_state (self, TETHER_SESSION_DETACHED, 0, -1);
      break;
    case TETHER_CONTROL_KILL:
    default:
      g_list_store_remove_all (self->threads);
      if (state_is_held (self->state))
        set_state (self, TETHER_SESSION_KILLED, 9 /* GDB_SIGNAL_KILL */, -1);
      else
        notify_derived (self);
      break;
    }
  set_recovered (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

void
tether_session_control_async (TetherSession       *self,
                              TetherControl        control,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_session_control_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (control), NULL);

  if (!state_is_held (self->state))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_BUSY,
                               self->state == TETHER_SESSION_LOST
                                 ? _("The connection to the server is lost; reconnect first")
                                 : _("The process is no longer debugged"));
      return;
    }

  self->busy++;
  notify_derived (self);
  tether_server_control_async (self->server, self->pid, control, cancellable, control_cb,
                               g_steal_pointer (&task));
}

gboolean
tether_session_control_finish (TetherSession  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Getters */

TetherServer *
tether_session_get_server (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), NULL);
  return self->server;
}

gint64
tether_session_get_pid (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), 0);
  return self->pid;
}

const char *
tether_session_get_name (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), NULL);
  return self->name;
}

const char *
tether_session_get_title (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), NULL);
  return self->title;
}

gboolean
tether_session_get_created (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->created;
}

TetherSessionState
tether_session_get_state (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), TETHER_SESSION_LOST);
  return self->state;
}

guint
tether_session_get_signal (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), 0);
  return self->signal;
}

gint
tether_session_get_exit_code (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), -1);
  return self->exit_code;
}

const char *
tether_session_get_state_text (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), NULL);
  return self->state_text;
}

gboolean
tether_session_get_live (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return state_is_held (self->state) || self->state == TETHER_SESSION_LOST;
}

gboolean
tether_session_get_recovered (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->recovered;
}

gboolean
tether_session_get_busy (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->busy > 0;
}

gboolean
tether_session_get_can_continue (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->busy == 0 && self->state == TETHER_SESSION_STOPPED;
}

gboolean
tether_session_get_can_stop (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->busy == 0 && self->state == TETHER_SESSION_RUNNING;
}

gboolean
tether_session_get_can_detach (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->busy == 0 && state_is_held (self->state);
}

gboolean
tether_session_get_can_kill (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->busy == 0 && state_is_held (self->state);
}

gboolean
tether_session_get_has_error (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->error != NULL;
}

const char *
tether_session_get_error_message (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

GListModel *
tether_session_get_threads (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->threads);
}
