/* tether-test-window.h: widgets to find and wait for, and a main window on a fresh profile store,
 * for the UI tests (the tether-test-ui library). Run them under tests/xvfb-run-test.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-session-sidebar.h"
#include "tether-test-session.h"
#include "tether-window.h"

G_BEGIN_DECLS

/* Widgets */

/* @widget, or its first descendant (depth first) of @type; NULL if none. */
GtkWidget     *tether_test_find_descendant  (GtkWidget     *widget,
                                             GType          type);
/* The first toplevel of @type that is visible, or NULL. */
GtkWidget     *tether_test_find_toplevel    (GType          type);
/* Iterates the main loop until a toplevel of @type shows, or fails the test. */
GtkWidget     *tether_test_wait_toplevel    (GType          type,
                                             guint          timeout_ms);
/* The position of @pid in the column view's model (filtered and sorted), or -1. */
int            tether_test_find_row         (GtkColumnView *column_view,
                                             gint64         pid);

/* The main window */

typedef struct
{
  char                 *dir;
  TetherProfileStore   *store;
  TetherWindow         *window;
  TetherServerPage     *page;
  TetherSessionSidebar *sidebar;
  GtkColumnView        *column_view;
} TetherTestWindowFixture;

/* A window on a new, empty profile store in a temporary directory, refreshing every 250 ms, with
 * its "This computer" page connected (within 20 s). */
void           tether_test_window_set_up    (TetherTestWindowFixture *fixture,
                                             gconstpointer            data);
/* Closes the window and checks that it and the store finalize; removes the directory. */
void           tether_test_window_tear_down (TetherTestWindowFixture *fixture,
                                             gconstpointer            data);

typedef void (*TetherTestWindowFunc) (TetherTestWindowFixture *fixture,
                                      gconstpointer            data);

/* Adds the test @path: @test on a window fixture set up and torn down as below. */
void           tether_test_window_add       (const char              *path,
                                             TetherTestWindowFunc     test);

/* Waits (15 s at most) for @pid's row and selects it. */
void           tether_test_select_process   (TetherTestWindowFixture *fixture,
                                             gint64                   pid);
/* The session of @pid (any session if @pid <= 0) in the sidebar, waiting for it up to
 * @timeout_ms; NULL if none came. The sidebar keeps the reference. */
TetherSession *tether_test_wait_session     (TetherTestWindowFixture *fixture,
                                             gint64                   pid,
                                             guint                    timeout_ms);
guint          tether_test_n_sessions       (TetherTestWindowFixture *fixture);
/* The sidebar's row of @item (a TetherProfile or a TetherSession), or NULL; its position in
 * @index if not NULL. */
GtkListBoxRow *tether_test_sidebar_row      (TetherTestWindowFixture *fixture,
                                             gpointer                 item,
                                             int                     *index);
guint          tether_test_n_threads        (TetherSession           *session);

G_END_DECLS
