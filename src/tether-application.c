/* tether-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-application.h"
#include "tether-profile-store.h"
#include "tether-window.h"

struct _TetherApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (TetherApplication, tether_application, ADW_TYPE_APPLICATION)

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Through each window's close-request, so that live debugging sessions are released first
   * (the window asks); the application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("Tether"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Tether developers"),
                         "comments", _("Attach to and start processes on remote debug servers"),
                         "website", "https://github.com/tether/tether",
                         "issue-url", "https://github.com/tether/tether/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line, as "Name <email>" */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
};

static void
tether_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *refresh_accels[] = { "F5", NULL };
  static const char *find_accels[] = { "<Control>f", NULL };
  static const char *connect_accels[] = { "<Control>Return", NULL };
  /* The same key as Connect: each is enabled only when the other is not. */
  static const char *attach_accels[] = { "<Control>Return", NULL };
  static const char *attach_dialog_accels[] = { "<Control><Shift>a", NULL };
  static const char *create_accels[] = { "<Control><Shift>n", NULL };
  static const char *close_session_accels[] = { "<Control>w", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };

  G_APPLICATION_CLASS (tether_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.refresh",
                                         refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.find", find_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.connect",
                                         connect_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.attach-selection",
                                         attach_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.attach",
                                         attach_dialog_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.create-process",
                                         create_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.close-session",
                                         close_session_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "profile.new",
                                         new_accels);
}

static void
tether_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      g_autoptr(TetherProfileStore) store = tether_profile_store_new_default ();

      /* A failed load is the store's state (has-error), which the window shows as a toast. */
      tether_profile_store_load (store, NULL);
      window = GTK_WINDOW (tether_window_new (GTK_APPLICATION (application), store));
    }

  gtk_window_present (window);
}

static void
tether_application_class_init (TetherApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->startup = tether_application_startup;
  application_class->activate = tether_application_activate;
}

static void
tether_application_init (TetherApplication *self)
{
}

TetherApplication *
tether_application_new (void)
{
  return g_object_new (TETHER_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
