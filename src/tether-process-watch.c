/* tether-process-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-process-watch.h"

struct _TetherProcessWatch
{
  GObject          parent_instance;

  /* Owned */
  TetherServer    *server;
  char            *name;          /* a name rule's name, or NULL */
  GRegex          *regex;         /* or a command line's expression */
  char            *description;
  GTask           *task;          /* the wait in progress */
  GHashTable      *seen;          /* pid (gint64*) → command line of the last listing */
  GPtrArray       *candidates;    /* new processes to describe, for name rules */
  GSource         *poll_source;
  GSource         *timeout_source;
  GSource         *cancel_source;

  TetherMatchRule  rule;
  guint            interval_ms;
  guint            timeout_ms;
  guint            polls;
  guint            next_candidate;
  gboolean         have_snapshot;
  gboolean         find_all;      /* tether_process_watch_find_async: every match, now */
  GPtrArray       *matches;
};

G_DEFINE_FINAL_TYPE (TetherProcessWatch, tether_process_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_INTERVAL,
  PROP_WAITING,
  PROP_POLLS,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void poll_now (TetherProcessWatch *self);

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Ends the wait with @process or @error (exactly one of them). */
static void
finish_wait (TetherProcessWatch *self,
             TetherProcess      *process,
             GError             *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_assert (task != NULL);

  clear_source (&self->poll_source);
  clear_source (&self->timeout_source);
  clear_source (&self->cancel_source);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_hash_table_remove_all (self->seen);
  self->have_snapshot = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);

  if (error != NULL)
    {
      g_clear_pointer (&self->matches, g_ptr_array_unref);
      g_task_return_error (task, error);
    }
  else if (self->find_all)
    {
      g_ptr_array_sort (self->matches, tether_process_compare_pids);
      g_task_return_pointer (task, g_steal_pointer (&self->matches),
                           (GDestroyNotify)g_ptr_array_unref);
    }
  else
    g_task_return_pointer (task, g_object_ref (process), g_object_unref);
}

/* Polling */

static gboolean
poll_cb (gpointer user_data)
{
  TetherProcessWatch *self = user_data;

  g_clear_pointer (&self->poll_source, g_source_unref);
  poll_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (TetherProcessWatch *self)
{
  g_assert (self->poll_source == NULL);

  self->poll_source = g_timeout_source_new (self->interval_ms);
  g_source_set_name (self->poll_source, "[tether] process watch poll");
  g_source_set_callback (self->poll_source, poll_cb, self, NULL);
  g_source_attach (self->poll_source, g_main_context_get_thread_default ());
}

static void describe_next (TetherProcessWatch *self);

static void
describe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TetherProcessWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  TetherProcess *process;

  if (self->task == NULL || self->candidates == NULL)
    return;

  process = g_ptr_array_index (self->candidates, self->next_candidate);
  if (tether_server_describe_process_finish (TETHER_SERVER (object), result, &error) &&
      tether_process_runs (process, self->name, self->rule == TETHER_MATCH_FULL))
    {
      if (!self->find_all)
        {
          finish_wait (self, process, NULL);
          return;
        }
      g_ptr_array_add (self->matches, g_object_ref (process));
    }
  /* A candidate that exited or that the server may not read is not a match; a lost link is. */
  if (error != NULL &&
      !g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS) &&
      !g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND) &&
      !g_error_matches (error, TETHER_ERROR, TETHER_ERROR_PERMISSION))
    {
      finish_wait (self, NULL, g_steal_pointer (&error));
      return;
    }

  self->next_candidate++;
  describe_next (self);
}

static void
describe_next (TetherProcessWatch *self)
{
  if (self->next_candidate < self->candidates->len)
    {
      tether_server_describe_process_async (self->server,
                                            g_ptr_array_index (self->candidates,
                                                               self->next_candidate),
                                            g_task_get_cancellable (self->task), describe_cb,
                                            g_object_ref (self));
      return;
    }

  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  if (self->find_all)
    finish_wait (self, NULL, NULL);
  else
    schedule_poll (self);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TetherProcessWatch) self = user_data;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  processes = tether_server_list_processes_finish (TETHER_SERVER (object), result, &error);
  if (self->task == NULL)
    return;
  if (processes == NULL)
    {
      finish_wait (self, NULL, g_steal_pointer (&error));
      return;
    }

  self->polls++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLS]);

  /* New processes, and those that run another program than in the last listing. */
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);
      gint64 pid = tether_process_get_pid (process);
      const char *command = tether_process_get_command_line (process);
      const char *before = g_hash_table_lookup (self->seen, &pid);

      if (self->find_all ||
          (self->have_snapshot && (before == NULL || g_strcmp0 (before, command) != 0)))
        g_ptr_array_add (fresh, g_object_ref (process));
    }
  g_hash_table_remove_all (self->seen);
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);
      gint64 pid = tether_process_get_pid (process);

      g_hash_table_insert (self->seen, g_memdup2 (&pid, sizeof pid),
                           g_strdup (tether_process_get_command_line (process)));
    }
  self->have_snapshot = TRUE;

  if (self->regex != NULL)
    {
      for (guint i = 0; i < fresh->len; i++)
        {
          TetherProcess *process = g_ptr_array_index (fresh, i);
          const char *command = tether_process_get_command_line (process);

          if (command != NULL && g_regex_match (self->regex, command, 0, NULL))
            {
              if (!self->find_all)
                {
                  finish_wait (self, process, NULL);
                  return;
                }
              g_ptr_array_add (self->matches, g_object_ref (process));
            }
        }
      if (self->find_all)
        finish_wait (self, NULL, NULL);
      else
        schedule_poll (self);
      return;
    }

  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < fresh->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (fresh, i);

      if (tether_process_may_run (process, self->name))
        g_ptr_array_add (self->candidates, g_object_ref (process));
    }
  self->next_candidate = 0;
  describe_next (self);
}

static void
poll_now (TetherProcessWatch *self)
{
  tether_server_list_processes_async (self->server, g_task_get_cancellable (self->task), list_cb,
                                      g_object_ref (self));
}

static gboolean
timeout_cb (gpointer user_data)
{
  TetherProcessWatch *self = user_data;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  finish_wait (self, NULL,
               g_error_new (TETHER_ERROR, TETHER_ERROR_TIMED_OUT,
                            _("No new process matching %s appeared within %u s. Start the "
                              "program, then wait again, or wait longer."),
                            self->description, (self->timeout_ms + 999) / 1000));
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  TetherProcessWatch *self = user_data;

  g_clear_pointer (&self->cancel_source, g_source_unref);
  finish_wait (self, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                _("The wait was cancelled")));
  return G_SOURCE_REMOVE;
}

/* Makes the task of a wait or a find, and returns TRUE; or fails it, returning FALSE, while
 * another is in progress. */
static gboolean
begin_task (TetherProcessWatch  *self,
            gboolean             find_all,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->task != NULL)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_BUSY,
                               _("Already waiting for %s"), self->description);
      return FALSE;
    }

  self->task = g_steal_pointer (&task);
  self->find_all = find_all;
  g_hash_table_remove_all (self->seen);
  return TRUE;
}

void
tether_process_watch_wait_async (TetherProcessWatch  *self,
                                 guint                timeout_ms,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (TETHER_IS_PROCESS_WATCH (self));

  if (!begin_task (self, FALSE, cancellable, callback, user_data,
                   tether_process_watch_wait_async))
    return;

  self->timeout_ms = timeout_ms;
  self->polls = 0;
  self->have_snapshot = FALSE;

  if (timeout_ms > 0)
    {
      self->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_name (self->timeout_source, "[tether] process watch timeout");
      g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
      g_source_attach (self->timeout_source, g_main_context_get_thread_default ());
    }
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
  poll_now (self);
}

TetherProcess *
tether_process_watch_wait_finish (TetherProcessWatch  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_WATCH (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tether_process_watch_find_async (TetherProcessWatch  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (TETHER_IS_PROCESS_WATCH (self));

  if (!begin_task (self, TRUE, cancellable, callback, user_data,
                   tether_process_watch_find_async))
    return;

  self->matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
  poll_now (self);
}

GPtrArray *
tether_process_watch_find_finish (TetherProcessWatch  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_WATCH (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject */

static void
tether_process_watch_dispose (GObject *object)
{
  TetherProcessWatch *self = (TetherProcessWatch *)object;

  /* A wait holds a reference on the watch through its task: none is running here. */
  g_assert (self->task == NULL);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (tether_process_watch_parent_class)->dispose (object);
}

static void
tether_process_watch_finalize (GObject *object)
{
  TetherProcessWatch *self = (TetherProcessWatch *)object;

  g_free (self->name);
  g_free (self->description);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->matches, g_ptr_array_unref);

  G_OBJECT_CLASS (tether_process_watch_parent_class)->finalize (object);
}

static void
tether_process_watch_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TetherProcessWatch *self = TETHER_PROCESS_WATCH (object);

  switch (prop_id)
    {
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_INTERVAL: g_value_set_uint (value, self->interval_ms); break;
    case PROP_WAITING: g_value_set_boolean (value, self->task != NULL); break;
    case PROP_POLLS: g_value_set_uint (value, self->polls); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_watch_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TetherProcessWatch *self = TETHER_PROCESS_WATCH (object);

  switch (prop_id)
    {
    case PROP_SERVER: self->server = g_value_dup_object (value); break;
    case PROP_INTERVAL: tether_process_watch_set_interval (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_watch_class_init (TetherProcessWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tether_process_watch_dispose;
  object_class->finalize = tether_process_watch_finalize;
  object_class->get_property = tether_process_watch_get_property;
  object_class->set_property = tether_process_watch_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 10, G_MAXUINT,
                       TETHER_PROCESS_WATCH_DEFAULT_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAITING] = g_param_spec_boolean ("waiting", NULL, NULL, FALSE, ro);
  properties[PROP_POLLS] = g_param_spec_uint ("polls", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_process_watch_init (TetherProcessWatch *self)
{
  self->interval_ms = TETHER_PROCESS_WATCH_DEFAULT_INTERVAL;
  self->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

TetherProcessWatch *
tether_process_watch_new_for_name (TetherServer    *server,
                                   const char      *name,
                                   TetherMatchRule  rule)
{
  TetherProcessWatch *self;

  g_return_val_if_fail (TETHER_IS_SERVER (server), NULL);
  g_return_val_if_fail (name != NULL && name[0] != '\0', NULL);

  self = g_object_new (TETHER_TYPE_PROCESS_WATCH, "server", server, NULL);
  self->name = g_strdup (name);
  self->rule = rule;
  self->description = g_strdup_printf (rule == TETHER_MATCH_FULL ? _("the program “%s”")
                                                                 : _("a process named “%s”"),
                                       name);
  return self;
}

TetherProcessWatch *
tether_process_watch_new_for_regex (TetherServer *server,
                                    GRegex       *regex)
{
  TetherProcessWatch *self;

  g_return_val_if_fail (TETHER_IS_SERVER (server), NULL);
  g_return_val_if_fail (regex != NULL, NULL);

  self = g_object_new (TETHER_TYPE_PROCESS_WATCH, "server", server, NULL);
  self->regex = g_regex_ref (regex);
  self->description = g_strdup_printf (_("a command line matching “%s”"),
                                       g_regex_get_pattern (regex));
  return self;
}

TetherServer *
tether_process_watch_get_server (TetherProcessWatch *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_WATCH (self), NULL);
  return self->server;
}

guint
tether_process_watch_get_interval (TetherProcessWatch *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_WATCH (self), 0);
  return self->interval_ms;
}

void
tether_process_watch_set_interval (TetherProcessWatch *self,
                                   guint               interval_ms)
{
  g_return_if_fail (TETHER_IS_PROCESS_WATCH (self));
  g_return_if_fail (interval_ms >= 10);

  if (self->interval_ms == interval_ms)
    return;
  self->interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

gboolean
tether_process_watch_get_waiting (TetherProcessWatch *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_WATCH (self), FALSE);
  return self->task != NULL;
}

guint
tether_process_watch_get_polls (TetherProcessWatch *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_WATCH (self), 0);
  return self->polls;
}

const char *
tether_process_watch_get_description (TetherProcessWatch *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_WATCH (self), NULL);
  return self->description;
}
