/* test-lldb-faults.c: the pipelined lldb-server listing when the link misbehaves
 *
 * A fault proxy sits between Tether and a real lldb-server platform. The listing keeps many
 * requests on their way at once, so a corrupted or lost reply must fail that listing alone, never
 * hand one request's answer to another. A session lost with the link is not found again: its
 * debug server ended with it, and the session says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-error.h"
#include "tether-fault-proxy.h"
#include "tether-server-recover.h"
#include "tether-session.h"
#include "tether-test-util.h"

typedef struct
{
  TetherTestLldbPlatform *platform;
  TetherFaultProxy       *proxy;
  TetherServer           *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *options = NULL;

  fixture->platform = tether_test_lldb_platform_start ();
  if (fixture->platform == NULL)
    return;
  fixture->proxy = tether_fault_proxy_new (fixture->platform->port);
  options = tether_fault_proxy_dup_options (fixture->proxy);
  fixture->server = tether_test_connect (options);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->proxy, tether_fault_proxy_free);
  g_clear_pointer (&fixture->platform, tether_test_lldb_platform_stop);
}

static GPtrArray *
try_list (TetherServer  *server,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_server_list_processes_async (server, NULL, tether_test_store_result, &result);
  return tether_server_list_processes_finish (server, tether_test_wait (&result, 30000), error);
}

static gboolean
lists_self (GPtrArray *processes)
{
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);

      if (tether_process_get_pid (process) == getpid ())
        return tether_process_get_ppid (process) == getppid ();
    }
  return FALSE;
}

/* A flipped bit in the middle of the listing: that listing fails as PROTOCOL, the answers to the
 * requests still on their way are not mistaken for the next ones, and the next listing is whole. */
static void
test_bit_flip (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->server == NULL)
    return;

  whole = try_list (fixture->server, &error);
  g_assert_no_error (error);

  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_FLIP, 2000);
  failed = try_list (fixture->server, &error);
  g_assert_null (failed);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_CONNECTED);

  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_PASS, 0);
  again = try_list (fixture->server, &error);
  g_assert_no_error (error);
  g_assert_true (lists_self (again));
  g_assert_cmpuint (ABS ((int)again->len - (int)whole->len), <, 20);
}

/* The link cut in the middle of the listing: one error, the server FAILED, nothing pending. */
static void
test_cut (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->server == NULL)
    return;

  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_TO_CLIENT, TETHER_FAULT_CUT_AFTER,
                               3000);
  processes = try_list (fixture->server, &error);
  g_assert_null (processes);
  g_assert_nonnull (error);
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_FAILED);

  g_clear_error (&error);
  processes = try_list (fixture->server, &error);
  g_assert_null (processes);
  g_assert_nonnull (error);
}

/* The link cut while a session holds a process: each process had a debug server of its own, which
 * a reconnect lets go of. Nothing is found again; the session says the process was let go. */
static gboolean
session_left_lost (gpointer data)
{
  return tether_session_get_state (data) != TETHER_SESSION_LOST;
}

static void
test_session_not_recovered (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tracer = NULL;
  gint64 pid;

  if (fixture->server == NULL)
    return;

  victim = tether_test_victim_start ("600");
  pid = victim->pid;
  tether_session_attach_async (fixture->server, pid, "victim", FALSE, NULL,
                               tether_test_store_result, &result);
  session = tether_session_attach_finish (tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);

  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_BOTH, TETHER_FAULT_CUT_AFTER, 0);
  processes = try_list (fixture->server, &error);
  g_assert_null (processes);
  g_clear_error (&error);
  g_assert_cmpuint (tether_server_get_state (fixture->server), ==, TETHER_SERVER_FAILED);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_LOST);

  tether_fault_proxy_set_mode (fixture->proxy, TETHER_FAULT_BOTH, TETHER_FAULT_PASS, 0);
  tether_server_connect_async (fixture->server, NULL, tether_test_store_result, &result);
  g_assert_true (tether_server_connect_finish (fixture->server, tether_test_wait (&result, 30000),
                                               &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  tether_server_recover_async (fixture->server, &pid, 1, NULL, tether_test_store_result,
                               &result);
  found = tether_server_recover_finish (fixture->server, tether_test_wait (&result, 20000),
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_object (&result);

  g_assert_true (tether_test_poll_until (session_left_lost, session, 20000));
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_DETACHED);
  g_assert_false (tether_session_get_recovered (session));
  g_assert_nonnull (strstr (tether_session_get_error_message (session), "no longer debugs"));
  g_test_message ("%s", tether_session_get_error_message (session));
  g_assert_true (tether_test_wait_state (pid, 'S', 5000));
  tracer = tether_test_proc_status (pid, "TracerPid");
  g_assert_cmpstr (tracer, ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/lldb-faults/bit-flip", Fixture, NULL, fixture_set_up, test_bit_flip,
              fixture_tear_down);
  g_test_add ("/lldb-faults/cut", Fixture, NULL, fixture_set_up, test_cut, fixture_tear_down);
  g_test_add ("/lldb-faults/session-not-recovered", Fixture, NULL, fixture_set_up,
              test_session_not_recovered, fixture_tear_down);

  return g_test_run ();
}
