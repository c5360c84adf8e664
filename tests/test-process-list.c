/* test-process-list.c: TetherProcessList keyed diffs, presence and signals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-process-list.h"

#define MS (G_GINT64_CONSTANT (1000))

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  TetherProcessList *list;
  GArray            *changes;       /* Change: every items-changed since the last reset */
  GPtrArray         *shadow;        /* the model as a consumer rebuilds it from the emissions */
  GPtrArray         *rows_updated;  /* char **: the argument of every rows-updated */
  GHashTable        *notifies;      /* property name of the list -> count */
  gboolean           rows_updated_seen;  /* since the last check: no items-changed may follow */
} Fixture;

/* A consumer's view: the model must match every emission at the time it is emitted. */
static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };

  g_assert_false (fixture->rows_updated_seen);
  g_array_append_val (fixture->changes, change);

  g_assert_cmpuint (removed + added, >, 0);
  g_assert_cmpuint (position + removed, <=, fixture->shadow->len);
  g_ptr_array_remove_range (fixture->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gpointer item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (fixture->shadow, position + i, item);
    }
  g_assert_cmpuint (fixture->shadow->len, ==, g_list_model_get_n_items (model));
}

static void
rows_updated_cb (TetherProcessList  *list,
                 const char * const *properties,
                 Fixture            *fixture)
{
  g_assert_false (fixture->rows_updated_seen);
  fixture->rows_updated_seen = TRUE;
  g_ptr_array_add (fixture->rows_updated, g_strdupv ((char **)properties));
}

static void
list_notify_cb (GObject    *object,
                GParamSpec *pspec,
                Fixture    *fixture)
{
  const char *name = g_param_spec_get_name (pspec);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->notifies, name));

  g_hash_table_insert (fixture->notifies, (gpointer)name, GUINT_TO_POINTER (count + 1));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->list = tether_process_list_new ();
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  fixture->shadow = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->rows_updated = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  fixture->notifies = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (fixture->list, "rows-updated", G_CALLBACK (rows_updated_cb), fixture);
  g_signal_connect (fixture->list, "notify", G_CALLBACK (list_notify_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fixture->list, fixture);
  g_assert_finalize_object (fixture->list);
  g_array_unref (fixture->changes);
  g_ptr_array_unref (fixture->shadow);
  g_ptr_array_unref (fixture->rows_updated);
  g_hash_table_unref (fixture->notifies);
}

static void
fixture_reset (Fixture *fixture)
{
  g_array_set_size (fixture->changes, 0);
  g_ptr_array_set_size (fixture->rows_updated, 0);
  g_hash_table_remove_all (fixture->notifies);
  fixture->rows_updated_seen = FALSE;
}

static guint
fixture_notify_count (Fixture    *fixture,
                      const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->notifies, name));
}

/* The shadow built from the emissions holds the very objects the model holds. */
static void
fixture_check_shadow (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  fixture->rows_updated_seen = FALSE;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, fixture->shadow->len);
  for (guint i = 0; i < fixture->shadow->len; i++)
    {
      g_autoptr(TetherProcess) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (fixture->shadow, i));
    }
}

static void
assert_changes (Fixture      *fixture,
                const Change *expected,
                guint         n_expected)
{
  g_assert_cmpuint (fixture->changes->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const Change *change = &g_array_index (fixture->changes, Change, i);

      g_assert_cmpuint (change->position, ==, expected[i].position);
      g_assert_cmpuint (change->removed, ==, expected[i].removed);
      g_assert_cmpuint (change->added, ==, expected[i].added);
    }
}

static TetherProcess *
process_new (gint64       pid,
             guint64      start_ticks,
             const char  *command_line)
{
  TetherProcess *process = tether_process_new (pid);
  g_autofree char *name = g_path_get_basename (command_line);
  char *space = strchr (name, ' ');

  if (space != NULL)
    *space = '\0';

  tether_process_set_user (process, "user");
  tether_process_set_name (process, name);
  tether_process_set_command_line (process, command_line);
  tether_process_set_start_ticks (process, start_ticks);

  return process;
}

/* A snapshot of the given pids (ending with -1); start ticks pid * 10, command line "cmd<pid>". */
static GPtrArray *
snapshot_of_pids (int first_pid,
                  ...)
{
  GPtrArray *snapshot = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first_pid);
  for (int pid = first_pid; pid >= 0; pid = va_arg (args, int))
    {
      g_autofree char *command_line = g_strdup_printf ("/bin/cmd%d --flag", pid);

      g_ptr_array_add (snapshot, process_new (pid, (guint64)pid * 10, command_line));
    }
  va_end (args);

  return snapshot;
}

static GPtrArray *
snapshot_of_range (gint64 first_pid,
                   gint64 last_pid)
{
  GPtrArray *snapshot = g_ptr_array_new_with_free_func (g_object_unref);

  for (gint64 pid = first_pid; pid <= last_pid; pid++)
    {
      g_autofree char *command_line = g_strdup_printf ("/bin/cmd%" G_GINT64_FORMAT " --flag", pid);

      g_ptr_array_add (snapshot, process_new (pid, pid * 10, command_line));
    }

  return snapshot;
}

static void
apply (Fixture   *fixture,
       GPtrArray *snapshot,
       gint64     now_us)
{
  g_autoptr(GPtrArray) owned = snapshot;

  tether_process_list_apply_snapshot_at (fixture->list, owned, now_us);
  fixture_check_shadow (fixture);
}

static TetherProcess *
item_at (Fixture *fixture,
         guint    position)
{
  g_autoptr(TetherProcess) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), position);

  g_assert_nonnull (item);
  return item;   /* borrowed: the list keeps it alive */
}

static void
assert_pids (Fixture      *fixture,
             const gint64 *pids,
             guint         n_pids)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n_pids);
  for (guint i = 0; i < n_pids; i++)
    g_assert_cmpint (tether_process_get_pid (item_at (fixture, i)), ==, pids[i]);
}

static void
test_list_empty (void)
{
  TetherProcessList *list = tether_process_list_new ();
  GType item_type;
  guint n_items;

  g_assert_true (G_IS_LIST_MODEL (list));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TETHER_TYPE_PROCESS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));
  g_assert_null (tether_process_list_find (list, 1));
  g_assert_cmpuint (tether_process_list_get_highlight_ms (list), ==, 2000);
  g_assert_cmpuint (tether_process_list_get_linger_ms (list), ==, 2000);
  g_assert_cmpuint (tether_process_list_get_n_processes (list), ==, 0);
  g_assert_cmpuint (tether_process_list_get_last_added (list), ==, 0);
  g_assert_cmpuint (tether_process_list_get_last_exited (list), ==, 0);

  g_object_get (list, "item-type", &item_type, "n-items", &n_items, NULL);
  g_assert_true (item_type == TETHER_TYPE_PROCESS);
  g_assert_cmpuint (n_items, ==, 0);

  g_assert_finalize_object (list);
}

static void
test_list_populate (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) snapshot = snapshot_of_pids (5, 3, 9, 1, -1);
  static const Change expected[] = { { 0, 0, 4 } };
  static const gint64 pids[] = { 5, 3, 9, 1 };

  tether_process_list_apply_snapshot_at (fixture->list, snapshot, 0);
  fixture_check_shadow (fixture);

  assert_changes (fixture, expected, G_N_ELEMENTS (expected));
  assert_pids (fixture, pids, G_N_ELEMENTS (pids));

  /* The first listing's entries become the rows; they are present, not new. */
  for (guint i = 0; i < snapshot->len; i++)
    {
      g_assert_true (item_at (fixture, i) == g_ptr_array_index (snapshot, i));
      g_assert_cmpint (tether_process_get_presence (item_at (fixture, i)), ==,
                       TETHER_PROCESS_PRESENCE_PRESENT);
    }

  g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 4);
  g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 0);
  g_assert_cmpuint (tether_process_list_get_last_exited (fixture->list), ==, 0);
  g_assert_cmpuint (fixture_notify_count (fixture, "n-processes"), ==, 1);
  g_assert_cmpuint (fixture_notify_count (fixture, "n-items"), ==, 1);
  g_assert_cmpuint (fixture_notify_count (fixture, "last-added"), ==, 0);
  g_assert_cmpuint (fixture->rows_updated->len, ==, 0);

  g_assert_true (tether_process_list_find (fixture->list, 9) == g_ptr_array_index (snapshot, 2));
  g_assert_null (tether_process_list_find (fixture->list, 2));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GPtrArray  *log)
{
  g_ptr_array_add (log, g_strdup_printf ("%" G_GINT64_FORMAT ":%s",
                                         tether_process_get_pid (TETHER_PROCESS (object)),
                                         g_param_spec_get_name (pspec)));
}

static void
test_list_update_in_place (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) next = NULL;
  TetherProcess *rows[3];
  const char * const *properties;

  apply (fixture, snapshot_of_pids (1, 2, 3, -1), 0);
  for (guint i = 0; i < 3; i++)
    {
      rows[i] = item_at (fixture, i);
      g_signal_connect (rows[i], "notify", G_CALLBACK (count_notify_cb), log);
    }
  fixture_reset (fixture);

  /* Same listing, new objects: nothing changes, nothing is emitted. */
  apply (fixture, snapshot_of_pids (1, 2, 3, -1), 100 * MS);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (fixture->rows_updated->len, ==, 0);
  g_assert_cmpuint (log->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (fixture->notifies), ==, 0);

  /* One command line changes (an exec): that row alone notifies, in place. */
  next = snapshot_of_pids (1, 2, 3, -1);
  tether_process_set_command_line (g_ptr_array_index (next, 1), "/usr/bin/python3 -m http.server");
  tether_process_set_name (g_ptr_array_index (next, 1), "python3");
  tether_process_set_user (g_ptr_array_index (next, 2), "root");
  tether_process_list_apply_snapshot_at (fixture->list, next, 200 * MS);
  fixture_check_shadow (fixture);

  g_assert_cmpuint (fixture->changes->len, ==, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_true (item_at (fixture, i) == rows[i]);
  g_assert_cmpstr (tether_process_get_command_line (rows[1]), ==, "/usr/bin/python3 -m http.server");
  g_assert_cmpstr (tether_process_get_name (rows[1]), ==, "python3");
  g_assert_cmpstr (tether_process_get_user (rows[2]), ==, "root");
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_true (g_ptr_array_find_with_equal_func (log, "2:command-line", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (log, "2:name", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (log, "3:user", g_str_equal, NULL));

  g_assert_cmpuint (fixture->rows_updated->len, ==, 1);
  properties = g_ptr_array_index (fixture->rows_updated, 0);
  g_assert_cmpuint (g_strv_length ((char **)properties), ==, 3);
  g_assert_true (g_strv_contains (properties, "user"));
  g_assert_true (g_strv_contains (properties, "name"));
  g_assert_true (g_strv_contains (properties, "command-line"));

  /* Detail properties filled by describe are not wiped by a listing that lacks them. */
  tether_process_set_rss_bytes (rows[0], 8192);
  tether_process_set_ppid (rows[0], 1);
  g_ptr_array_set_size (log, 0);
  fixture_reset (fixture);
  apply (fixture, snapshot_of_pids (1, 2, 3, -1), 300 * MS);
  g_assert_cmpuint (tether_process_get_rss_bytes (rows[0]), ==, 8192);
  g_assert_cmpint (tether_process_get_ppid (rows[0]), ==, 1);
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  /* Details that refine a listing property (the exact argv of /proc/PID/cmdline) stay while the
   * listing is unchanged, and give way when the listing changes. */
  tether_process_set_command_line (rows[0], "/bin/cmd1  --flag");
  apply (fixture, snapshot_of_pids (1, 2, 3, -1), 400 * MS);
  g_assert_cmpstr (tether_process_get_command_line (rows[0]), ==, "/bin/cmd1  --flag");
  g_clear_pointer (&next, g_ptr_array_unref);
  next = snapshot_of_pids (1, 2, 3, -1);
  tether_process_set_command_line (g_ptr_array_index (next, 0), "/bin/cmd1 --other");
  tether_process_list_apply_snapshot_at (fixture->list, next, 500 * MS);
  fixture_check_shadow (fixture);
  g_assert_cmpstr (tether_process_get_command_line (rows[0]), ==, "/bin/cmd1 --other");

  /* Moving characters from one field to the next is a change too. */
  g_clear_pointer (&next, g_ptr_array_unref);
  next = snapshot_of_pids (1, 2, 3, -1);
  tether_process_set_user (g_ptr_array_index (next, 2), "rootc");
  tether_process_set_name (g_ptr_array_index (next, 2), "md3");
  tether_process_list_apply_snapshot_at (fixture->list, next, 600 * MS);
  fixture_check_shadow (fixture);
  g_clear_pointer (&next, g_ptr_array_unref);
  next = snapshot_of_pids (1, 2, 3, -1);
  tether_process_set_user (g_ptr_array_index (next, 2), "root");
  tether_process_set_name (g_ptr_array_index (next, 2), "cmd3");
  tether_process_list_apply_snapshot_at (fixture->list, next, 700 * MS);
  g_assert_cmpstr (tether_process_get_user (rows[2]), ==, "root");
  g_assert_cmpstr (tether_process_get_name (rows[2]), ==, "cmd3");
  fixture_check_shadow (fixture);

  for (guint i = 0; i < 3; i++)
    g_signal_handlers_disconnect_by_data (rows[i], log);
}

static void
test_list_splices (Fixture       *fixture,
                   gconstpointer  data)
{
  tether_process_list_set_linger_ms (fixture->list, 0);
  apply (fixture, snapshot_of_range (1, 10), 0);
  fixture_reset (fixture);

  /* A few changes: one emission per row, removals highest first, then the additions in order. */
  {
    static const Change expected[] = {
      { 6, 1, 0 }, { 3, 1, 0 }, { 2, 1, 0 }, { 7, 0, 1 }, { 8, 0, 1 },
    };
    static const gint64 pids[] = { 1, 2, 5, 6, 8, 9, 10, 11, 12 };

    apply (fixture, snapshot_of_pids (1, 2, 5, 6, 8, 9, 10, 11, 12, -1), 100 * MS);
    assert_changes (fixture, expected, G_N_ELEMENTS (expected));
    assert_pids (fixture, pids, G_N_ELEMENTS (pids));
    g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 2);
    g_assert_cmpuint (tether_process_list_get_last_exited (fixture->list), ==, 3);
    g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 9);
    g_assert_cmpuint (fixture_notify_count (fixture, "n-items"), ==, 1);
    g_assert_null (tether_process_list_find (fixture->list, 4));
  }

  /* The last row goes and one comes: never one emission that removes one row and adds another
   * (a sort model would turn it into a change spanning both sorted positions). */
  fixture_reset (fixture);
  {
    static const Change expected[] = { { 8, 1, 0 }, { 8, 0, 1 } };
    static const gint64 pids[] = { 1, 2, 5, 6, 8, 9, 10, 11, 13 };

    apply (fixture, snapshot_of_pids (1, 2, 5, 6, 8, 9, 10, 11, 13, -1), 200 * MS);
    assert_changes (fixture, expected, G_N_ELEMENTS (expected));
    assert_pids (fixture, pids, G_N_ELEMENTS (pids));
    g_assert_cmpuint (fixture_notify_count (fixture, "n-items"), ==, 0);
  }

  /* A listing in another order moves nothing: the model keeps its order, views sort. */
  fixture_reset (fixture);
  {
    static const gint64 pids[] = { 1, 2, 5, 6, 8, 9, 10, 11, 13 };

    apply (fixture, snapshot_of_pids (13, 11, 10, 9, 8, 6, 5, 2, 1, -1), 300 * MS);
    g_assert_cmpuint (fixture->changes->len, ==, 0);
    assert_pids (fixture, pids, G_N_ELEMENTS (pids));
  }
}

static void
test_list_splice_runs (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) snapshot = g_ptr_array_new_with_free_func (g_object_unref);

  tether_process_list_set_linger_ms (fixture->list, 0);
  apply (fixture, snapshot_of_range (1, 100), 0);
  fixture_reset (fixture);

  /* Many changes: 20-59 and 70-79 go, 101-105 come. One emission per run, highest first. */
  for (gint64 pid = 1; pid <= 105; pid++)
    {
      g_autofree char *command_line = g_strdup_printf ("/bin/cmd%" G_GINT64_FORMAT " --flag", pid);

      if ((pid >= 20 && pid <= 59) || (pid >= 70 && pid <= 79))
        continue;
      g_ptr_array_add (snapshot, process_new (pid, (guint64)pid * 10, command_line));
    }
  tether_process_list_apply_snapshot_at (fixture->list, snapshot, 100 * MS);
  fixture_check_shadow (fixture);
  {
    static const Change expected[] = { { 69, 10, 0 }, { 19, 40, 0 }, { 50, 0, 5 } };

    assert_changes (fixture, expected, G_N_ELEMENTS (expected));
  }
  g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 55);
  g_assert_cmpint (tether_process_get_pid (item_at (fixture, 19)), ==, 60);
  g_assert_cmpint (tether_process_get_pid (item_at (fixture, 54)), ==, 105);

  /* Everything goes: one emission. */
  fixture_reset (fixture);
  {
    static const Change expected[] = { { 0, 55, 0 } };

    apply (fixture, g_ptr_array_new (), 200 * MS);
    assert_changes (fixture, expected, G_N_ELEMENTS (expected));
    g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 0);
    g_assert_cmpuint (tether_process_list_get_last_exited (fixture->list), ==, 55);
  }
}

static void
test_list_reused_pid (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) reused = g_ptr_array_new_with_free_func (g_object_unref);
  TetherProcess *old_row, *new_row;

  apply (fixture, snapshot_of_pids (100, 200, -1), 0);
  old_row = item_at (fixture, 0);
  fixture_reset (fixture);

  /* Pid 100 now belongs to a process that started later: a new row, the old one exited. */
  g_ptr_array_add (reused, process_new (100, 5555, "/bin/other"));
  g_ptr_array_add (reused, process_new (200, 2000, "/bin/cmd200 --flag"));
  tether_process_list_apply_snapshot_at (fixture->list, reused, 100 * MS);
  fixture_check_shadow (fixture);
  {
    static const Change expected[] = { { 2, 0, 1 } };

    assert_changes (fixture, expected, G_N_ELEMENTS (expected));
  }
  new_row = item_at (fixture, 2);
  g_assert_true (new_row != old_row);
  g_assert_true (new_row == g_ptr_array_index (reused, 0));
  g_assert_cmpint (tether_process_get_presence (old_row), ==, TETHER_PROCESS_PRESENCE_EXITED);
  g_assert_cmpint (tether_process_get_presence (new_row), ==, TETHER_PROCESS_PRESENCE_NEW);
  g_assert_cmpstr (tether_process_get_command_line (old_row), ==, "/bin/cmd100 --flag");
  g_assert_true (tether_process_list_find (fixture->list, 100) == new_row);
  g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 1);
  g_assert_cmpuint (tether_process_list_get_last_exited (fixture->list), ==, 1);
  g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 2);

  /* The old row must not come back for the new process; after its linger it goes. */
  fixture_reset (fixture);
  g_ptr_array_set_size (reused, 0);
  g_ptr_array_add (reused, process_new (100, 5555, "/bin/other"));
  g_ptr_array_add (reused, process_new (200, 2000, "/bin/cmd200 --flag"));
  tether_process_list_apply_snapshot_at (fixture->list, reused, 2100 * MS);
  fixture_check_shadow (fixture);
  {
    static const Change expected[] = { { 0, 1, 0 } };
    static const gint64 pids[] = { 200, 100 };

    assert_changes (fixture, expected, G_N_ELEMENTS (expected));
    assert_pids (fixture, pids, G_N_ELEMENTS (pids));
  }
  g_assert_true (item_at (fixture, 1) == new_row);
  g_assert_cmpint (tether_process_get_presence (new_row), ==, TETHER_PROCESS_PRESENCE_PRESENT);
  g_assert_true (tether_process_list_find (fixture->list, 100) == new_row);
}

static void
test_list_unknown_start_ticks (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) snapshot = g_ptr_array_new_with_free_func (g_object_unref);
  TetherProcess *row;

  /* A listing without start times: identity is the pid. */
  g_ptr_array_add (snapshot, process_new (7, 0, "/bin/a"));
  tether_process_list_apply_snapshot_at (fixture->list, snapshot, 0);
  row = item_at (fixture, 0);
  fixture_reset (fixture);

  /* The start time becomes known: same row, learnt. */
  g_ptr_array_set_size (snapshot, 0);
  g_ptr_array_add (snapshot, process_new (7, 700, "/bin/a"));
  tether_process_list_apply_snapshot_at (fixture->list, snapshot, 100 * MS);
  fixture_check_shadow (fixture);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_true (item_at (fixture, 0) == row);
  g_assert_cmpuint (tether_process_get_start_ticks (row), ==, 700);
  g_assert_cmpuint (fixture->rows_updated->len, ==, 1);
  g_assert_cmpstr (((char **)g_ptr_array_index (fixture->rows_updated, 0))[0], ==, "start-ticks");

  /* Unknown again in a listing: still the same row, and the start time is kept. */
  fixture_reset (fixture);
  g_ptr_array_set_size (snapshot, 0);
  g_ptr_array_add (snapshot, process_new (7, 0, "/bin/a"));
  tether_process_list_apply_snapshot_at (fixture->list, snapshot, 200 * MS);
  fixture_check_shadow (fixture);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_true (item_at (fixture, 0) == row);
  g_assert_cmpuint (tether_process_get_start_ticks (row), ==, 700);
  g_assert_cmpuint (fixture->rows_updated->len, ==, 0);
}

static void
test_list_duplicates (Fixture       *fixture,
                      gconstpointer  data)
{
  static const gint64 pids[] = { 1, 2 };

  apply (fixture, snapshot_of_pids (1, 2, 1, -1), 0);
  assert_pids (fixture, pids, G_N_ELEMENTS (pids));
  apply (fixture, snapshot_of_pids (1, 2, 3, 3, -1), 100 * MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3);
  g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 1);
}

static void
test_list_presence (Fixture       *fixture,
                    gconstpointer  data)
{
  TetherProcess *one, *two, *three;

  tether_process_list_set_highlight_ms (fixture->list, 1000);
  tether_process_list_set_linger_ms (fixture->list, 3000);

  apply (fixture, snapshot_of_pids (1, 2, -1), 0);
  one = item_at (fixture, 0);
  two = item_at (fixture, 1);

  /* t = 0.1 s: 3 appears, new. */
  fixture_reset (fixture);
  apply (fixture, snapshot_of_pids (1, 2, 3, -1), 100 * MS);
  three = item_at (fixture, 2);
  g_assert_cmpint (tether_process_get_presence (three), ==, TETHER_PROCESS_PRESENCE_NEW);
  g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 1);
  g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 3);
  g_assert_cmpuint (fixture->rows_updated->len, ==, 0);

  /* t = 1.099 s: still new. */
  fixture_reset (fixture);
  apply (fixture, snapshot_of_pids (1, 2, 3, -1), 1099 * MS);
  g_assert_cmpint (tether_process_get_presence (three), ==, TETHER_PROCESS_PRESENCE_NEW);
  g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 0);
  g_assert_cmpuint (fixture_notify_count (fixture, "last-added"), ==, 1);

  /* t = 1.1 s: 3 is present; 2 is gone: exited, still a row. */
  fixture_reset (fixture);
  apply (fixture, snapshot_of_pids (1, 3, -1), 1100 * MS);
  g_assert_cmpint (tether_process_get_presence (three), ==, TETHER_PROCESS_PRESENCE_PRESENT);
  g_assert_cmpint (tether_process_get_presence (two), ==, TETHER_PROCESS_PRESENCE_EXITED);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (tether_process_list_get_last_exited (fixture->list), ==, 1);
  g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3);
  g_assert_cmpuint (fixture->rows_updated->len, ==, 1);
  g_assert_cmpstrv (g_ptr_array_index (fixture->rows_updated, 0),
                    ((const char * const[]) { "presence", NULL }));
  g_assert_true (tether_process_list_find (fixture->list, 2) == two);

  /* t = 2 s: 2 is listed again with the same identity: present again, the same row. */
  fixture_reset (fixture);
  apply (fixture, snapshot_of_pids (1, 3, 2, -1), 2000 * MS);
  g_assert_cmpint (tether_process_get_presence (two), ==, TETHER_PROCESS_PRESENCE_PRESENT);
  g_assert_true (item_at (fixture, 1) == two);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 0);
  g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 3);

  /* t = 2.5 s: 2 goes again; it lingers until t = 5.5 s. */
  apply (fixture, snapshot_of_pids (1, 3, -1), 2500 * MS);
  g_assert_cmpint (tether_process_get_presence (two), ==, TETHER_PROCESS_PRESENCE_EXITED);
  fixture_reset (fixture);
  apply (fixture, snapshot_of_pids (1, 3, -1), 5499 * MS);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (tether_process_list_get_last_exited (fixture->list), ==, 0);
  g_assert_cmpuint (fixture->rows_updated->len, ==, 0);

  fixture_reset (fixture);
  apply (fixture, snapshot_of_pids (1, 3, -1), 5500 * MS);
  {
    static const Change expected[] = { { 1, 1, 0 } };
    static const gint64 pids[] = { 1, 3 };

    assert_changes (fixture, expected, G_N_ELEMENTS (expected));
    assert_pids (fixture, pids, G_N_ELEMENTS (pids));
  }
  g_assert_cmpuint (tether_process_list_get_last_exited (fixture->list), ==, 0);
  g_assert_null (tether_process_list_find (fixture->list, 2));
  g_assert_true (item_at (fixture, 0) == one);

  /* With no highlight, new rows are present at once, but still counted as added. */
  tether_process_list_set_highlight_ms (fixture->list, 0);
  apply (fixture, snapshot_of_pids (1, 3, 4, -1), 6000 * MS);
  g_assert_cmpint (tether_process_get_presence (item_at (fixture, 2)), ==,
                   TETHER_PROCESS_PRESENCE_PRESENT);
  g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 1);
}

static void
test_list_properties (Fixture       *fixture,
                      gconstpointer  data)
{
  guint highlight, linger;

  g_object_set (fixture->list, "highlight-ms", 500, "linger-ms", 750, NULL);
  g_object_set (fixture->list, "highlight-ms", 500, NULL);
  g_object_get (fixture->list, "highlight-ms", &highlight, "linger-ms", &linger, NULL);
  g_assert_cmpuint (highlight, ==, 500);
  g_assert_cmpuint (linger, ==, 750);
  g_assert_cmpuint (fixture_notify_count (fixture, "highlight-ms"), ==, 1);
  g_assert_cmpuint (fixture_notify_count (fixture, "linger-ms"), ==, 1);
}

static void
test_list_clear (Fixture       *fixture,
                 gconstpointer  data)
{
  apply (fixture, snapshot_of_pids (1, 2, 3, -1), 0);
  fixture_reset (fixture);

  tether_process_list_clear (fixture->list);
  {
    static const Change expected[] = { { 0, 3, 0 } };

    assert_changes (fixture, expected, G_N_ELEMENTS (expected));
  }
  fixture_check_shadow (fixture);
  g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, 0);
  g_assert_null (tether_process_list_find (fixture->list, 1));

  /* The next listing (another server) populates again: nothing is new. */
  apply (fixture, snapshot_of_pids (1, 4, -1), 100 * MS);
  g_assert_cmpint (tether_process_get_presence (item_at (fixture, 1)), ==,
                   TETHER_PROCESS_PRESENCE_PRESENT);
  g_assert_cmpuint (tether_process_list_get_last_added (fixture->list), ==, 0);
}

/* Random refreshes against a simple reference: every live identity is a row, exited rows go after
 * their linger, the model order is stable, and the emissions rebuild the model exactly. */
static void
test_list_random (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) live = g_hash_table_new (g_int64_hash, g_int64_equal);   /* pid -> ticks */
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  gint64 next_pid = 1;
  guint n_big_rounds = 0, n_small_rounds = 0;
  gint64 *keys;

  keys = g_new0 (gint64, 4000);
  tether_process_list_set_highlight_ms (fixture->list, 250);
  tether_process_list_set_linger_ms (fixture->list, 500);

  for (guint round = 0; round < 60; round++)
    {
      g_autoptr(GPtrArray) snapshot = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 now_us = round * 200 * MS;
      GHashTableIter iter;
      gpointer key, value;
      guint n_live, n_runs, n_removed, n_added;

      /* Some processes exit, some start, some pids are reused with a new start time; now and then
       * many at once. */
      g_hash_table_iter_init (&iter, live);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (round > 0 && g_rand_int_range (rand, 0, 1000) < (round % 7 == 3 ? 60 : 8))
          g_hash_table_iter_remove (&iter);
      for (int i = round == 0 ? 1000 : g_rand_int_range (rand, 0, round % 11 == 5 ? 80 : 12);
           i > 0 && next_pid < 4000;
           i--)
        {
          gint64 pid = g_rand_int_range (rand, 0, 10) == 0 && next_pid > 10
                       ? g_rand_int_range (rand, 1, next_pid) : next_pid++;

          keys[pid] = pid;
          g_hash_table_insert (live, &keys[pid], GINT_TO_POINTER ((int)(now_us / MS) + 1));
        }

      g_hash_table_iter_init (&iter, live);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gint64 pid = *(gint64 *)key;
          g_autofree char *command_line =
            g_strdup_printf ("/bin/p%" G_GINT64_FORMAT " %u", pid, g_rand_int_range (rand, 0, 50) == 0);

          g_ptr_array_add (snapshot, process_new (pid, GPOINTER_TO_INT (value), command_line));
        }
      n_live = snapshot->len;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->list)); i++)
        g_ptr_array_add (before, g_object_ref (item_at (fixture, i)));

      fixture_reset (fixture);
      tether_process_list_apply_snapshot_at (fixture->list, snapshot, now_us);
      fixture_check_shadow (fixture);

      g_assert_cmpuint (tether_process_list_get_n_processes (fixture->list), ==, n_live);

      /* Every live identity is exactly one non-exited row. */
      for (guint i = 0; i < snapshot->len; i++)
        {
          TetherProcess *entry = g_ptr_array_index (snapshot, i);
          TetherProcess *row = tether_process_list_find (fixture->list, tether_process_get_pid (entry));

          g_assert_nonnull (row);
          g_assert_cmpuint (tether_process_get_start_ticks (row), ==,
                            tether_process_get_start_ticks (entry));
          g_assert_cmpstr (tether_process_get_command_line (row), ==,
                           tether_process_get_command_line (entry));
          g_assert_cmpint (tether_process_get_presence (row), !=, TETHER_PROCESS_PRESENCE_EXITED);
        }

      /* Rows that stayed kept their relative order; additions are at the end. */
      {
        guint j = 0;

        for (guint i = 0; i < before->len; i++)
          if (j < fixture->shadow->len && g_ptr_array_index (before, i) == g_ptr_array_index (fixture->shadow, j))
            j++;
        for (; j < fixture->shadow->len; j++)
          g_assert_false (g_ptr_array_find (before, g_ptr_array_index (fixture->shadow, j), NULL));
      }

      /* An empty list is filled at once; else up to 32 added and removed rows, one emission per
       * row; beyond, one per removed run and one for the additions. */
      n_runs = n_removed = 0;
      for (guint i = 0; i < before->len; i++)
        if (!g_ptr_array_find (fixture->shadow, g_ptr_array_index (before, i), NULL))
          {
            n_removed++;
            if (i == 0 || g_ptr_array_find (fixture->shadow, g_ptr_array_index (before, i - 1), NULL))
              n_runs++;
          }
      n_added = fixture->shadow->len - (before->len - n_removed);
      if (before->len == 0)
        g_assert_cmpuint (fixture->changes->len, ==, n_added > 0);
      else if (n_removed + n_added <= 32)
        g_assert_cmpuint (fixture->changes->len, ==, n_removed + n_added);
      else
        g_assert_cmpuint (fixture->changes->len, ==, n_runs + (n_added > 0));
      for (guint i = 0; i < fixture->changes->len; i++)
        {
          const Change *change = &g_array_index (fixture->changes, Change, i);

          g_assert_true (change->removed == 0 || change->added == 0);
        }
      n_big_rounds += n_removed + n_added > 32;
      n_small_rounds += n_removed + n_added <= 32 && n_removed > 0 && n_added > 0;
    }

  /* Both ways of splicing were exercised. */
  g_assert_cmpuint (n_big_rounds, >, 5);
  g_assert_cmpuint (n_small_rounds, >, 5);

  g_free (keys);
}

static void
test_list_finalize_releases_rows (void)
{
  TetherProcessList *list = tether_process_list_new ();
  g_autoptr(GPtrArray) snapshot = snapshot_of_pids (1, 2, -1);
  TetherProcess *row = g_object_ref (g_ptr_array_index (snapshot, 0));

  tether_process_list_apply_snapshot (list, snapshot);
  g_clear_pointer (&snapshot, g_ptr_array_unref);
  g_assert_true (tether_process_list_find (list, 1) == row);

  g_assert_finalize_object (list);
  g_assert_finalize_object (row);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/process-list/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/process-list/empty", test_list_empty);
  ADD ("populate", test_list_populate);
  ADD ("update-in-place", test_list_update_in_place);
  ADD ("splices", test_list_splices);
  ADD ("splice-runs", test_list_splice_runs);
  ADD ("reused-pid", test_list_reused_pid);
  ADD ("unknown-start-ticks", test_list_unknown_start_ticks);
  ADD ("duplicates", test_list_duplicates);
  ADD ("presence", test_list_presence);
  ADD ("properties", test_list_properties);
  ADD ("clear", test_list_clear);
  ADD ("random", test_list_random);
  g_test_add_func ("/process-list/finalize-releases-rows", test_list_finalize_releases_rows);

#undef ADD

  return g_test_run ();
}
