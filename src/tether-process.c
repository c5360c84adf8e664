/* tether-process.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-process.h"

/* Details from /proc are filled for the few rows on screen only: they live in a block of their
 * own, so that the tens of thousands of rows of a process table (and of every listing that
 * refreshes it) stay small. */
typedef struct
{
  char    **argv;
  char     *exe;
  gint64    ppid;
  gint64    uid;
  char     *state;
  gint64    threads;
  guint64   rss_bytes;
  guint64   cpu_time_ms;
  double    cpu_percent;
  gint64    start_time;
  gint64    tracer_pid;
} Details;

static const Details default_details = {
  .ppid = -1,
  .uid = -1,
  .threads = -1,
  .cpu_percent = -1,
  .tracer_pid = -1,
};

/* 64 bytes with the GObject header, one GSlice chunk: a process table holds tens of thousands,
 * and every listing as many again. */
struct _TetherProcess
{
  GObject   parent_instance;

  guint32   pid;           /* 0 to G_MAXUINT32: any system's pid */
  GQuark    user;          /* user and process names repeat across rows: interned */
  GQuark    name;
  guint     presence : 2;  /* a TetherProcessPresence */
  guint     has_details : 1;
  guint64   start_ticks;
  char     *command_line;
  Details  *details;       /* NULL while every detail has its default */
};

G_STATIC_ASSERT (sizeof (struct _TetherProcess) <= 64);

G_DEFINE_ENUM_TYPE (TetherProcessPresence, tether_process_presence,
                    G_DEFINE_ENUM_VALUE (TETHER_PROCESS_PRESENCE_NEW, "new"),
                    G_DEFINE_ENUM_VALUE (TETHER_PROCESS_PRESENCE_PRESENT, "present"),
                    G_DEFINE_ENUM_VALUE (TETHER_PROCESS_PRESENCE_EXITED, "exited"))

G_DEFINE_FINAL_TYPE (TetherProcess, tether_process, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PID,
  PROP_USER,
  PROP_NAME,
  PROP_COMMAND_LINE,
  PROP_ARGV,
  PROP_EXE,
  PROP_PPID,
  PROP_UID,
  PROP_STATE,
  PROP_THREADS,
  PROP_RSS_BYTES,
  PROP_CPU_TIME_MS,
  PROP_CPU_PERCENT,
  PROP_START_TICKS,
  PROP_START_TIME,
  PROP_TRACER_PID,
  PROP_HAS_DETAILS,
  PROP_PRESENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline const Details *
get_details (TetherProcess *self)
{
  return self->details != NULL ? self->details : &default_details;
}

static Details *
ensure_details (TetherProcess *self)
{
  if (self->details == NULL)
    self->details = g_memdup2 (&default_details, sizeof default_details);

  return self->details;
}

static void
tether_process_finalize (GObject *object)
{
  TetherProcess *self = (TetherProcess *)object;

  g_free (self->command_line);
  if (self->details != NULL)
    {
      g_strfreev (self->details->argv);
      g_free (self->details->exe);
      g_free (self->details->state);
      g_free (self->details);
    }

  G_OBJECT_CLASS (tether_process_parent_class)->finalize (object);
}

static void
tether_process_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TetherProcess *self = TETHER_PROCESS (object);

  switch (prop_id)
    {
    case PROP_PID: g_value_set_int64 (value, self->pid); break;
    case PROP_USER: g_value_set_string (value, g_quark_to_string (self->user)); break;
    case PROP_NAME: g_value_set_string (value, g_quark_to_string (self->name)); break;
    case PROP_COMMAND_LINE: g_value_set_string (value, self->command_line); break;
    case PROP_ARGV: g_value_set_boxed (value, get_details (self)->argv); break;
    case PROP_EXE: g_value_set_string (value, get_details (self)->exe); break;
    case PROP_PPID: g_value_set_int64 (value, get_details (self)->ppid); break;
    case PROP_UID: g_value_set_int64 (value, get_details (self)->uid); break;
    case PROP_STATE: g_value_set_string (value, get_details (self)->state); break;
    case PROP_THREADS: g_value_set_int64 (value, get_details (self)->threads); break;
    case PROP_RSS_BYTES: g_value_set_uint64 (value, get_details (self)->rss_bytes); break;
    case PROP_CPU_TIME_MS: g_value_set_uint64 (value, get_details (self)->cpu_time_ms); break;
    case PROP_CPU_PERCENT: g_value_set_double (value, get_details (self)->cpu_percent); break;
    case PROP_START_TICKS: g_value_set_uint64 (value, self->start_ticks); break;
    case PROP_START_TIME: g_value_set_int64 (value, get_details (self)->start_time); break;
    case PROP_TRACER_PID: g_value_set_int64 (value, get_details (self)->tracer_pid); break;
    case PROP_HAS_DETAILS: g_value_set_boolean (value, self->has_details); break;
    case PROP_PRESENCE: g_value_set_enum (value, self->presence); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TetherProcess *self = TETHER_PROCESS (object);

  switch (prop_id)
    {
    case PROP_PID: self->pid = (guint32)g_value_get_int64 (value); break;
    case PROP_USER: tether_process_set_user (self, g_value_get_string (value)); break;
    case PROP_NAME: tether_process_set_name (self, g_value_get_string (value)); break;
    case PROP_COMMAND_LINE: tether_process_set_command_line (self, g_value_get_string (value)); break;
    case PROP_ARGV: tether_process_set_argv (self, g_value_get_boxed (value)); break;
    case PROP_EXE: tether_process_set_exe (self, g_value_get_string (value)); break;
    case PROP_PPID: tether_process_set_ppid (self, g_value_get_int64 (value)); break;
    case PROP_UID: tether_process_set_uid (self, g_value_get_int64 (value)); break;
    case PROP_STATE: tether_process_set_state (self, g_value_get_string (value)); break;
    case PROP_THREADS: tether_process_set_threads (self, g_value_get_int64 (value)); break;
    case PROP_RSS_BYTES: tether_process_set_rss_bytes (self, g_value_get_uint64 (value)); break;
    case PROP_CPU_TIME_MS: tether_process_set_cpu_time_ms (self, g_value_get_uint64 (value)); break;
    case PROP_CPU_PERCENT: tether_process_set_cpu_percent (self, g_value_get_double (value)); break;
    case PROP_START_TICKS: tether_process_set_start_ticks (self, g_value_get_uint64 (value)); break;
    case PROP_START_TIME: tether_process_set_start_time (self, g_value_get_int64 (value)); break;
    case PROP_TRACER_PID: tether_process_set_tracer_pid (self, g_value_get_int64 (value)); break;
    case PROP_HAS_DETAILS: tether_process_set_has_details (self, g_value_get_boolean (value)); break;
    case PROP_PRESENCE: tether_process_set_presence (self, g_value_get_enum (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
tether_process_class_init (TetherProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tether_process_finalize;
  object_class->get_property = tether_process_get_property;
  object_class->set_property = tether_process_set_property;

  properties[PROP_PID] =
    g_param_spec_int64 ("pid", NULL, NULL, 0, G_MAXUINT32, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_COMMAND_LINE] = g_param_spec_string ("command-line", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_ARGV] = g_param_spec_boxed ("argv", NULL, NULL, G_TYPE_STRV, RW_FLAGS);
  properties[PROP_EXE] = g_param_spec_string ("exe", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_PPID] = g_param_spec_int64 ("ppid", NULL, NULL, -1, G_MAXINT64, -1, RW_FLAGS);
  properties[PROP_UID] = g_param_spec_int64 ("uid", NULL, NULL, -1, G_MAXINT64, -1, RW_FLAGS);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_THREADS] = g_param_spec_int64 ("threads", NULL, NULL, -1, G_MAXINT64, -1, RW_FLAGS);
  properties[PROP_RSS_BYTES] =
    g_param_spec_uint64 ("rss-bytes", NULL, NULL, 0, G_MAXUINT64, 0, RW_FLAGS);
  properties[PROP_CPU_TIME_MS] =
    g_param_spec_uint64 ("cpu-time-ms", NULL, NULL, 0, G_MAXUINT64, 0, RW_FLAGS);
  properties[PROP_CPU_PERCENT] =
    g_param_spec_double ("cpu-percent", NULL, NULL, -1, G_MAXDOUBLE, -1, RW_FLAGS);
  properties[PROP_START_TICKS] =
    g_param_spec_uint64 ("start-ticks", NULL, NULL, 0, G_MAXUINT64, 0, RW_FLAGS);
  properties[PROP_START_TIME] =
    g_param_spec_int64 ("start-time", NULL, NULL, 0, G_MAXINT64, 0, RW_FLAGS);
  properties[PROP_TRACER_PID] =
    g_param_spec_int64 ("tracer-pid", NULL, NULL, -1, G_MAXINT64, -1, RW_FLAGS);
  properties[PROP_HAS_DETAILS] =
    g_param_spec_boolean ("has-details", NULL, NULL, FALSE, RW_FLAGS);
  properties[PROP_PRESENCE] =
    g_param_spec_enum ("presence", NULL, NULL, TETHER_TYPE_PROCESS_PRESENCE,
                       TETHER_PROCESS_PRESENCE_PRESENT, RW_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_process_init (TetherProcess *self)
{
  self->presence = TETHER_PROCESS_PRESENCE_PRESENT;
}

TetherProcess *
tether_process_new (gint64 pid)
{
  TetherProcess *self;

  g_return_val_if_fail (pid >= 0 && pid <= G_MAXUINT32, NULL);

  /* Not through the construct property: a listing makes tens of thousands of these. */
  self = g_object_new (TETHER_TYPE_PROCESS, NULL);
  self->pid = (guint32)pid;
  return self;
}

gint64
tether_process_get_pid (TetherProcess *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS (self), 0);

  return self->pid;
}

/* Setters notify only on a real change: a refresh that rewrites every row must stay quiet for the
 * rows that did not change. */
#define DEFINE_STRING_PROPERTY(field, PROP)                                        \
  const char *                                                                     \
  tether_process_get_##field (TetherProcess *self)                                 \
  {                                                                                \
    g_return_val_if_fail (TETHER_IS_PROCESS (self), NULL);                         \
    return self->field;                                                            \
  }                                                                                \
  void                                                                             \
  tether_process_set_##field (TetherProcess *self, const char *field)              \
  {                                                                                \
    g_return_if_fail (TETHER_IS_PROCESS (self));                                   \
    if (g_strcmp0 (self->field, field) == 0)                                       \
      return;                                                                      \
    g_free (self->field);                                                          \
    self->field = g_strdup (field);                                                \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                  \
  }

#define DEFINE_SCALAR_PROPERTY(type, field, PROP)                                  \
  type                                                                             \
  tether_process_get_##field (TetherProcess *self)                                 \
  {                                                                                \
    g_return_val_if_fail (TETHER_IS_PROCESS (self), 0);                            \
    return self->field;                                                            \
  }                                                                                \
  void                                                                             \
  tether_process_set_##field (TetherProcess *self, type field)                     \
  {                                                                                \
    g_return_if_fail (TETHER_IS_PROCESS (self));                                   \
    if (self->field == field)                                                      \
      return;                                                                      \
    self->field = field;                                                           \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                  \
  }

#define DEFINE_DETAIL_STRING_PROPERTY(field, PROP)                                 \
  const char *                                                                     \
  tether_process_get_##field (TetherProcess *self)                                 \
  {                                                                                \
    g_return_val_if_fail (TETHER_IS_PROCESS (self), NULL);                         \
    return get_details (self)->field;                                              \
  }                                                                                \
  void                                                                             \
  tether_process_set_##field (TetherProcess *self, const char *field)              \
  {                                                                                \
    Details *details;                                                              \
    g_return_if_fail (TETHER_IS_PROCESS (self));                                   \
    if (g_strcmp0 (get_details (self)->field, field) == 0)                         \
      return;                                                                      \
    details = ensure_details (self);                                               \
    g_free (details->field);                                                       \
    details->field = g_strdup (field);                                             \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                  \
  }

#define DEFINE_DETAIL_SCALAR_PROPERTY(type, field, PROP)                           \
  type                                                                             \
  tether_process_get_##field (TetherProcess *self)                                 \
  {                                                                                \
    g_return_val_if_fail (TETHER_IS_PROCESS (self), 0);                            \
    return get_details (self)->field;                                              \
  }                                                                                \
  void                                                                             \
  tether_process_set_##field (TetherProcess *self, type field)                     \
  {                                                                                \
    g_return_if_fail (TETHER_IS_PROCESS (self));                                   \
    if (get_details (self)->field == field)                                        \
      return;                                                                      \
    ensure_details (self)->field = field;                                          \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                  \
  }

/* User and process names: quarks (their number is bounded by the users and programs a server
 * has, not by its processes), so equal names are one pointer (tether_process_get_user()). */
#define DEFINE_QUARK_STRING_PROPERTY(field, PROP)                                  \
  const char *                                                                     \
  tether_process_get_##field (TetherProcess *self)                                 \
  {                                                                                \
    g_return_val_if_fail (TETHER_IS_PROCESS (self), NULL);                         \
    return g_quark_to_string (self->field);                                        \
  }                                                                                \
  void                                                                             \
  tether_process_set_##field (TetherProcess *self, const char *field)              \
  {                                                                                \
    GQuark quark;                                                                  \
    g_return_if_fail (TETHER_IS_PROCESS (self));                                   \
    quark = g_quark_from_string (field);                                           \
    if (self->field == quark)                                                      \
      return;                                                                      \
    self->field = quark;                                                           \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                  \
  }

DEFINE_QUARK_STRING_PROPERTY (user, PROP_USER)
DEFINE_QUARK_STRING_PROPERTY (name, PROP_NAME)
DEFINE_STRING_PROPERTY (command_line, PROP_COMMAND_LINE)
DEFINE_DETAIL_STRING_PROPERTY (exe, PROP_EXE)
DEFINE_DETAIL_STRING_PROPERTY (state, PROP_STATE)
DEFINE_DETAIL_SCALAR_PROPERTY (gint64, ppid, PROP_PPID)
DEFINE_DETAIL_SCALAR_PROPERTY (gint64, uid, PROP_UID)
DEFINE_DETAIL_SCALAR_PROPERTY (gint64, threads, PROP_THREADS)
DEFINE_DETAIL_SCALAR_PROPERTY (guint64, rss_bytes, PROP_RSS_BYTES)
DEFINE_DETAIL_SCALAR_PROPERTY (guint64, cpu_time_ms, PROP_CPU_TIME_MS)
DEFINE_DETAIL_SCALAR_PROPERTY (double, cpu_percent, PROP_CPU_PERCENT)
DEFINE_SCALAR_PROPERTY (guint64, start_ticks, PROP_START_TICKS)
DEFINE_DETAIL_SCALAR_PROPERTY (gint64, start_time, PROP_START_TIME)
DEFINE_DETAIL_SCALAR_PROPERTY (gint64, tracer_pid, PROP_TRACER_PID)
gboolean
tether_process_get_has_details (TetherProcess *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS (self), FALSE);

  return self->has_details;
}

void
tether_process_set_has_details (TetherProcess *self,
                                gboolean       has_details)
{
  g_return_if_fail (TETHER_IS_PROCESS (self));

  if (self->has_details == !!has_details)
    return;

  self->has_details = !!has_details;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_DETAILS]);
}

TetherProcessPresence
tether_process_get_presence (TetherProcess *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS (self), TETHER_PROCESS_PRESENCE_PRESENT);

  return self->presence;
}

void
tether_process_set_presence (TetherProcess         *self,
                             TetherProcessPresence  presence)
{
  g_return_if_fail (TETHER_IS_PROCESS (self));
  g_return_if_fail (presence <= TETHER_PROCESS_PRESENCE_EXITED);

  if (self->presence == presence)
    return;

  self->presence = presence;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENCE]);
}

const char * const *
tether_process_get_argv (TetherProcess *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS (self), NULL);

  return (const char * const *)get_details (self)->argv;
}

void
tether_process_set_argv (TetherProcess      *self,
                         const char * const *argv)
{
  Details *details;
  char **current;

  g_return_if_fail (TETHER_IS_PROCESS (self));

  current = get_details (self)->argv;
  if (current == NULL && argv == NULL)
    return;
  if (current != NULL && argv != NULL && g_strv_equal ((const char * const *)current, argv))
    return;

  details = ensure_details (self);
  g_strfreev (details->argv);
  details->argv = g_strdupv ((char **)argv);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARGV]);
}

static inline int
compare_strings (const char *a,
                 const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

int
tether_process_compare_user (TetherProcess *a,
                             TetherProcess *b)
{
  if (a->user == b->user)
    return 0;
  return compare_strings (g_quark_to_string (a->user), g_quark_to_string (b->user));
}

int
tether_process_compare_name (TetherProcess *a,
                             TetherProcess *b)
{
  if (a->name == b->name)
    return 0;
  return compare_strings (g_quark_to_string (a->name), g_quark_to_string (b->name));
}

int
tether_process_compare_command_line (TetherProcess *a,
                                     TetherProcess *b)
{
  return compare_strings (a->command_line, b->command_line);
}

int
tether_process_compare_pids (gconstpointer a,
                             gconstpointer b)
{
  gint64 x = (*(TetherProcess * const *)a)->pid;
  gint64 y = (*(TetherProcess * const *)b)->pid;

  return x < y ? -1 : x > y;
}

gboolean
tether_process_may_run (TetherProcess *self,
                        const char    *name)
{
  const char *command;
  const char *slash;
  const char *tail;
  gsize len;

  g_return_val_if_fail (TETHER_IS_PROCESS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  command = self->command_line;
  slash = strrchr (name, '/');
  tail = slash != NULL ? slash + 1 : name;
  len = strlen (tail);
  if (len == 0 || command == NULL)
    return FALSE;

  for (const char *p = strstr (command, tail); p != NULL; p = strstr (p + 1, tail))
    {
      if ((p == command || p[-1] == '/') && (p[len] == '\0' || p[len] == ' '))
        return TRUE;
    }

  return FALSE;
}

gboolean
tether_process_runs (TetherProcess *self,
                     const char    *name,
                     gboolean       whole_path)
{
  const char * const *argv;
  const char *path;
  const char *slash;

  g_return_val_if_fail (TETHER_IS_PROCESS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  argv = tether_process_get_argv (self);
  path = tether_process_get_exe (self);
  if (path == NULL)
    path = argv != NULL ? argv[0] : NULL;
  if (path == NULL)
    return FALSE;
  if (g_str_equal (path, name))
    return TRUE;
  if (whole_path)
    return FALSE;
  slash = strrchr (path, '/');
  return g_str_equal (slash != NULL ? slash + 1 : path, name);
}
