/* tether-server-page-processes.c: the process side of TetherServerPage: the refresher that keeps
 * the list fresh while the page is seen, and the selection that Attach acts on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-server-page-private.h"

/* Refresh: the refresher does it while the page is connected and seen. */

void
_tether_server_page_update_refresher (TetherServerPage *self)
{
  tether_process_refresher_set_active (self->refresher, self->state == TETHER_SERVER_CONNECTED &&
                                       !self->minimized &&
                                       gtk_widget_get_mapped (GTK_WIDGET (self)));
}

static void
refresher_failed_cb (TetherServerPage       *self,
                     const GError           *error,
                     TetherProcessRefresher *refresher)
{
  _tether_server_page_show_toast (self, error->message);
}

static void
refresher_notify_cb (TetherServerPage       *self,
                     GParamSpec             *pspec,
                     TetherProcessRefresher *refresher)
{
  _tether_server_page_update_subtitle (self);
}

static void
forward_notify_cb (TetherServerPage       *self,
                   GParamSpec             *pspec,
                   TetherProcessRefresher *refresher)
{
  if (g_str_equal (pspec->name, "paused"))
    _tether_server_page_notify (self, PROP_PAUSED);
  else if (g_str_equal (pspec->name, "interval"))
    _tether_server_page_notify (self, PROP_REFRESH_INTERVAL);
  else
    _tether_server_page_notify (self, PROP_EFFECTIVE_INTERVAL);
  _tether_server_page_update_subtitle (self);
}

static void
view_n_matching_cb (TetherServerPage  *self,
                    GParamSpec        *pspec,
                    TetherProcessView *view)
{
  _tether_server_page_update_subtitle (self);
}

/* Sessions: the selection is what the window's Attach acts on; activating a row attaches. */
static void
selection_changed_cb (TetherServerPage *self)
{
  _tether_server_page_notify (self, PROP_SELECTED_PROCESS);
}

static void
row_activated_cb (TetherServerPage *self,
                  guint             position)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.attach-selection", NULL);
}

TetherProcess *
tether_server_page_get_selected_process (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->process_view != NULL
           ? tether_process_view_get_selected_process (self->process_view) : NULL;
}

/* Creates the refresher and follows it and the process view; called once the template is built. */
void
_tether_server_page_init_processes (TetherServerPage *self)
{
  self->refresher = tether_process_refresher_new (self->process_view);
  tether_process_refresher_set_interval (self->refresher,
                                         TETHER_SERVER_PAGE_DEFAULT_REFRESH_INTERVAL);
  g_signal_connect_object (self->refresher, "failed", G_CALLBACK (refresher_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresher, "notify::last-refresh",
                           G_CALLBACK (refresher_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresher, "notify::paused", G_CALLBACK (forward_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresher, "notify::interval", G_CALLBACK (forward_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresher, "notify::effective-interval",
                           G_CALLBACK (forward_notify_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->process_view, "notify::n-matching",
                           G_CALLBACK (view_n_matching_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->process_view, "notify::selected-process",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tether_process_view_get_column_view (self->process_view), "activate",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tether_process_view_get_process_list (self->process_view),
                           "notify::n-processes", G_CALLBACK (view_n_matching_cb), self,
                           G_CONNECT_SWAPPED);
}

TetherProcessView *
tether_server_page_get_process_view (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return self->process_view;
}

TetherProcessList *
tether_server_page_get_process_list (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), NULL);

  return tether_process_view_get_process_list (self->process_view);
}

gboolean
tether_server_page_get_paused (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), FALSE);

  return tether_process_refresher_get_paused (self->refresher);
}

void
tether_server_page_set_paused (TetherServerPage *self,
                               gboolean          paused)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  tether_process_refresher_set_paused (self->refresher, paused);
}

guint
tether_server_page_get_refresh_interval (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), 0);

  return tether_process_refresher_get_interval (self->refresher);
}

void
tether_server_page_set_refresh_interval (TetherServerPage *self,
                                         guint             refresh_interval_ms)
{
  g_return_if_fail (TETHER_IS_SERVER_PAGE (self));

  tether_process_refresher_set_interval (self->refresher, refresh_interval_ms);
}

guint
tether_server_page_get_effective_interval (TetherServerPage *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_PAGE (self), 0);

  return tether_process_refresher_get_effective_interval (self->refresher);
}
