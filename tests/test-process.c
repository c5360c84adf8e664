/* test-process.c: TetherProcess properties and notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-process.h"

typedef struct
{
  GHashTable *counts;   /* property name -> number of notifications */
} NotifyLog;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  const char *name = g_param_spec_get_name (pspec);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));

  g_hash_table_insert (log->counts, (gpointer)name, GUINT_TO_POINTER (count + 1));
}

static guint
notify_log_count (NotifyLog  *log,
                  const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));
}

static guint
notify_log_total (NotifyLog *log)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0;

  g_hash_table_iter_init (&iter, log->counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_UINT (value);

  return total;
}

/* The details a listing does not give are unset. */
static void
assert_details_unset (TetherProcess *process)
{
  g_assert_null (tether_process_get_state (process));
  g_assert_null (tether_process_get_argv (process));
  g_assert_cmpint (tether_process_get_ppid (process), ==, -1);
  g_assert_cmpint (tether_process_get_uid (process), ==, -1);
  g_assert_cmpint (tether_process_get_threads (process), ==, -1);
  g_assert_cmpint (tether_process_get_tracer_pid (process), ==, -1);
  g_assert_cmpfloat (tether_process_get_cpu_percent (process), ==, -1.0);
  g_assert_cmpuint (tether_process_get_rss_bytes (process), ==, 0);
  g_assert_cmpint (tether_process_get_start_time (process), ==, 0);
}

static void
test_process_defaults (void)
{
  TetherProcess *process = tether_process_new (4242);

  g_assert_cmpint (tether_process_get_pid (process), ==, 4242);
  g_assert_null (tether_process_get_user (process));
  g_assert_null (tether_process_get_name (process));
  g_assert_null (tether_process_get_command_line (process));
  g_assert_null (tether_process_get_exe (process));
  assert_details_unset (process);
  g_assert_cmpuint (tether_process_get_cpu_time_ms (process), ==, 0);
  g_assert_cmpuint (tether_process_get_start_ticks (process), ==, 0);
  g_assert_false (tether_process_get_has_details (process));
  g_assert_cmpint (tether_process_get_presence (process), ==, TETHER_PROCESS_PRESENCE_PRESENT);

  g_assert_finalize_object (process);
}

static void
test_process_properties (void)
{
  const char * const argv[] = { "/usr/bin/sleep", "100", NULL };
  g_autofree char *user = NULL;
  g_autofree char *command_line = NULL;
  g_auto(GStrv) argv_out = NULL;
  TetherProcessPresence presence;
  TetherProcess *process;
  gint64 pid, ppid;
  guint64 ticks;
  double cpu;

  process = g_object_new (TETHER_TYPE_PROCESS,
                          "pid", (gint64)17,
                          "user", "root",
                          "command-line", "/usr/bin/sleep 100",
                          "argv", argv,
                          "ppid", (gint64)1,
                          "start-ticks", (guint64)123456,
                          "cpu-percent", 12.5,
                          "presence", TETHER_PROCESS_PRESENCE_EXITED,
                          NULL);

  g_object_get (process,
                "pid", &pid,
                "user", &user,
                "command-line", &command_line,
                "argv", &argv_out,
                "ppid", &ppid,
                "start-ticks", &ticks,
                "cpu-percent", &cpu,
                "presence", &presence,
                NULL);
  g_assert_cmpint (pid, ==, 17);
  g_assert_cmpstr (user, ==, "root");
  g_assert_cmpstr (command_line, ==, "/usr/bin/sleep 100");
  g_assert_true (g_strv_equal ((const char * const *)argv_out, argv));
  g_assert_cmpint (ppid, ==, 1);
  g_assert_cmpuint (ticks, ==, 123456);
  g_assert_cmpfloat (cpu, ==, 12.5);
  g_assert_cmpint (presence, ==, TETHER_PROCESS_PRESENCE_EXITED);

  /* The setters copy their arguments. */
  g_assert_true (tether_process_get_argv (process) != argv);
  g_assert_cmpstr (tether_process_get_argv (process)[1], ==, "100");

  tether_process_set_exe (process, "/usr/bin/sleep");
  tether_process_set_state (process, "S (sleeping)");
  tether_process_set_uid (process, 0);
  tether_process_set_threads (process, 3);
  tether_process_set_rss_bytes (process, 1 << 20);
  tether_process_set_cpu_time_ms (process, 250);
  tether_process_set_start_time (process, 1700000000);
  tether_process_set_tracer_pid (process, 99);
  tether_process_set_has_details (process, TRUE);
  g_assert_cmpstr (tether_process_get_exe (process), ==, "/usr/bin/sleep");
  g_assert_cmpstr (tether_process_get_state (process), ==, "S (sleeping)");
  g_assert_cmpint (tether_process_get_uid (process), ==, 0);
  g_assert_cmpint (tether_process_get_threads (process), ==, 3);
  g_assert_cmpuint (tether_process_get_rss_bytes (process), ==, 1 << 20);
  g_assert_cmpuint (tether_process_get_cpu_time_ms (process), ==, 250);
  g_assert_cmpint (tether_process_get_start_time (process), ==, 1700000000);
  g_assert_cmpint (tether_process_get_tracer_pid (process), ==, 99);
  g_assert_true (tether_process_get_has_details (process));

  tether_process_set_user (process, NULL);
  g_assert_null (tether_process_get_user (process));
  tether_process_set_argv (process, NULL);
  g_assert_null (tether_process_get_argv (process));

  g_assert_finalize_object (process);
}

/* Setting one detail leaves the others at their defaults. */
static void
test_process_detail_defaults (void)
{
  TetherProcess *process = tether_process_new (1);

  tether_process_set_exe (process, "/usr/bin/true");
  g_assert_cmpstr (tether_process_get_exe (process), ==, "/usr/bin/true");
  assert_details_unset (process);

  tether_process_set_exe (process, NULL);
  g_assert_null (tether_process_get_exe (process));

  g_assert_finalize_object (process);
}

static void
test_process_presence_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TETHER_TYPE_PROCESS_PRESENCE);
  GEnumValue *value;

  g_assert_true (G_TYPE_IS_ENUM (TETHER_TYPE_PROCESS_PRESENCE));
  g_assert_cmpuint (klass->n_values, ==, 3);

  value = g_enum_get_value_by_nick (klass, "new");
  g_assert_nonnull (value);
  g_assert_cmpint (value->value, ==, TETHER_PROCESS_PRESENCE_NEW);
  value = g_enum_get_value_by_nick (klass, "present");
  g_assert_nonnull (value);
  g_assert_cmpint (value->value, ==, TETHER_PROCESS_PRESENCE_PRESENT);
  value = g_enum_get_value_by_nick (klass, "exited");
  g_assert_nonnull (value);
  g_assert_cmpint (value->value, ==, TETHER_PROCESS_PRESENCE_EXITED);
}

static void
test_process_notify_on_change_only (void)
{
  const char * const argv[] = { "a", "b", NULL };
  const char * const same_argv[] = { "a", "b", NULL };
  const char * const other_argv[] = { "a", "c", NULL };
  g_autofree char *same_name = g_strdup ("bash");
  NotifyLog log = { g_hash_table_new (g_str_hash, g_str_equal) };
  TetherProcess *process = tether_process_new (1);

  g_signal_connect (process, "notify", G_CALLBACK (notify_cb), &log);

  tether_process_set_name (process, "bash");
  tether_process_set_name (process, same_name);   /* equal contents, another pointer */
  g_assert_cmpuint (notify_log_count (&log, "name"), ==, 1);
  tether_process_set_name (process, NULL);
  tether_process_set_name (process, NULL);
  g_assert_cmpuint (notify_log_count (&log, "name"), ==, 2);

  tether_process_set_rss_bytes (process, 4096);
  tether_process_set_rss_bytes (process, 4096);
  g_assert_cmpuint (notify_log_count (&log, "rss-bytes"), ==, 1);

  tether_process_set_cpu_percent (process, -1);   /* the default */
  g_assert_cmpuint (notify_log_count (&log, "cpu-percent"), ==, 0);
  tether_process_set_cpu_percent (process, 3.0);
  tether_process_set_cpu_percent (process, 3.0);
  g_assert_cmpuint (notify_log_count (&log, "cpu-percent"), ==, 1);

  tether_process_set_argv (process, argv);
  tether_process_set_argv (process, same_argv);
  g_assert_cmpuint (notify_log_count (&log, "argv"), ==, 1);
  tether_process_set_argv (process, other_argv);
  tether_process_set_argv (process, NULL);
  tether_process_set_argv (process, NULL);
  g_assert_cmpuint (notify_log_count (&log, "argv"), ==, 3);

  tether_process_set_presence (process, TETHER_PROCESS_PRESENCE_PRESENT);
  g_assert_cmpuint (notify_log_count (&log, "presence"), ==, 0);
  tether_process_set_presence (process, TETHER_PROCESS_PRESENCE_NEW);
  tether_process_set_presence (process, TETHER_PROCESS_PRESENCE_NEW);
  g_assert_cmpuint (notify_log_count (&log, "presence"), ==, 1);

  /* Through GObject too: EXPLICIT_NOTIFY means set_property does not notify by itself. */
  g_object_set (process, "start-ticks", (guint64)7, "has-details", FALSE, NULL);
  g_object_set (process, "start-ticks", (guint64)7, NULL);
  g_assert_cmpuint (notify_log_count (&log, "start-ticks"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "has-details"), ==, 0);

  g_assert_cmpuint (notify_log_total (&log), ==, 9);

  g_assert_finalize_object (process);
  g_hash_table_unref (log.counts);
}

/* Finding by name: what a listing may run (its command line), what it runs (its executable, or
 * argv[0] when the server cannot read it), and PID order. */
static void
test_process_matching (void)
{
  const char * const argv[] = { "./my server", "--port", "1", NULL };
  g_autoptr(TetherProcess) listed = tether_process_new (42);
  g_autoptr(TetherProcess) described = tether_process_new (7);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  tether_process_set_command_line (listed, "/opt/bin/sleepy sleep 5");
  g_assert_true (tether_process_may_run (listed, "sleepy"));
  g_assert_true (tether_process_may_run (listed, "/usr/bin/sleepy"));  /* by its file name */
  g_assert_false (tether_process_may_run (listed, "sleep"));            /* an argument, not a path */
  g_assert_false (tether_process_may_run (listed, "bin"));              /* not followed by a space */
  g_assert_false (tether_process_may_run (listed, "leepy"));            /* not after a slash */
  g_assert_false (tether_process_may_run (listed, "dir/"));             /* no file name at all */
  g_assert_false (tether_process_may_run (described, "sleepy"));        /* no command line */

  /* argv[0] until the executable is known, then the executable. */
  tether_process_set_argv (described, argv);
  g_assert_true (tether_process_runs (described, "my server", FALSE));
  g_assert_true (tether_process_runs (described, "./my server", TRUE));
  g_assert_false (tether_process_runs (described, "my server", TRUE));
  tether_process_set_exe (described, "/srv/my server");
  g_assert_true (tether_process_runs (described, "my server", FALSE));
  g_assert_true (tether_process_runs (described, "/srv/my server", TRUE));
  g_assert_false (tether_process_runs (described, "./my server", TRUE));
  g_assert_false (tether_process_runs (described, "server", FALSE));
  g_assert_false (tether_process_runs (listed, "sleepy", FALSE));       /* nothing described */

  g_ptr_array_add (sorted, listed);
  g_ptr_array_add (sorted, described);
  g_ptr_array_sort (sorted, tether_process_compare_pids);
  g_assert_true (g_ptr_array_index (sorted, 0) == described);
  g_assert_true (g_ptr_array_index (sorted, 1) == listed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/process/defaults", test_process_defaults);
  g_test_add_func ("/process/properties", test_process_properties);
  g_test_add_func ("/process/detail-defaults", test_process_detail_defaults);
  g_test_add_func ("/process/presence-enum", test_process_presence_enum);
  g_test_add_func ("/process/notify-on-change-only", test_process_notify_on_change_only);
  g_test_add_func ("/process/matching", test_process_matching);

  return g_test_run ();
}
