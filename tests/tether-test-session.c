/* tether-test-session.c: sessions on a real gdbserver, over a link the test can cut
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include "tether-test-session.h"

TetherSession *
tether_test_attach_session (TetherServer  *server,
                            gint64         pid,
                            gboolean       resume,
                            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tether_session_attach_async (server, pid, "victim", resume, NULL, tether_test_store_result,
                               &result);
  return tether_session_attach_finish (tether_test_wait (&result, 20000), error);
}

typedef struct
{
  TetherSession      *session;
  TetherSessionState  state;
} StateWait;

static gboolean
session_in_state (gpointer data)
{
  StateWait *wait = data;

  return tether_session_get_state (wait->session) == wait->state;
}

gboolean
tether_test_wait_session_state (TetherSession      *session,
                                TetherSessionState  state,
                                guint               timeout_ms)
{
  StateWait wait = { session, state };

  return tether_test_poll_until (session_in_state, &wait, timeout_ms);
}

TetherTestLink *
tether_test_link_new (void)
{
  TetherTestLink *link = g_new0 (TetherTestLink, 1);
  g_autofree char *options = NULL;

  link->gdbserver = tether_test_gdbserver_start ();
  link->proxy = tether_fault_proxy_new (link->gdbserver->port);
  options = tether_fault_proxy_dup_options (link->proxy);
  link->server = tether_test_connect (options);
  return link;
}

void
tether_test_link_cut (TetherTestLink *link,
                      TetherSession  *session)
{
  tether_fault_proxy_set_mode (link->proxy, TETHER_FAULT_BOTH, TETHER_FAULT_CUT_AFTER, 0);
  tether_session_refresh_threads (session);
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_LOST, 20000));
}

void
tether_test_link_restore (TetherTestLink *link)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tether_fault_proxy_set_mode (link->proxy, TETHER_FAULT_BOTH, TETHER_FAULT_PASS, 0);
  tether_server_connect_async (link->server, NULL, tether_test_store_result, &result);
  tether_server_connect_finish (link->server, tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
}

void
tether_test_link_free (TetherTestLink *link)
{
  tether_test_disconnect (g_steal_pointer (&link->server));
  tether_fault_proxy_free (link->proxy);
  tether_test_gdbserver_stop (link->gdbserver);
  g_free (link);
}

void
tether_test_proxied_set_up (TetherTestProxied *fixture,
                            gconstpointer      data)
{
  fixture->gdbserver = tether_test_gdbserver_start ();
  fixture->proxy = tether_fault_proxy_new (fixture->gdbserver->port);
  fixture->options = tether_fault_proxy_dup_options (fixture->proxy);
}

void
tether_test_proxied_tear_down (TetherTestProxied *fixture,
                               gconstpointer      data)
{
  if (fixture->server != NULL)
    tether_test_disconnect (g_steal_pointer (&fixture->server));
  g_clear_pointer (&fixture->proxy, tether_fault_proxy_free);
  g_clear_pointer (&fixture->gdbserver, tether_test_gdbserver_stop);
  g_clear_pointer (&fixture->victim, tether_test_victim_stop);
  g_clear_pointer (&fixture->options, g_free);
}

gboolean
tether_test_proxied_list_works (TetherTestProxied *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) processes = tether_test_try_list (fixture->server, &error);

  if (tether_test_skip_if_gdbserver_hung (fixture->gdbserver->pid, error))
    return FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (processes);
  g_assert_nonnull (tether_test_find_pid (processes, getpid ()));
  return TRUE;
}
