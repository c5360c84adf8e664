/* test-load.c: many servers at once from one engine, and thousands of refreshes against one
 *
 * /load/many-servers: N real gdbservers on loopback, all connected from this one process and its
 * one main loop, refresh their process lists at the same moment, R rounds. Every refresh must
 * succeed; the per-refresh latencies and the longest stall of the main loop are printed (they
 * are figures, not assertions).
 *
 * /load/soak: one server, K list refreshes with a describe every tenth; the heap in use and RSS
 * are sampled every K/20 refreshes. Memory must be flat after warm-up: the peak of the last quarter
 * may not pass the peak of the second quarter by more than a bound. Under AddressSanitizer (whose
 * quarantine holds freed memory on purpose) the bound is not asserted: LeakSanitizer checks leaks
 * there instead.
 *
 * The sizes are small by default, so that the integration suite stays quick; the long versions
 * (tests/bench/run-load-soak.sh) set TETHER_LOAD_SERVERS, TETHER_LOAD_ROUNDS and
 * TETHER_SOAK_REFRESHES.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <string.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-test-util.h"

/* A failure bound only: a round of listings on a loaded two-core machine. */
#define WAIT_MS        60000
#define SERVER_TIMEOUT 10000
/* Heap in use, and RSS, may not grow more than this from the end of the second quarter on. */
#define HEAP_BOUND_KB  256
#define RSS_BOUND_KB   512

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint)g_ascii_strtoull (value, NULL, 10) : fallback;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint)(p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}

static void
print_latencies (const char *what,
                 const char *unit,
                 GArray     *latencies)
{
  double sum = 0;

  g_array_sort (latencies, compare_double);
  for (guint i = 0; i < latencies->len; i++)
    sum += g_array_index (latencies, double, i);
  g_test_message ("%s: %u %s, latency ms: min %.1f, median %.1f, mean %.1f, p95 %.1f, "
                  "max %.1f", what, latencies->len, unit, percentile (latencies, 0),
                  percentile (latencies, 0.5), sum / latencies->len,
                  percentile (latencies, 0.95), percentile (latencies, 1));
}

/* One listing in flight: when it finished and how. */
typedef struct
{
  TetherServer *server;
  gint64        start_us;
  double        latency_ms;
  GPtrArray    *processes;
  GError       *error;
  gboolean      done;
} Refresh;

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refresh *refresh = user_data;

  refresh->processes = tether_server_list_processes_finish (TETHER_SERVER (object), result,
                                                            &refresh->error);
  refresh->latency_ms = (g_get_monotonic_time () - refresh->start_us) / 1000.0;
  refresh->done = TRUE;
}

static gboolean
all_done (gpointer user_data)
{
  GArray *refreshes = user_data;

  for (guint i = 0; i < refreshes->len; i++)
    {
      if (!g_array_index (refreshes, Refresh, i).done)
        return FALSE;
    }
  return TRUE;
}

/* gdbserver 13.1 can hang for good in a listing (tether-test-util.h): that is its bug, not the
 * engine's, so the hung server is replaced by a fresh one and the run goes on; the count of such
 * hangs is a figure. Returns TRUE if @error was that hang. */
static gboolean
replace_if_hung (TetherTestGdbserver **gdbserver,
                 TetherServer        **server,
                 const GError         *error)
{
  if (!g_error_matches (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT) ||
      !tether_test_gdbserver_stuck ((*gdbserver)->pid))
    return FALSE;

  g_test_message ("gdbserver %d hung listing processes (its own bug): replaced",
                  (int)(*gdbserver)->pid);
  tether_test_disconnect (*server);
  tether_test_gdbserver_stop (*gdbserver);
  *gdbserver = tether_test_gdbserver_start ();
  *server = tether_test_connect_timeout ((*gdbserver)->options, SERVER_TIMEOUT);
  return TRUE;
}

static void
test_many_servers (void)
{
  guint n_servers = env_uint ("TETHER_LOAD_SERVERS", 20);
  guint n_rounds = env_uint ("TETHER_LOAD_ROUNDS", 3);
  g_autofree TetherTestGdbserver **gdbservers = g_new0 (TetherTestGdbserver *, n_servers);
  g_autofree TetherServer **servers = g_new0 (TetherServer *, n_servers);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) round_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *what = NULL;
  TetherTestHeartbeat beat;
  gint64 waited_ms;
  guint hangs = 0;

  for (guint i = 0; i < n_servers; i++)
    {
      gdbservers[i] = tether_test_gdbserver_start ();
      servers[i] = tether_test_connect_timeout (gdbservers[i]->options, SERVER_TIMEOUT);
    }

  tether_test_heartbeat_start (&beat);

  for (guint round = 0; round < n_rounds; round++)
    {
      g_autoptr(GArray) refreshes = g_array_sized_new (FALSE, TRUE, sizeof (Refresh), n_servers);
      gint64 start = g_get_monotonic_time ();
      guint round_hangs = 0;

      g_array_set_size (refreshes, n_servers);
      for (guint i = 0; i < n_servers; i++)
        {
          Refresh *refresh = &g_array_index (refreshes, Refresh, i);

          refresh->server = servers[i];
          refresh->start_us = g_get_monotonic_time ();
          tether_server_list_processes_async (refresh->server, NULL, refresh_done_cb, refresh);
        }

      if (!tether_test_poll_until (all_done, refreshes, WAIT_MS))
        g_error ("round %u: not every refresh finished in %u ms", round, WAIT_MS);

      for (guint i = 0; i < n_servers; i++)
        {
          Refresh *refresh = &g_array_index (refreshes, Refresh, i);

          if (refresh->error != NULL &&
              replace_if_hung (&gdbservers[i], &servers[i], refresh->error))
            round_hangs++;
          else
            {
              g_assert_no_error (refresh->error);
              g_assert_nonnull (refresh->processes);
              g_assert_nonnull (tether_test_find_pid (refresh->processes, getpid ()));
              g_assert_cmpuint (tether_server_get_state (refresh->server), ==,
                                TETHER_SERVER_CONNECTED);
              g_array_append_val (latencies, refresh->latency_ms);
            }
          g_clear_pointer (&refresh->processes, g_ptr_array_unref);
          g_clear_error (&refresh->error);
        }

      /* A round that waited for a hung server's timeout says nothing of the engine. */
      if (round_hangs == 0)
        g_array_append_val (round_ms, (double) { (g_get_monotonic_time () - start) / 1000.0 });
      hangs += round_hangs;
    }

  waited_ms = tether_test_heartbeat_stop (&beat);

  what = g_strdup_printf ("%u servers x %u rounds", n_servers, n_rounds);
  if (latencies->len > 0)
    print_latencies (what, "refreshes", latencies);
  if (round_ms->len > 0)
    print_latencies ("all servers at once", "rounds", round_ms);
  g_test_message ("main loop: %u ticks of a 10 ms timer, longest gap %.1f ms", beat.ticks,
                  beat.longest_gap_us / 1000.0);
  g_test_message ("%u refreshes succeeded, %u failed, %u lost to gdbserver's own hang",
                  latencies->len, n_servers * n_rounds - latencies->len - hangs, hangs);
  /* Every refresh succeeded, but for gdbserver's own hangs (recognized precisely, and rare; but
   * one process ending mid-scan can hang every server scanning at that moment). */
  g_assert_cmpuint (latencies->len + hangs, ==, n_servers * n_rounds);
  g_assert_cmpuint (latencies->len, >=, n_servers * n_rounds / 2);
  /* The loop kept turning while the listings were in flight: a 10 ms timer ticks at least once
   * per 100 ms waited (a loop that turns gives about ten; a blocked one, none). */
  g_assert_cmpint (beat.ticks, >=, waited_ms / 100);

  for (guint i = 0; i < n_servers; i++)
    {
      tether_test_disconnect (servers[i]);
      tether_test_gdbserver_stop (gdbservers[i]);
    }
}

/* Memory figures of this process, in KiB. */
typedef struct
{
  guint  refreshes;
  gint64 heap_kb;  /* malloc'd and not freed (mallinfo2) */
  gint64 rss_kb;
} Sample;

static Sample
take_sample (guint refreshes)
{
  struct mallinfo2 info = mallinfo2 ();

  return (Sample) { refreshes, (gint64)(info.uordblks + info.hblkhd) / 1024,
                    (gint64)tether_test_self_status_kb ("VmRSS") };
}

/* The largest heap and RSS among samples [@from, @to). */
static Sample
peak (GArray *samples,
      guint   from,
      guint   to)
{
  Sample peak = g_array_index (samples, Sample, from);

  for (guint i = from; i < to; i++)
    {
      Sample *s = &g_array_index (samples, Sample, i);

      peak.refreshes = s->refreshes;
      peak.heap_kb = MAX (peak.heap_kb, s->heap_kb);
      peak.rss_kb = MAX (peak.rss_kb, s->rss_kb);
    }
  return peak;
}

static void
test_soak (void)
{
  guint n_refreshes = env_uint ("TETHER_SOAK_REFRESHES", 400);
  guint every = MAX (n_refreshes / 20, 1);
  TetherTestGdbserver *gdbserver = tether_test_gdbserver_start ();
  /* Sized up front: the test's own arrays must not grow during the measurement. */
  g_autoptr(GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (Sample),
                                                 2 + n_refreshes / every);
  g_autoptr(GArray) latencies = g_array_sized_new (FALSE, FALSE, sizeof (double), n_refreshes);
  g_autoptr(TetherProcess) self = tether_process_new (getpid ());
  TetherServer *server = tether_test_connect_timeout (gdbserver->options, SERVER_TIMEOUT);
  guint describes = 0;
  guint hangs = 0;
  Sample second;
  Sample last;

  for (guint i = 1; i <= n_refreshes; i++)
    {
      g_autoptr(GPtrArray) processes = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      processes = tether_test_try_list (server, &error);
      if (error != NULL && replace_if_hung (&gdbserver, &server, error))
        {
          hangs++;
          g_assert_cmpuint (hangs, <=, 1 + n_refreshes / 100);
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (tether_test_find_pid (processes, getpid ()));
      g_array_append_val (latencies, (double) { (g_get_monotonic_time () - start) / 1000.0 });

      if (i % 10 == 0)
        {
          tether_test_describe (server, self);
          describes++;
        }

      if (i % every == 0)
        {
          Sample sample = take_sample (i);

          g_array_append_val (samples, sample);
        }
    }

  g_assert_cmpuint (samples->len, >=, 8);

  print_latencies ("soak", "list refreshes", latencies);
  g_test_message ("soak: %u refreshes (%u lost to gdbserver's own hang, each on a new server) and "
                  "%u describes against one server; memory every %u:",
                  n_refreshes, hangs, describes, every);
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = &g_array_index (samples, Sample, i);

      g_test_message ("  after %5u: heap in use %6" G_GINT64_FORMAT " KiB, RSS %6"
                      G_GINT64_FORMAT " KiB", s->refreshes, s->heap_kb, s->rss_kb);
    }
  /* Peaks, so that what is allocated and freed within a refresh does not count as growth. */
  second = peak (samples, samples->len / 4, samples->len / 2);
  last = peak (samples, samples->len * 3 / 4, samples->len);
  g_test_message ("soak: peak of the second quarter to peak of the last, heap in use %+"
                  G_GINT64_FORMAT " KiB, RSS %+" G_GINT64_FORMAT " KiB",
                  last.heap_kb - second.heap_kb, last.rss_kb - second.rss_kb);

#ifdef TETHER_TEST_UNDER_ASAN
  g_test_message ("under AddressSanitizer: memory bounds not asserted (LeakSanitizer checks)");
#else
  g_assert_cmpint (last.heap_kb - second.heap_kb, <, HEAP_BOUND_KB);
  g_assert_cmpint (last.rss_kb - second.rss_kb, <, RSS_BOUND_KB);
#endif

  tether_test_disconnect (server);
  tether_test_gdbserver_stop (gdbserver);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/load/many-servers", test_many_servers);
  g_test_add_func ("/load/soak", test_soak);

  return g_test_run ();
}
