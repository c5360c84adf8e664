/* tether-process-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherProcessList:
 *
 * The live process table of one server: a #GListModel of #TetherProcess that a refresher feeds with
 * fresh listings (tether_process_list_apply_snapshot()). Each listing is merged by a keyed diff:
 *
 * - Row identity is (pid, start-ticks) when the start time is known on both sides, else the pid
 *   alone, so a reused pid with another start time is a new row and never inherits the old one's
 *   selection. A row's start time, once known, never changes.
 * - A row that is listed again is the same object. When its listing differs from the one it was
 *   last given, its listing properties (user, name, command-line; start-ticks once learnt) are
 *   updated in place with the #TetherProcess setters, which notify only on a real change. An
 *   unchanged listing leaves the row alone, so details that refine those properties (the exact
 *   argv-based command line) are not overwritten by it; detail properties are never touched.
 * - New rows are appended at the end, exited rows removed where they are: other rows keep their
 *   positions (the model has no order of its own; views sort on top). See MAX_ROW_BY_ROW_SPLICES
 *   for how these splices are emitted.
 * - New rows are #TETHER_PROCESS_PRESENCE_NEW until #TetherProcessList:highlight-ms has passed;
 *   rows that are no longer listed become #TETHER_PROCESS_PRESENCE_EXITED and are removed once
 *   #TetherProcessList:linger-ms has passed; an exited row that is listed again becomes present.
 *   These transitions are checked against timestamps when a snapshot is applied: there is no timer
 *   per row, nor any timer at all. The list owns its rows' presence. The first snapshot after
 *   construction or tether_process_list_clear() populates the list with present rows, which do
 *   not count as added.
 *
 * Sorting contract: changing a property in place does not move a row in a #GtkSortListModel. All
 * items-changed of a snapshot come first, while every row still sorts as before; then rows are
 * updated in place, and #TetherProcessList::rows-updated is emitted once with the names of the
 * properties that changed. A view sorted by one of them calls gtk_sorter_changed() once (on that
 * column's sorter, which GtkColumnView only listens to while it sorts by it). Never re-splice the
 * changed rows instead: at 50,000 rows that costs about a second.
 */

#include "config.h"

#include <string.h>

#include "tether-process-list.h"

#define DEFAULT_HIGHLIGHT_MS 2000
#define DEFAULT_LINGER_MS    2000

/* How additions and removals are emitted. Measured with GTK 4.8.3 at 50,000 rows under
 * GtkSortListModel, GtkSingleSelection and GtkColumnView: the sort model turns an items-changed
 * that adds or removes several rows into one change spanning all of their sorted positions, and
 * when the selected, focused or top visible row lies in that span, the list item manager fetches
 * every item of it (5 new rows: 10-15 ms, ~75,000 get_item()). One items-changed per row costs
 * the sort model one linear pass instead (~0.3 ms). So up to this many additions and removals (a
 * usual refresh) are emitted one row at a time, highest first, and more as contiguous runs, one
 * items-changed per run, where the linear passes would cost more than one wide change. */
#define MAX_ROW_BY_ROW_SPLICES 32

typedef struct _Row Row;

/* At 50,000 rows the cost of a refresh is memory traffic: the strings of the rows, scattered over
 * the heap, cost more to read than all the rest of the diff. So a row keeps a fingerprint of the
 * listing it was last given and compares the next listing with that, not with the process's
 * strings; and the passes after matching read only rows, so the presence (owned by the list) is
 * cached here too. */
struct _Row
{
  gint64                 pid;          /* the index key, equal to the process's pid */
  guint64                start_ticks;  /* the process's once known (then fixed); 0: ask it */
  guint64                listing_fp;   /* listing_fingerprint() of the last listing of the row */
  Row                   *next;         /* the next row with the same pid, newest first */
  TetherProcess         *pending;      /* borrowed: a snapshot entry with other listing values */
  gint64                 since_us;     /* when the row became new or exited */
  guint                  serial;       /* the last snapshot that listed this row */
  TetherProcessPresence  presence;     /* the process's, cached */
  TetherProcess         *process;      /* owned */
};

typedef struct
{
  guint start;
  guint length;
} Run;

typedef enum
{
  CHANGED_USER         = 1 << 0,
  CHANGED_NAME         = 1 << 1,
  CHANGED_COMMAND_LINE = 1 << 2,
  CHANGED_START_TICKS  = 1 << 3,
  CHANGED_PRESENCE     = 1 << 4,
} ChangedProperties;

/* In the order of the ChangedProperties bits. */
static const char * const changed_property_names[] = {
  "user", "name", "command-line", "start-ticks", "presence",
};

struct _TetherProcessList
{
  GObject     parent_instance;

  GPtrArray  *rows;     /* Row *, in model order */
  GPtrArray  *items;    /* TetherProcess * (the rows'), in model order: views call get_item() in
                         * bursts of tens of thousands, so it must not chase a Row pointer */
  GHashTable *by_pid;   /* &Row.pid -> newest Row with that pid */

  guint       serial;
  guint       highlight_ms;
  guint       linger_ms;
  guint       n_processes;
  guint       last_added;
  guint       last_exited;
  gboolean    populated;
  gboolean    in_update;   /* signal handlers must not apply snapshots or clear */
};

static void tether_process_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TetherProcessList, tether_process_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tether_process_list_list_model_init))

enum {
  PROP_0,
  PROP_HIGHLIGHT_MS,
  PROP_LINGER_MS,
  PROP_N_PROCESSES,
  PROP_LAST_ADDED,
  PROP_LAST_EXITED,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  ROWS_UPDATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
row_free (gpointer data)
{
  Row *row = data;

  g_object_unref (row->process);
  g_free (row);
}

#define FP_MULTIPLIER G_GUINT64_CONSTANT (0xc6a4a7935bd1e995)
#define FP_SHIFT      47

/* One step of MurmurHash64A. */
static inline guint64
fingerprint_mix (guint64 hash,
                 guint64 word)
{
  word *= FP_MULTIPLIER;
  word ^= word >> FP_SHIFT;
  word *= FP_MULTIPLIER;
  hash ^= word;
  return hash * FP_MULTIPLIER;
}

static guint64
fingerprint_add_string (guint64     hash,
                        const char *string)
{
  gsize length;

  if (string == NULL)
    return fingerprint_mix (hash, G_MAXUINT64);   /* no string is that long */

  length = strlen (string);
  hash = fingerprint_mix (hash, length);   /* the length also separates the fields */
  for (; length >= sizeof (guint64); length -= sizeof (guint64), string += sizeof (guint64))
    {
      guint64 word;

      memcpy (&word, string, sizeof word);
      hash = fingerprint_mix (hash, word);
    }
  if (length > 0)
    {
      guint64 word = 0;

      memcpy (&word, string, length);
      hash = fingerprint_mix (hash, word);
    }

  return hash;
}

/* A 64-bit fingerprint of the listing properties start-ticks excepted: two different listings
 * share one with a probability of about 2^-64, the only way a change could go unseen. */
static guint64
listing_fingerprint (TetherProcess *process)
{
  guint64 hash = G_GUINT64_CONSTANT (0x54657468657221);

  /* User and name are interned (TetherProcess): equal strings are one pointer. */
  hash = fingerprint_mix (hash, (guint64)(guintptr)tether_process_get_user (process));
  hash = fingerprint_mix (hash, (guint64)(guintptr)tether_process_get_name (process));
  hash = fingerprint_add_string (hash, tether_process_get_command_line (process));
  hash ^= hash >> FP_SHIFT;
  hash *= FP_MULTIPLIER;
  return hash ^ (hash >> FP_SHIFT);
}

/* A row's start time, once known, is part of its identity: it never changes. */
static guint64
row_get_start_ticks (Row *row)
{
  if (row->start_ticks == 0)
    row->start_ticks = tether_process_get_start_ticks (row->process);

  return row->start_ticks;
}

static void
row_set_presence (Row                   *row,
                  TetherProcessPresence  presence)
{
  row->presence = presence;
  tether_process_set_presence (row->process, presence);
}

static GType
tether_process_list_get_item_type (GListModel *model)
{
  return TETHER_TYPE_PROCESS;
}

static guint
tether_process_list_get_n_items (GListModel *model)
{
  TetherProcessList *self = TETHER_PROCESS_LIST (model);

  return self->rows->len;
}

static gpointer
tether_process_list_get_item (GListModel *model,
                              guint       position)
{
  TetherProcessList *self = (TetherProcessList *)model;

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
tether_process_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tether_process_list_get_item_type;
  iface->get_n_items = tether_process_list_get_n_items;
  iface->get_item = tether_process_list_get_item;
}

static void
index_insert (TetherProcessList *self,
              Row               *row)
{
  row->next = g_hash_table_lookup (self->by_pid, &row->pid);
  /* replace, not insert: the key must point into the new head row */
  g_hash_table_replace (self->by_pid, &row->pid, row);
}

static void
index_remove (TetherProcessList *self,
              Row               *row)
{
  Row *head = g_hash_table_lookup (self->by_pid, &row->pid);

  g_assert (head != NULL);

  if (head == row)
    {
      if (row->next != NULL)
        g_hash_table_replace (self->by_pid, &row->next->pid, row->next);
      else
        g_hash_table_remove (self->by_pid, &row->pid);
    }
  else
    {
      Row *prev = head;

      while (prev->next != row)
        {
          prev = prev->next;
          g_assert (prev != NULL);
        }
      prev->next = row->next;
    }

  row->next = NULL;
}

/* The row a snapshot entry stands for, NULL for a new process. Among the rows with the same pid,
 * an exact start time wins over an unknown one, and a live row over an exited one. Sets
 * @duplicate when the row was already claimed by an earlier entry of the same snapshot. */
static Row *
find_match (TetherProcessList *self,
            gint64             pid,
            guint64            start_ticks,
            gboolean          *duplicate)
{
  Row *best = NULL;
  int best_score = 0;

  *duplicate = FALSE;

  for (Row *row = g_hash_table_lookup (self->by_pid, &pid); row != NULL; row = row->next)
    {
      guint64 row_ticks = start_ticks != 0 ? row_get_start_ticks (row) : 0;
      int score;

      if (row_ticks != 0 && row_ticks != start_ticks)
        continue;

      if (row->serial == self->serial)
        {
          *duplicate = TRUE;
          return NULL;
        }

      if (row_ticks != 0)
        score = 3;
      else if (row->presence != TETHER_PROCESS_PRESENCE_EXITED)
        score = 2;
      else
        score = 1;

      if (score > best_score)
        {
          best = row;
          best_score = score;
        }
    }

  return best;
}

/* Whether @entry is another listing than the last one @row was given (then remembered), or
 * brings a start time the row lacks. Only the entry's strings are read: they are in the cache. */
static gboolean
listing_changed (Row           *row,
                 TetherProcess *entry)
{
  guint64 fingerprint;

  if (entry == row->process)
    return FALSE;

  fingerprint = listing_fingerprint (entry);
  if (fingerprint != row->listing_fp)
    {
      row->listing_fp = fingerprint;
      return TRUE;
    }

  return tether_process_get_start_ticks (entry) != 0 && row_get_start_ticks (row) == 0;
}

/* Copies the listing properties of @entry into @row's process; returns what changed. */
static ChangedProperties
update_row (Row           *row,
            TetherProcess *entry)
{
  TetherProcess *process = row->process;
  ChangedProperties changed = 0;
  const char *value;
  guint64 ticks;

  /* Interned: equal strings are one pointer. */
  value = tether_process_get_user (entry);
  if (value != tether_process_get_user (process))
    {
      tether_process_set_user (process, value);
      changed |= CHANGED_USER;
    }

  value = tether_process_get_name (entry);
  if (value != tether_process_get_name (process))
    {
      tether_process_set_name (process, value);
      changed |= CHANGED_NAME;
    }

  value = tether_process_get_command_line (entry);
  if (g_strcmp0 (value, tether_process_get_command_line (process)) != 0)
    {
      tether_process_set_command_line (process, value);
      changed |= CHANGED_COMMAND_LINE;
    }

  /* Only learnt: an entry that does not know the start time never makes it unknown again, and
   * a different known start time would have been another row. */
  ticks = tether_process_get_start_ticks (entry);
  if (ticks != 0 && row_get_start_ticks (row) == 0)
    {
      row->start_ticks = ticks;
      tether_process_set_start_ticks (process, ticks);
      changed |= CHANGED_START_TICKS;
    }

  return changed;
}

static void
set_uint_property (TetherProcessList *self,
           guint             *field,
           guint              value,
           guint              prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Removes and frees rows [start, start + n_removed), emits one items-changed. */
static void
remove_rows (TetherProcessList *self,
             guint              start,
             guint              n_removed)
{
  for (guint i = start; i < start + n_removed; i++)
    index_remove (self, g_ptr_array_index (self->rows, i));

  g_ptr_array_remove_range (self->items, start, n_removed);
  g_ptr_array_remove_range (self->rows, start, n_removed);

  g_list_model_items_changed (G_LIST_MODEL (self), start, n_removed, 0);
}

/* Appends @n_added rows (already indexed; the list takes them), emits one items-changed. */
static void
append_rows (TetherProcessList *self,
             Row              **added,
             guint              n_added)
{
  guint start = self->rows->len;

  for (guint i = 0; i < n_added; i++)
    {
      g_ptr_array_add (self->rows, added[i]);
      g_ptr_array_add (self->items, added[i]->process);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), start, 0, n_added);
}

static void
tether_process_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TetherProcessList *self = TETHER_PROCESS_LIST (object);

  switch (prop_id)
    {
    case PROP_HIGHLIGHT_MS: g_value_set_uint (value, self->highlight_ms); break;
    case PROP_LINGER_MS: g_value_set_uint (value, self->linger_ms); break;
    case PROP_N_PROCESSES: g_value_set_uint (value, self->n_processes); break;
    case PROP_LAST_ADDED: g_value_set_uint (value, self->last_added); break;
    case PROP_LAST_EXITED: g_value_set_uint (value, self->last_exited); break;
    case PROP_ITEM_TYPE: g_value_set_gtype (value, TETHER_TYPE_PROCESS); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->rows->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TetherProcessList *self = TETHER_PROCESS_LIST (object);

  switch (prop_id)
    {
    case PROP_HIGHLIGHT_MS: tether_process_list_set_highlight_ms (self, g_value_get_uint (value)); break;
    case PROP_LINGER_MS: tether_process_list_set_linger_ms (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_process_list_finalize (GObject *object)
{
  TetherProcessList *self = TETHER_PROCESS_LIST (object);

  g_clear_pointer (&self->by_pid, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (tether_process_list_parent_class)->finalize (object);
}

static void
tether_process_list_class_init (TetherProcessListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tether_process_list_finalize;
  object_class->get_property = tether_process_list_get_property;
  object_class->set_property = tether_process_list_set_property;

  /**
   * TetherProcessList:highlight-ms:
   * How long a new row stays new, checked when a snapshot is applied.
   */
  properties[PROP_HIGHLIGHT_MS] =
    g_param_spec_uint ("highlight-ms", NULL, NULL, 0, G_MAXUINT, DEFAULT_HIGHLIGHT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TetherProcessList:linger-ms:
   * How long an exited row stays in the list, checked when a snapshot is applied. With 0, rows
   * that are no longer listed are removed at once.
   */
  properties[PROP_LINGER_MS] =
    g_param_spec_uint ("linger-ms", NULL, NULL, 0, G_MAXUINT, DEFAULT_LINGER_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TetherProcessList:n-processes:
   * The rows that are not exited: the processes the server listed last.
   */
  properties[PROP_N_PROCESSES] =
    g_param_spec_uint ("n-processes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TetherProcessList:last-added:
   * How many new rows the last snapshot added.
   */
  properties[PROP_LAST_ADDED] =
    g_param_spec_uint ("last-added", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TetherProcessList:last-exited:
   * How many rows the last snapshot no longer listed (now exited, or removed at once).
   */
  properties[PROP_LAST_EXITED] =
    g_param_spec_uint ("last-exited", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, TETHER_TYPE_PROCESS,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TetherProcessList::rows-updated:
   * @self: the list
   * @properties: the names of the #TetherProcess properties that changed on at least one row
   *
   * Emitted once per snapshot that changed existing rows in place, after all of its
   * items-changed. A view sorted by one of @properties calls gtk_sorter_changed() once.
   */
  signals[ROWS_UPDATED] =
    g_signal_new ("rows-updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tether_process_list_init (TetherProcessList *self)
{
  self->rows = g_ptr_array_new_with_free_func (row_free);
  self->items = g_ptr_array_new ();
  self->by_pid = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->highlight_ms = DEFAULT_HIGHLIGHT_MS;
  self->linger_ms = DEFAULT_LINGER_MS;
}

TetherProcessList *
tether_process_list_new (void)
{
  return g_object_new (TETHER_TYPE_PROCESS_LIST, NULL);
}

/**
 * tether_process_list_apply_snapshot:
 * @self: a #TetherProcessList
 * @snapshot: (element-type TetherProcess): a complete fresh listing
 *
 * Merges a listing into the list at the current monotonic time; see
 * tether_process_list_apply_snapshot_at().
 */
void
tether_process_list_apply_snapshot (TetherProcessList *self,
                                    GPtrArray         *snapshot)
{
  tether_process_list_apply_snapshot_at (self, snapshot, g_get_monotonic_time ());
}

/**
 * tether_process_list_apply_snapshot_at:
 * @self: a #TetherProcessList
 * @snapshot: (element-type TetherProcess): a complete fresh listing
 * @now_us: the time of the listing, on the g_get_monotonic_time() clock
 *
 * Merges a listing into the list (see #TetherProcessList). Entries that stand for new processes
 * become rows themselves (the list takes a reference and sets their presence); the others are
 * only read, and may be freed as soon as this returns. Entries repeating an identity already seen
 * in the same snapshot are ignored. Not to be called from the list's own signal handlers.
 */
void
tether_process_list_apply_snapshot_at (TetherProcessList *self,
                                       GPtrArray         *snapshot,
                                       gint64             now_us)
{
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GArray) runs = NULL;
  gint64 highlight_us, linger_us;
  ChangedProperties changed = 0;
  guint n_old, n_processes = 0, n_added = 0, n_exited = 0, n_removed = 0;
  gboolean row_by_row;
  gboolean first;

  g_return_if_fail (TETHER_IS_PROCESS_LIST (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (!self->in_update);
  for (guint i = 0; i < snapshot->len; i++)
    g_return_if_fail (TETHER_IS_PROCESS (g_ptr_array_index (snapshot, i)));

  highlight_us = (gint64)self->highlight_ms * 1000;
  linger_us = (gint64)self->linger_ms * 1000;
  first = !self->populated;
  self->populated = TRUE;
  self->in_update = TRUE;
  n_old = self->rows->len;

  /* Serial 0 is never a snapshot's, so a fresh row is never taken for a listed one. */
  if (++self->serial == 0)
    {
      for (guint i = 0; i < self->rows->len; i++)
        ((Row *)g_ptr_array_index (self->rows, i))->serial = 0;
      self->serial = 1;
    }

  g_object_freeze_notify (G_OBJECT (self));

  /* 1. Match every entry to a row, or make it a new row. Nothing visible changes yet. */
  added = g_ptr_array_new ();   /* Row *, handed over to self->rows */
  for (guint i = 0; i < snapshot->len; i++)
    {
      TetherProcess *entry = g_ptr_array_index (snapshot, i);
      gint64 pid = tether_process_get_pid (entry);
      gboolean duplicate;
      Row *row;

      row = find_match (self, pid, tether_process_get_start_ticks (entry), &duplicate);
      if (duplicate)
        continue;

      if (row != NULL)
        {
          row->serial = self->serial;
          row->pending = listing_changed (row, entry) ? entry : NULL;
          continue;
        }

      row = g_new0 (Row, 1);
      row->pid = pid;
      row->start_ticks = tether_process_get_start_ticks (entry);
      row->listing_fp = listing_fingerprint (entry);
      row->process = g_object_ref (entry);
      row->serial = self->serial;
      row->since_us = now_us;
      if (first || highlight_us == 0)
        row_set_presence (row, TETHER_PROCESS_PRESENCE_PRESENT);
      else
        row_set_presence (row, TETHER_PROCESS_PRESENCE_NEW);
      index_insert (self, row);
      g_ptr_array_add (added, row);
      if (!first)
        n_added++;
    }

  /* 2. Structural changes, while every row still sorts as before: remove the rows whose linger
   * ended, highest first so that every emission matches the model, then append the new ones. */
  runs = g_array_new (FALSE, FALSE, sizeof (Run));
  for (guint i = 0; i < n_old; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      gboolean exited;

      if (row->serial == self->serial)
        continue;

      exited = row->presence == TETHER_PROCESS_PRESENCE_EXITED;
      if (exited ? now_us - row->since_us < linger_us : linger_us != 0)
        continue;

      if (!exited)
        n_exited++;
      n_removed++;

      if (runs->len > 0)
        {
          Run *last = &g_array_index (runs, Run, runs->len - 1);

          if (last->start + last->length == i)
            {
              last->length++;
              continue;
            }
        }
      g_array_append_val (runs, ((Run) { .start = i, .length = 1 }));
    }

  /* (An empty list has nothing a wide change could disturb: it is filled at once.) */
  row_by_row = n_old > 0 && n_removed + added->len <= MAX_ROW_BY_ROW_SPLICES;

  for (guint r = runs->len; r > 0; r--)
    {
      const Run *run = &g_array_index (runs, Run, r - 1);

      if (row_by_row)
        {
          for (guint i = run->length; i > 0; i--)
            remove_rows (self, run->start + i - 1, 1);
        }
      else
        {
          remove_rows (self, run->start, run->length);
        }
    }

  if (row_by_row)
    {
      for (guint i = 0; i < added->len; i++)
        append_rows (self, (Row **)&added->pdata[i], 1);
    }
  else if (added->len > 0)
    {
      append_rows (self, (Row **)added->pdata, added->len);
    }

  /* 3. In-place updates and presence transitions. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      TetherProcessPresence presence = row->presence;

      if (row->serial == self->serial)
        {
          if (row->pending != NULL)
            {
              changed |= update_row (row, row->pending);
              row->pending = NULL;
            }

          if (presence == TETHER_PROCESS_PRESENCE_EXITED ||
              (presence == TETHER_PROCESS_PRESENCE_NEW && now_us - row->since_us >= highlight_us))
            {
              row_set_presence (row, TETHER_PROCESS_PRESENCE_PRESENT);
              changed |= CHANGED_PRESENCE;
            }

          n_processes++;
        }
      else if (presence != TETHER_PROCESS_PRESENCE_EXITED)
        {
          row_set_presence (row, TETHER_PROCESS_PRESENCE_EXITED);
          row->since_us = now_us;
          changed |= CHANGED_PRESENCE;
          n_exited++;
        }
    }

  if (changed != 0)
    {
      const char *names[G_N_ELEMENTS (changed_property_names) + 1];
      guint n_names = 0;

      for (guint bit = 0; bit < G_N_ELEMENTS (changed_property_names); bit++)
        if (changed & (1u << bit))
          names[n_names++] = changed_property_names[bit];
      names[n_names] = NULL;

      g_signal_emit (self, signals[ROWS_UPDATED], 0, names);
    }

  set_uint_property (self, &self->n_processes, n_processes, PROP_N_PROCESSES);
  set_uint_property (self, &self->last_added, n_added, PROP_LAST_ADDED);
  set_uint_property (self, &self->last_exited, n_exited, PROP_LAST_EXITED);
  if (self->rows->len != n_old)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  self->in_update = FALSE;
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * tether_process_list_clear:
 * @self: a #TetherProcessList
 *
 * Removes every row at once, for another server; the next snapshot populates the list again.
 */
void
tether_process_list_clear (TetherProcessList *self)
{
  guint n_items;

  g_return_if_fail (TETHER_IS_PROCESS_LIST (self));
  g_return_if_fail (!self->in_update);

  self->populated = FALSE;
  n_items = self->rows->len;

  g_object_freeze_notify (G_OBJECT (self));

  if (n_items > 0)
    {
      g_hash_table_remove_all (self->by_pid);
      g_ptr_array_set_size (self->items, 0);
      g_ptr_array_set_size (self->rows, 0);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n_items, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  set_uint_property (self, &self->n_processes, 0, PROP_N_PROCESSES);
  set_uint_property (self, &self->last_added, 0, PROP_LAST_ADDED);
  set_uint_property (self, &self->last_exited, 0, PROP_LAST_EXITED);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * tether_process_list_find:
 * @self: a #TetherProcessList
 * @pid: a process id
 *
 * Returns: (transfer none) (nullable): the row for @pid: the live one if any, else the newest
 *   exited one
 */
TetherProcess *
tether_process_list_find (TetherProcessList *self,
                          gint64             pid)
{
  Row *head;

  g_return_val_if_fail (TETHER_IS_PROCESS_LIST (self), NULL);

  head = g_hash_table_lookup (self->by_pid, &pid);
  for (Row *row = head; row != NULL; row = row->next)
    if (row->presence != TETHER_PROCESS_PRESENCE_EXITED)
      return row->process;

  return head != NULL ? head->process : NULL;
}

guint
tether_process_list_get_highlight_ms (TetherProcessList *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_LIST (self), 0);

  return self->highlight_ms;
}

void
tether_process_list_set_highlight_ms (TetherProcessList *self,
                                      guint              highlight_ms)
{
  g_return_if_fail (TETHER_IS_PROCESS_LIST (self));

  set_uint_property (self, &self->highlight_ms, highlight_ms, PROP_HIGHLIGHT_MS);
}

guint
tether_process_list_get_linger_ms (TetherProcessList *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_LIST (self), 0);

  return self->linger_ms;
}

void
tether_process_list_set_linger_ms (TetherProcessList *self,
                                   guint              linger_ms)
{
  g_return_if_fail (TETHER_IS_PROCESS_LIST (self));

  set_uint_property (self, &self->linger_ms, linger_ms, PROP_LINGER_MS);
}

guint
tether_process_list_get_n_processes (TetherProcessList *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_LIST (self), 0);

  return self->n_processes;
}

guint
tether_process_list_get_last_added (TetherProcessList *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_LIST (self), 0);

  return self->last_added;
}

guint
tether_process_list_get_last_exited (TetherProcessList *self)
{
  g_return_val_if_fail (TETHER_IS_PROCESS_LIST (self), 0);

  return self->last_exited;
}
