/* tether-server-page-private.h: what the files of TetherServerPage share
 *
 * TetherServerPage is one class in two files: tether-server-page.c (the connection states, the
 * subtitle, the actions and the filter) and tether-server-page-processes.c (the refresher, the
 * process view's selection, and the properties that forward them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-connection-status.h"
#include "tether-process-refresher.h"
#include "tether-server-page.h"

G_BEGIN_DECLS

struct _TetherServerPage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkStack             *view_stack;
  TetherConnectionStatus *status;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  TetherProcessView    *process_view;

  /* Owned */
  TetherProfile          *profile;
  TetherServerConnector  *connector;
  TetherProcessRefresher *refresher;
  GdkSurface             *surface;          /* watched for minimized */
  char                   *subtitle;
  guint                   tick_source;
  TetherServerState       state;
  guint                   minimized : 1;
};

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_STATE,
  PROP_CONNECTED,
  PROP_ERROR_MESSAGE,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_PAUSED,
  PROP_REFRESH_INTERVAL,
  PROP_EFFECTIVE_INTERVAL,
  PROP_SEARCH_MODE,
  PROP_SELECTED_PROCESS,
  N_PROPS
};

/* tether-server-page.c */
void _tether_server_page_notify              (TetherServerPage *self,
                                              guint             prop_id);
void _tether_server_page_show_toast          (TetherServerPage *self,
                                              const char       *message);
void _tether_server_page_update_subtitle     (TetherServerPage *self);

/* tether-server-page-processes.c */
/* Creates the refresher and follows it and the process view; called once the template is built. */
void _tether_server_page_init_processes      (TetherServerPage *self);
/* Runs the refresher while the page is connected and seen (mapped, its toplevel not minimized). */
void _tether_server_page_update_refresher    (TetherServerPage *self);

G_END_DECLS
