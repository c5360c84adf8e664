/* tether-test-session.h: sessions on a real gdbserver, over a link the test can cut
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-fault-proxy.h"
#include "tether-session.h"
#include "tether-test-util.h"

G_BEGIN_DECLS

/* A session on @pid (named "victim"), attached within 20 s; NULL with @error set on failure. */
TetherSession  *tether_test_attach_session     (TetherServer        *server,
                                                gint64               pid,
                                                gboolean             resume,
                                                GError             **error);
/* Iterates the main loop until @session is in @state; FALSE if it is not within @timeout_ms. */
gboolean        tether_test_wait_session_state (TetherSession       *session,
                                                TetherSessionState   state,
                                                guint                timeout_ms);

/* A real gdbserver, a fault proxy in front of it, and a server connected through the proxy. */
typedef struct
{
  TetherTestGdbserver *gdbserver;
  TetherFaultProxy    *proxy;
  TetherServer        *server;
} TetherTestLink;

TetherTestLink *tether_test_link_new           (void);
/* Cuts the link under @session, and waits (20 s at most) until the session says it is lost. */
void            tether_test_link_cut           (TetherTestLink      *link,
                                                TetherSession       *session);
/* Lets traffic through again and connects the server again (or fails the test). */
void            tether_test_link_restore       (TetherTestLink      *link);
/* Disconnects the server (which must finalize: drop its sessions first), then ends the proxy and
 * the gdbserver. */
void            tether_test_link_free          (TetherTestLink      *link);

/* A g_test_add() fixture: a real gdbserver behind a fault proxy, whose connection string is
 * @options. The test may set @server (connected through the proxy) and @victim; tear-down
 * disconnects @server (which must finalize), then ends the proxy, the gdbserver and @victim. */
typedef struct
{
  TetherTestGdbserver *gdbserver;
  TetherFaultProxy    *proxy;
  char                *options;
  TetherServer        *server;
  TetherTestVictim    *victim;
} TetherTestProxied;

void            tether_test_proxied_set_up     (TetherTestProxied   *fixture,
                                                gconstpointer        data);
void            tether_test_proxied_tear_down  (TetherTestProxied   *fixture,
                                                gconstpointer        data);
/* A listing through @fixture's server works and shows this process; FALSE if the test was
 * skipped instead (gdbserver's own hang, tether_test_skip_if_gdbserver_hung()). */
gboolean        tether_test_proxied_list_works (TetherTestProxied   *fixture);

G_END_DECLS
