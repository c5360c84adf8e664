/* tether-process-refresher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherProcessRefresher:
 *
 * Keeps a #TetherProcessView fresh from a connected #TetherServer, one refresh in flight at a time:
 *
 * 1. list the processes and apply the listing to the view's #TetherProcessList (a keyed diff);
 * 2. describe the rows on screen and the selected one (#TetherProcessDetails) for the detail
 *    columns, when any is shown;
 * 3. wait the interval, counted from the start of the refresh: #TetherProcessRefresher:interval,
 *    or longer when the server's listing is slow, so that listing keeps the server busy a tenth
 *    of the time at most (#TetherProcessRefresher:effective-interval); then start again.
 *
 * Nothing is scheduled unless #TetherProcessRefresher:active (the owner's view is on screen and
 * connected) and not #TetherProcessRefresher:paused; becoming active again catches up at once
 * when the list is older than an interval. A failed listing is reported once by
 * #TetherProcessRefresher::failed; a lost connection is the server's state, not ours.
 */

#include "config.h"

#include "tether-process-details.h"
#include "tether-process-refresher.h"

#define SCAN_DUTY_DIVISOR        10
#define BUSY_DUTY_DIVISOR        2
#define MAX_ADAPTIVE_INTERVAL_MS 60000
/* Describes per refresh at most: each costs a dozen round trips, which a remote link feels. */
#define MAX_DESCRIBES            24

struct _TetherProcessRefresher
{
  GObject               parent_instance;

  TetherProcessView    *view;
  TetherServer         *server;
  TetherProcessDetails *details;
  GCancellable         *cancellable;      /* the refresh in flight */
  gint64                started_us;
  gint64                last_refresh_us;
  guint                 scan_ms;          /* a running average of the listing's duration */
  guint                 busy_ms;          /* the same of a whole refresh, details included */
  guint                 interval;
  guint                 next_described;   /* where the next turn of described rows starts */
  guint                 source;
  guint                 active : 1;
  guint                 paused : 1;
  guint                 again : 1;
  guint                 failed : 1;
};

G_DEFINE_FINAL_TYPE (TetherProcessRefresher, tether_process_refresher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_SERVER,
  PROP_ACTIVE,
  PROP_PAUSED,
  PROP_INTERVAL,
  PROP_EFFECTIVE_INTERVAL,
  PROP_LAST_REFRESH,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start (TetherProcessRefresher *self);

static void
cancel (TetherProcessRefresher *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->again = FALSE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  TetherProcessRefresher *self = user_data;

  self->source = 0;
  start (self);
  return G_SOURCE_REMOVE;
}

static gboolean
connected (TetherProcessRefresher *self)
{
  return self->server != NULL && tether_server_get_state (self->server) == TETHER_SERVER_CONNECTED;
}

/* Arms the timer for the next refresh, or refreshes now when one is overdue. */
static void
schedule (TetherProcessRefresher *self)
{
  gint64 due_us, now_us = g_get_monotonic_time ();

  g_clear_handle_id (&self->source, g_source_remove);

  if (!self->active || self->paused || !connected (self) || self->cancellable != NULL)
    return;

  due_us = self->started_us +
           (gint64)tether_process_refresher_get_effective_interval (self) *
           G_TIME_SPAN_MILLISECOND;
  if (self->last_refresh_us == 0 || due_us <= now_us)
    {
      start (self);
      return;
    }

  self->source = g_timeout_add ((guint)((due_us - now_us) / G_TIME_SPAN_MILLISECOND) + 1,
                                timeout_cb, self);
  g_source_set_name_by_id (self->source, "[tether] refresh processes");
}

static void
finish (TetherProcessRefresher *self)
{
  guint elapsed_ms = (guint)((g_get_monotonic_time () - self->started_us) /
                             G_TIME_SPAN_MILLISECOND);
  guint old_interval = tether_process_refresher_get_effective_interval (self);

  g_clear_object (&self->cancellable);

  self->busy_ms = self->busy_ms == 0 ? MAX (elapsed_ms, 1) : (3 * self->busy_ms + elapsed_ms) / 4;
  if (old_interval != tether_process_refresher_get_effective_interval (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_INTERVAL]);

  if (self->again)
    {
      self->again = FALSE;
      start (self);
    }
  else
    {
      schedule (self);
    }
}

static void
update_details_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TetherProcessRefresher) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tether_process_details_update_finish (TETHER_PROCESS_DETAILS (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (self->view != NULL)
    tether_process_view_details_changed (self->view);
  finish (self);
}

/* At most MAX_DESCRIBES of the rows on screen: the selected one (first in @shown), then those
 * never described, then the others taking turns from *@next (with more rows on screen than
 * describes a refresh, always starting from the top would leave the same rows out every time,
 * and a row needs two describes in a row for its CPU %). */
static GPtrArray *
pick_describes (GPtrArray *shown,
                guint     *next)
{
  GPtrArray *picked = g_ptr_array_new_with_free_func (g_object_unref);
  guint others = shown->len > 1 ? shown->len - 1 : 0;
  guint taken = 0;

  for (guint i = 0; i < shown->len && picked->len < MAX_DESCRIBES; i++)
    {
      TetherProcess *process = g_ptr_array_index (shown, i);

      if (i == 0 || !tether_process_get_has_details (process))
        g_ptr_array_add (picked, g_object_ref (process));
    }

  for (guint k = 0; k < others && picked->len < MAX_DESCRIBES; k++)
    {
      TetherProcess *process = g_ptr_array_index (shown, 1 + (*next + k) % others);

      taken = k + 1;
      if (tether_process_get_has_details (process))
        g_ptr_array_add (picked, g_object_ref (process));
    }
  if (others > 0)
    *next = (*next + taken) % others;

  return picked;
}

static void
list_processes_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TetherProcessRefresher) self = user_data;
  g_autoptr(GPtrArray) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = tether_server_list_processes_finish (TETHER_SERVER (object), result, &error);
  /* Cancelled: the owner moved on (another server, disposed) and owns a new state. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->view == NULL)
    return;

  if (snapshot != NULL)
    {
      guint elapsed_ms = (guint)((g_get_monotonic_time () - self->started_us) /
                                 G_TIME_SPAN_MILLISECOND);
      guint old_interval = tether_process_refresher_get_effective_interval (self);

      /* A running average, so that one slow listing does not double the interval. */
      self->scan_ms = self->scan_ms == 0 ? MAX (elapsed_ms, 1)
                                         : (3 * self->scan_ms + elapsed_ms) / 4;
      if (old_interval != tether_process_refresher_get_effective_interval (self))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_INTERVAL]);

      tether_process_details_annotate_snapshot (self->details, snapshot);
      tether_process_list_apply_snapshot (tether_process_view_get_process_list (self->view),
                                          snapshot);
      self->failed = FALSE;
      self->last_refresh_us = g_get_monotonic_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_REFRESH]);

      if (tether_process_view_get_shows_details (self->view))
        {
          g_autoptr(GPtrArray) shown = tether_process_view_dup_shown_processes (self->view);
          g_autoptr(GPtrArray) picked = pick_describes (shown, &self->next_described);

          if (picked->len > 0)
            {
              tether_process_details_update_async (self->details, picked, self->cancellable,
                                                   update_details_cb, g_object_ref (self));
              return;
            }
        }
    }
  else if (connected (self) && !self->failed)
    {
      /* A failed listing on a live connection is news once. */
      self->failed = TRUE;
      g_signal_emit (self, signals[FAILED], 0, error);
    }

  finish (self);
}

static void
start (TetherProcessRefresher *self)
{
  if (!connected (self))
    return;

  if (self->cancellable != NULL)
    {
      self->again = TRUE;
      return;
    }

  g_clear_handle_id (&self->source, g_source_remove);
  self->cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();
  tether_server_list_processes_async (self->server, self->cancellable, list_processes_cb,
                                      g_object_ref (self));
}

static void
server_state_cb (TetherProcessRefresher *self,
                 GParamSpec             *pspec,
                 TetherServer           *server)
{
  if (!connected (self))
    {
      cancel (self);
      return;
    }

  /* (Re)connected: a fresh start. */
  self->failed = FALSE;
  self->last_refresh_us = 0;
  schedule (self);
}

/* GObject */

static void
tether_process_refresher_dispose (GObject *object)
{
  TetherProcessRefresher *self = (TetherProcessRefresher *)object;

  tether_process_refresher_set_server (self, NULL);
  g_clear_object (&self->view);

  G_OBJECT_CLASS (tether_process_refresher_parent_class)->dispose (object);
}

static void
tether_process_refresher_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  TetherProcessRefresher *self = TETHER_PROCESS_REFRESHER (object);

  switch (prop_id)
    {
    case PROP_VIEW: g_value_set_object (value, self->view); break;
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_ACTIVE: g_value_set_boolean (value, self->active); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_INTERVAL: g_value_set_uint (value, self->interval); break;
    case PROP_EFFECTIVE_INTERVAL:
      g_value_set_uint (value, tether_process_refresher_get_effective_interval (self));
      break;
    case PROP_LAST_REFRESH: g_value_set_int64 (value, self->last_refresh_us); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_refresher_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  TetherProcessRefresher *self = TETHER_PROCESS_REFRESHER (object);

  switch (prop_id)
    {
    case PROP_VIEW: self->view = g_value_dup_object (value); break;
    case PROP_SERVER: tether_process_refresher_set_server (self, g_value_get_object (value)); break;
    case PROP_ACTIVE: tether_process_refresher_set_active (self, g_value_get_boolean (value)); break;
    case PROP_PAUSED: tether_process_refresher_set_paused (self, g_value_get_boolean (value)); break;
    case PROP_INTERVAL: tether_process_refresher_set_interval (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_refresher_class_init (TetherProcessRefresherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_process_refresher_dispose;
  object_class->get_property = tether_process_refresher_get_property;
  object_class->set_property = tether_process_refresher_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, TETHER_TYPE_PROCESS_VIEW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 50, G_MAXUINT, 2000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EFFECTIVE_INTERVAL] =
    g_param_spec_uint ("effective-interval", NULL, NULL, 0, G_MAXUINT, 2000,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_REFRESH] =
    g_param_spec_int64 ("last-refresh", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A listing failed on a live connection (once, until one succeeds again). */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tether_process_refresher_init (TetherProcessRefresher *self)
{
  self->interval = 2000;
}

TetherProcessRefresher *
tether_process_refresher_new (TetherProcessView *view)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_VIEW (view), NULL);

  return g_object_new (TETHER_TYPE_PROCESS_REFRESHER, "view", view, NULL);
}

TetherServer *
tether_process_refresher_get_server (TetherProcessRefresher *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_REFRESHER (self), NULL);

  return self->server;
}

void
tether_process_refresher_set_server (TetherProcessRefresher *self,
                                     TetherServer           *server)
{
  g_return_if_fail (TETHER_IS_PROCESS_REFRESHER (self));
  g_return_if_fail (server == NULL || TETHER_IS_SERVER (server));

  if (self->server == server)
    return;

  cancel (self);
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->details);
  g_set_object (&self->server, server);
  self->scan_ms = 0;
  self->busy_ms = 0;
  self->last_refresh_us = 0;
  if (server != NULL)
    {
      self->details = tether_process_details_new (server);
      g_signal_connect_object (server, "notify::state", G_CALLBACK (server_state_cb), self,
                               G_CONNECT_SWAPPED);
      schedule (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
}

gboolean
tether_process_refresher_get_active (TetherProcessRefresher *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_REFRESHER (self), FALSE);

  return self->active;
}

void
tether_process_refresher_set_active (TetherProcessRefresher *self,
                                     gboolean                active)
{
  g_return_if_fail (TETHER_IS_PROCESS_REFRESHER (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  /* Inactive, the refresh in flight finishes; the next one waits. */
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
tether_process_refresher_get_paused (TetherProcessRefresher *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_REFRESHER (self), FALSE);

  return self->paused;
}

void
tether_process_refresher_set_paused (TetherProcessRefresher *self,
                                     gboolean                paused)
{
  g_return_if_fail (TETHER_IS_PROCESS_REFRESHER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

guint
tether_process_refresher_get_interval (TetherProcessRefresher *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_REFRESHER (self), 0);

  return self->interval;
}

void
tether_process_refresher_set_interval (TetherProcessRefresher *self,
                                       guint                   interval_ms)
{
  g_return_if_fail (TETHER_IS_PROCESS_REFRESHER (self));
  g_return_if_fail (interval_ms > 0);

  if (self->interval == interval_ms)
    return;

  self->interval = interval_ms;
  /* A pending timer restarts with the new interval. */
  if (self->source != 0)
    schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_INTERVAL]);
}

guint
tether_process_refresher_get_effective_interval (TetherProcessRefresher *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_REFRESHER (self), 0);

  return (guint)CLAMP (MAX ((guint64)self->scan_ms * SCAN_DUTY_DIVISOR,
                            (guint64)self->busy_ms * BUSY_DUTY_DIVISOR), self->interval,
                       MAX (self->interval, MAX_ADAPTIVE_INTERVAL_MS));
}

gint64
tether_process_refresher_get_last_refresh (TetherProcessRefresher *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_REFRESHER (self), 0);

  return self->last_refresh_us;
}

void
tether_process_refresher_refresh (TetherProcessRefresher *self)
{
  g_return_if_fail (TETHER_IS_PROCESS_REFRESHER (self));

  start (self);
}
