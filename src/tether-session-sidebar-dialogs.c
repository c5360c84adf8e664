/* tether-session-sidebar-dialogs.c: the dialogs that start sessions on a server (attach,
 * create) and its console window, for #TetherSessionSidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-attach-dialog.h"
#include "tether-console.h"
#include "tether-create-dialog.h"
#include "tether-session-sidebar.h"

static const char *
server_name (TetherServerPage *page)
{
  return tether_profile_get_name (tether_server_page_get_profile (page));
}

static void
session_started_cb (TetherSessionSidebar *self,
                    TetherSession        *session,
                    GtkWidget            *dialog)
{
  tether_session_sidebar_add (self, session, g_object_get_data (G_OBJECT (dialog),
                                                                "tether-profile"));
}

void
tether_session_sidebar_attach (TetherSessionSidebar *self,
                               TetherServerPage     *page,
                               TetherProcess        *process)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TetherAttachDialog *dialog;

  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));
  g_return_if_fail (TETHER_IS_SERVER_PAGE (page));

  dialog = tether_attach_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     tether_server_page_get_server (page), process);
  g_object_set_data_full (G_OBJECT (dialog), "tether-profile",
                          g_object_ref (tether_server_page_get_profile (page)), g_object_unref);
  g_signal_connect_object (dialog, "attached", G_CALLBACK (session_started_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
tether_session_sidebar_create (TetherSessionSidebar *self,
                               TetherServerPage     *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TetherCreateDialog *dialog;

  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));
  g_return_if_fail (TETHER_IS_SERVER_PAGE (page));

  dialog = tether_create_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     tether_server_page_get_server (page));
  g_object_set_data_full (G_OBJECT (dialog), "tether-profile",
                          g_object_ref (tether_server_page_get_profile (page)), g_object_unref);
  g_signal_connect_object (dialog, "created", G_CALLBACK (session_started_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
tether_session_sidebar_show_console (TetherSessionSidebar *self,
                                     TetherServerPage     *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = NULL;
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *console;

  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));
  g_return_if_fail (TETHER_IS_SERVER_PAGE (page));

  title = g_strdup_printf (_("Console — %s"), server_name (page));
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 560);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  console = tether_console_new (tether_server_page_get_server (page));
  gtk_widget_set_margin_top (console, 12);
  gtk_widget_set_margin_bottom (console, 12);
  gtk_widget_set_margin_start (console, 12);
  gtk_widget_set_margin_end (console, 12);
  gtk_widget_set_vexpand (console, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), console);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}
