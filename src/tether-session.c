/* tether-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-session-private.h"
#include "tether-stop-reply.h"
#include "tether-thread.h"


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

enum {
  OUTPUT_APPENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The program output a session keeps: the last 256 KiB. */
#define OUTPUT_MAX_SIZE (256 * 1024)

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

char *
_tether_session_build_state_text (TetherSession *self)
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

gboolean
_tether_session_state_is_held (TetherSessionState state)
{
  return state == TETHER_SESSION_RUNNING || state == TETHER_SESSION_STOPPED;
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
  self->state_text = _tether_session_build_state_text (self);
  for (guint i = 0; i < G_N_ELEMENTS (derived); i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[derived[i]]);
}

void
_tether_session_set_error (TetherSession *self,
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

void
_tether_session_set_state (TetherSession      *self,
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
  if (!_tether_session_state_is_held (state) && state != TETHER_SESSION_LOST && self->recovered)
    {
      self->recovered = FALSE;
      g_object_notify_by_pspec (object, properties[PROP_RECOVERED]);
    }
  notify_derived (self);
  g_object_thaw_notify (object);

  _tether_session_update_liveness (self);

  if (state == TETHER_SESSION_STOPPED || state == TETHER_SESSION_RUNNING)
    tether_session_refresh_threads (self);
}

void
_tether_session_set_recovered (TetherSession *self,
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          _tether_session_state_is_held (self->state))
        _tether_session_set_error (self, error);
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

  if (!_tether_session_state_is_held (self->state) ||
      tether_server_get_state (self->server) != TETHER_SERVER_CONNECTED)
    return;

  tether_server_list_threads_async (self->server, self->pid, self->cancellable, threads_cb,
                                    g_object_ref (self));
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
  self->state_text = _tether_session_build_state_text (self);

  _tether_session_watch_server (self);
  _tether_session_update_liveness (self);
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
  g_clear_pointer (&self->output, tether_output_buffer_free);

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

  /* The program wrote @bytes (raw: any bytes, CR LF line ends from a pseudo-terminal). Only
   * servers with TETHER_SERVER_FORWARDS_OUTPUT forward it. */
  signals[OUTPUT_APPENDED] =
    g_signal_new ("output-appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
tether_session_init (TetherSession *self)
{
  self->exit_code = -1;
  self->threads = g_list_store_new (TETHER_TYPE_THREAD);
  self->cancellable = g_cancellable_new ();
  self->output = tether_output_buffer_new (OUTPUT_MAX_SIZE);
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
          _tether_session_state_is_held (self->state))
        {
          g_list_store_remove_all (self->threads);
          _tether_session_set_state (self, TETHER_SESSION_EXITED, 0, -1);
        }
      else
        notify_derived (self);
      _tether_session_set_error (self, error);
      g_task_return_error (task, error);
      return;
    }

  _tether_session_set_error (self, NULL);
  switch (control)
    {
    case TETHER_CONTROL_CONTINUE:
      _tether_session_set_state (self, TETHER_SESSION_RUNNING, 0, -1);
      break;
    case TETHER_CONTROL_STOP:
      /* process-stopped already said why; if not (it was stopped before), keep the signal. */
      _tether_session_set_state (self, TETHER_SESSION_STOPPED, self->state == TETHER_SESSION_STOPPED
                                                 ? self->signal : 0, -1);
      break;
    case TETHER_CONTROL_DETACH:
      g_list_store_remove_all (self->threads);
      _tether_session_set_state (self, TETHER_SESSION_DETACHED, 0, -1);
      break;
    case TETHER_CONTROL_KILL:
    default:
      g_list_store_remove_all (self->threads);
      if (_tether_session_state_is_held (self->state))
        _tether_session_set_state (self, TETHER_SESSION_KILLED, 9 /* GDB_SIGNAL_KILL */, -1);
      else
        notify_derived (self);
      break;
    }
  _tether_session_set_recovered (self, FALSE);
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

  if (!_tether_session_state_is_held (self->state))
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
  return _tether_session_state_is_held (self->state) || self->state == TETHER_SESSION_LOST;
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
  return self->busy == 0 && _tether_session_state_is_held (self->state);
}

gboolean
tether_session_get_can_kill (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), FALSE);
  return self->busy == 0 && _tether_session_state_is_held (self->state);
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

/* Output */

void
_tether_session_append_output (TetherSession *self,
                               GBytes        *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if (len == 0)
    return;
  tether_output_buffer_append (self->output, data, len);
  g_signal_emit (self, signals[OUTPUT_APPENDED], 0, bytes);
}

/**
 * tether_session_dup_output:
 * The program's output kept so far (its last 256 KiB, starting at a line), raw.
 */
GBytes *
tether_session_dup_output (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), NULL);

  return tether_output_buffer_dup_bytes (self->output);
}

guint64
tether_session_get_output_dropped (TetherSession *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION (self), 0);

  return tether_output_buffer_get_dropped (self->output);
}

void
tether_session_clear_output (TetherSession *self)
{
  g_return_if_fail (TETHER_IS_SESSION (self));

  tether_output_buffer_clear (self->output);
}
