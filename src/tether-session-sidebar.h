/* tether-session-sidebar.h: the sidebar's list of servers with their debugging sessions, and
 * the sessions' pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-server-page.h"
#include "tether-session-page.h"

G_BEGIN_DECLS

#define TETHER_TYPE_SESSION_SIDEBAR (tether_session_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (TetherSessionSidebar, tether_session_sidebar, TETHER, SESSION_SIDEBAR, AdwBin)

/**
 * TetherSessionSidebar:
 * The window's sidebar list: one row per profile (made by the window), each followed by the
 * rows of its server's sessions (indented: state icon, name and PID). Puts each session's
 * #TetherSessionPage in the window's content stack and shows it when its row is selected.
 * Closing a session releases its process first: an attached one is detached; for one Tether
 * started, the user chooses to kill it or leave it running.
 */
GtkWidget         *tether_session_sidebar_new          (void);
/* The stack the pages go in (the window's content stack). */
void               tether_session_sidebar_set_stack    (TetherSessionSidebar *self,
                                                        GtkStack             *stack);
/* Lists @profiles (a GListModel of TetherProfile; rows from @create_row), each followed
 * by its sessions. */
void               tether_session_sidebar_bind_profiles (TetherSessionSidebar       *self,
                                                         GListModel                 *profiles,
                                                         GtkListBoxCreateWidgetFunc  create_row,
                                                         gpointer                    user_data);
/* The list of profile and session rows. */
GtkListBox        *tether_session_sidebar_get_list     (TetherSessionSidebar *self);
/* A GListModel of TetherSession. */
GListModel        *tether_session_sidebar_get_sessions (TetherSessionSidebar *self);
/* Adds the session under @profile's row, selects it and shows its page. */
TetherSessionPage *tether_session_sidebar_add          (TetherSessionSidebar *self,
                                                        TetherSession        *session,
                                                        TetherProfile        *profile);
TetherSessionPage *tether_session_sidebar_get_page     (TetherSessionSidebar *self,
                                                        TetherSession        *session);
/* Unselects a selected session row (a profile row stays selected). */
void               tether_session_sidebar_unselect     (TetherSessionSidebar *self);
/* Releases the session's process (asking, for a created one) and removes the session. */
void               tether_session_sidebar_close        (TetherSessionSidebar *self,
                                                        TetherSession        *session);
/* Sessions whose process is (or may be) still held. */
guint              tether_session_sidebar_count_live   (TetherSessionSidebar *self,
                                                        guint                *n_created);
/* Detaches every live session (kills the created ones if @kill_created); always succeeds, as
 * far as it can: failures are reported in the sessions' errors. */
void               tether_session_sidebar_release_all_async  (TetherSessionSidebar *self,
                                                              gboolean              kill_created,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean           tether_session_sidebar_release_all_finish (TetherSessionSidebar *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* Before deleting @profile's server: when none of its sessions is live, removes them (ended
 * ones: exited, killed, lost) and returns TRUE; FALSE, changing nothing, when some are. */
gboolean           tether_session_sidebar_forget_profile          (TetherSessionSidebar *self,
                                                                   TetherProfile        *profile);
/* Before deleting @profile's server: with live sessions on it, asks once what to do with them
 * (detach; kill the created ones, or leave them running), does it and removes the server's
 * sessions (rows and pages). TRUE when the profile may go; FALSE (G_IO_ERROR_CANCELLED) when the
 * user chose to keep it. */
void               tether_session_sidebar_release_profile_async  (TetherSessionSidebar *self,
                                                                  TetherProfile        *profile,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean           tether_session_sidebar_release_profile_finish (TetherSessionSidebar *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* The dialogs that start sessions on @page's server; the new session is added and shown.
 * @process: the process to attach to (its PID prefilled and checked), or NULL. */
void               tether_session_sidebar_attach       (TetherSessionSidebar *self,
                                                        TetherServerPage     *page,
                                                        TetherProcess        *process);
void               tether_session_sidebar_create       (TetherSessionSidebar *self,
                                                        TetherServerPage     *page);
/* A window with @page's server console. */
void               tether_session_sidebar_show_console (TetherSessionSidebar *self,
                                                        TetherServerPage     *page);
/* Before quitting: with live sessions, asks once what to do with all of them (detach; kill the
 * created ones, or leave them running) and does it. TRUE when the window may close; FALSE
 * (G_IO_ERROR_CANCELLED) when the user chose to stay. */
void               tether_session_sidebar_release_for_quit_async  (TetherSessionSidebar *self,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
gboolean           tether_session_sidebar_release_for_quit_finish (TetherSessionSidebar *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);

G_END_DECLS
