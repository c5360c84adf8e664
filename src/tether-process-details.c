/* tether-process-details.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherProcessDetails:
 *
 * Fills the details of listed processes (CPU %, memory, state, threads, start time) from /proc
 * through the server (tether_server_describe_process_async()). Each describe costs a few round
 * trips, so the view asks only for the rows on screen and the selected one, and at most
 * #TetherProcessDetails:max-concurrent describes are in flight at once.
 *
 * Each process is described into a fresh #TetherProcess and copied into the row only when the
 * two are the same process: row identity is (pid, start time), and a pid reused since the row's
 * start time was learnt must not lend the row another process's figures. CPU % is the CPU time
 * used between two describes of the same process over the wall time between them.
 */

#include "config.h"

#include "tether-error.h"
#include "tether-process-details.h"

/* How long the sample of a row not described since stays usable for its next CPU %. */
#define SAMPLE_MAX_AGE_US (60 * G_USEC_PER_SEC)

typedef struct
{
  guint64 cpu_time_ms;
  gint64  time_us;
} Sample;

typedef struct
{
  gint64  pid;
  guint64 start_ticks;
} SampleKey;

struct _TetherProcessDetails
{
  GObject       parent_instance;

  TetherServer *server;
  GHashTable   *samples;        /* SampleKey → Sample, from the latest describe of each */
  GHashTable   *reused;         /* pid → start ticks (guint64 *) of a pid found reused */
  guint         max_concurrent;
};

G_DEFINE_FINAL_TYPE (TetherProcessDetails, tether_process_details, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_MAX_CONCURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GPtrArray *processes;   /* TetherProcess, the rows */
  GHashTable *samples;    /* the new generation of samples */
  guint      next;
  guint      in_flight;
  GError    *error;       /* the first fatal failure */
} Update;

static void
update_free (Update *update)
{
  g_ptr_array_unref (update->processes);
  g_hash_table_unref (update->samples);
  g_clear_error (&update->error);
  g_free (update);
}

static guint
sample_key_hash (gconstpointer key)
{
  const SampleKey *k = key;

  return g_int64_hash (&k->pid) ^ g_int64_hash (&k->start_ticks);
}

static gboolean
sample_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const SampleKey *ka = a, *kb = b;

  return ka->pid == kb->pid && ka->start_ticks == kb->start_ticks;
}

static GHashTable *
samples_new (void)
{
  return g_hash_table_new_full (sample_key_hash, sample_key_equal, g_free, g_free);
}

static void describe_next (GTask *task);

/* Copies @probe's details into @row, when they describe the same process. */
static void
copy_details (TetherProcessDetails *self,
              Update               *update,
              TetherProcess        *row,
              TetherProcess        *probe)
{
  guint64 row_ticks = tether_process_get_start_ticks (row);
  guint64 ticks = tether_process_get_start_ticks (probe);
  SampleKey key = { tether_process_get_pid (probe), ticks };
  gint64 now = g_get_monotonic_time ();
  guint64 cpu = tether_process_get_cpu_time_ms (probe);
  Sample *previous = g_hash_table_lookup (self->samples, &key);
  Sample *sample;

  /* Another process has the row's pid now: the next listing must make it a new row. */
  if (row_ticks != 0 && row_ticks != ticks)
    {
      g_hash_table_replace (self->reused, g_memdup2 (&key.pid, sizeof key.pid),
                            g_memdup2 (&ticks, sizeof ticks));
      return;
    }

  g_object_freeze_notify (G_OBJECT (row));
  tether_process_set_start_ticks (row, ticks);
  tether_process_set_start_time (row, tether_process_get_start_time (probe));
  tether_process_set_ppid (row, tether_process_get_ppid (probe));
  tether_process_set_uid (row, tether_process_get_uid (probe));
  tether_process_set_state (row, tether_process_get_state (probe));
  tether_process_set_threads (row, tether_process_get_threads (probe));
  tether_process_set_rss_bytes (row, tether_process_get_rss_bytes (probe));
  tether_process_set_cpu_time_ms (row, cpu);
  tether_process_set_tracer_pid (row, tether_process_get_tracer_pid (probe));
  tether_process_set_exe (row, tether_process_get_exe (probe));
  tether_process_set_argv (row, tether_process_get_argv (probe));
  if (previous != NULL && now > previous->time_us && cpu >= previous->cpu_time_ms)
    tether_process_set_cpu_percent (row, 100.0 * (double)(cpu - previous->cpu_time_ms) * 1000.0 /
                                         (double)(now - previous->time_us));
  tether_process_set_has_details (row, TRUE);
  g_object_thaw_notify (G_OBJECT (row));

  sample = g_new (Sample, 1);
  sample->cpu_time_ms = cpu;
  sample->time_us = now;
  g_hash_table_replace (update->samples, g_memdup2 (&key, sizeof key), sample);
}

typedef struct
{
  GTask         *task;
  TetherProcess *row;
  TetherProcess *probe;
} Describe;

static void
describe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Describe *describe = user_data;
  GTask *task = describe->task;
  TetherProcessDetails *self = g_task_get_source_object (task);
  Update *update = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  update->in_flight--;

  if (tether_server_describe_process_finish (TETHER_SERVER (object), result, &error))
    copy_details (self, update, describe->row, describe->probe);
  else if (update->error == NULL &&
           (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
            tether_server_get_state (self->server) != TETHER_SERVER_CONNECTED))
    update->error = g_steal_pointer (&error);
  /* Anything else (the process exited, another user's /proc) leaves the row as it was. */

  g_object_unref (describe->row);
  g_object_unref (describe->probe);
  g_free (describe);
  describe_next (task);
}

/* Starts describes up to the limit; returns the task (consuming the reference) when all are done. */
static void
describe_next (GTask *task)
{
  TetherProcessDetails *self = g_task_get_source_object (task);
  Update *update = g_task_get_task_data (task);

  while (update->error == NULL && update->next < update->processes->len &&
         update->in_flight < self->max_concurrent)
    {
      TetherProcess *row = g_ptr_array_index (update->processes, update->next++);
      Describe *describe = g_new0 (Describe, 1);

      describe->task = task;
      describe->row = g_object_ref (row);
      describe->probe = tether_process_new (tether_process_get_pid (row));
      update->in_flight++;
      tether_server_describe_process_async (self->server, describe->probe,
                                            g_task_get_cancellable (task), describe_cb, describe);
    }

  if (update->in_flight > 0)
    return;

  if (update->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&update->error));
    }
  else
    {
      /* Samples of rows not described this time are kept for a while: with more rows on screen
       * than describes a refresh, a row described every other refresh still gets its CPU %.
       * Older ones (processes scrolled away or gone) are dropped, so the table stays small. */
      gint64 oldest = g_get_monotonic_time () - SAMPLE_MAX_AGE_US;
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->samples);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (((Sample *)value)->time_us < oldest ||
              g_hash_table_contains (update->samples, key))
            continue;
          g_hash_table_iter_steal (&iter);
          g_hash_table_insert (update->samples, key, value);
        }
      g_clear_pointer (&self->samples, g_hash_table_unref);
      self->samples = g_steal_pointer (&update->samples);
      update->samples = samples_new ();
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

void
tether_process_details_update_async (TetherProcessDetails *self,
                                     GPtrArray            *processes,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  GTask *task;
  Update *update;

  g_return_if_fail (TETHER_IS_PROCESS_DETAILS (self));
  g_return_if_fail (processes != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_process_details_update_async);

  update = g_new0 (Update, 1);
  update->processes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < processes->len; i++)
    g_ptr_array_add (update->processes, g_object_ref (g_ptr_array_index (processes, i)));
  update->samples = samples_new ();
  g_task_set_task_data (task, update, (GDestroyNotify)update_free);

  /* The task holds itself until the last describe is back. */
  describe_next (task);
}

gboolean
tether_process_details_update_finish (TetherProcessDetails  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_DETAILS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
tether_process_details_finalize (GObject *object)
{
  TetherProcessDetails *self = (TetherProcessDetails *)object;

  g_clear_object (&self->server);
  g_clear_pointer (&self->samples, g_hash_table_unref);
  g_clear_pointer (&self->reused, g_hash_table_unref);

  G_OBJECT_CLASS (tether_process_details_parent_class)->finalize (object);
}

static void
tether_process_details_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TetherProcessDetails *self = TETHER_PROCESS_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_MAX_CONCURRENT: g_value_set_uint (value, self->max_concurrent); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_details_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TetherProcessDetails *self = TETHER_PROCESS_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SERVER: self->server = g_value_dup_object (value); break;
    case PROP_MAX_CONCURRENT:
      tether_process_details_set_max_concurrent (self, g_value_get_uint (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_details_class_init (TetherProcessDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tether_process_details_finalize;
  object_class->get_property = tether_process_details_get_property;
  object_class->set_property = tether_process_details_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONCURRENT] =
    g_param_spec_uint ("max-concurrent", NULL, NULL, 1, 64,
                       TETHER_PROCESS_DETAILS_DEFAULT_MAX_CONCURRENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_process_details_init (TetherProcessDetails *self)
{
  self->samples = samples_new ();
  self->reused = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->max_concurrent = TETHER_PROCESS_DETAILS_DEFAULT_MAX_CONCURRENT;
}

TetherProcessDetails *
tether_process_details_new (TetherServer *server)
{
  g_return_val_if_fail (TETHER_IS_SERVER (server), NULL);

  return g_object_new (TETHER_TYPE_PROCESS_DETAILS, "server", server, NULL);
}

TetherServer *
tether_process_details_get_server (TetherProcessDetails *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_DETAILS (self), NULL);

  return self->server;
}

guint
tether_process_details_get_max_concurrent (TetherProcessDetails *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_DETAILS (self), 0);

  return self->max_concurrent;
}

void
tether_process_details_set_max_concurrent (TetherProcessDetails *self,
                                           guint                 max_concurrent)
{
  g_return_if_fail (TETHER_IS_PROCESS_DETAILS (self));
  g_return_if_fail (max_concurrent > 0);

  if (self->max_concurrent == max_concurrent)
    return;

  self->max_concurrent = max_concurrent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENT]);
}

void
tether_process_details_annotate_snapshot (TetherProcessDetails *self,
                                          GPtrArray            *snapshot)
{
  g_return_if_fail (TETHER_IS_PROCESS_DETAILS (self));
  g_return_if_fail (snapshot != NULL);

  if (g_hash_table_size (self->reused) == 0)
    return;

  for (guint i = 0; i < snapshot->len; i++)
    {
      TetherProcess *entry = g_ptr_array_index (snapshot, i);
      gint64 pid = tether_process_get_pid (entry);
      const guint64 *ticks = g_hash_table_lookup (self->reused, &pid);

      if (ticks != NULL && tether_process_get_start_ticks (entry) == 0)
        tether_process_set_start_ticks (entry, *ticks);
    }
  g_hash_table_remove_all (self->reused);
}
