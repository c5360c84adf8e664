/* tether-thread.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-thread.h"

struct _TetherThread
{
  GObject  parent_instance;

  gint64   tid;
  char    *name;
  gint     core;
};

G_DEFINE_FINAL_TYPE (TetherThread, tether_thread, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TID,
  PROP_NAME,
  PROP_CORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tether_thread_finalize (GObject *object)
{
  TetherThread *self = (TetherThread *)object;

  g_free (self->name);

  G_OBJECT_CLASS (tether_thread_parent_class)->finalize (object);
}

static void
tether_thread_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TetherThread *self = TETHER_THREAD (object);

  switch (prop_id)
    {
    case PROP_TID: g_value_set_int64 (value, self->tid); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_CORE: g_value_set_int (value, self->core); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_thread_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TetherThread *self = TETHER_THREAD (object);

  switch (prop_id)
    {
    case PROP_TID: self->tid = g_value_get_int64 (value); break;
    case PROP_NAME: self->name = g_value_dup_string (value); break;
    case PROP_CORE: self->core = g_value_get_int (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_thread_class_init (TetherThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tether_thread_finalize;
  object_class->get_property = tether_thread_get_property;
  object_class->set_property = tether_thread_set_property;

  properties[PROP_TID] =
    g_param_spec_int64 ("tid", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CORE] =
    g_param_spec_int ("core", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_thread_init (TetherThread *self)
{
  self->core = -1;
}

TetherThread *
tether_thread_new (gint64      tid,
                   const char *name,
                   gint        core)
{
  return g_object_new (TETHER_TYPE_THREAD, "tid", tid, "name", name, "core", core, NULL);
}

gint64
tether_thread_get_tid (TetherThread *self)
{
  g_return_val_if_fail (TETHER_IS_THREAD (self), 0);

  return self->tid;
}

const char *
tether_thread_get_name (TetherThread *self)
{
  g_return_val_if_fail (TETHER_IS_THREAD (self), NULL);

  return self->name;
}

gint
tether_thread_get_core (TetherThread *self)
{
  g_return_val_if_fail (TETHER_IS_THREAD (self), -1);

  return self->core;
}
