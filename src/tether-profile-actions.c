/* tether-profile-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherProfileActions:
 *
 * Profile management as a #GActionGroup the window inserts as "profile": add and edit (a
 * #TetherProfileEditor), duplicate, delete (with a toast whose Undo puts the profile back; live
 * sessions on its server are released first, after asking, through the #TetherSessionSidebar), and
 * import or export through a file chooser (#GtkFileChooserNative: GTK 4.8 has no GtkFileDialog).
 * Every change is saved to profiles.json through the #TetherProfileStore at once.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "tether-profile-actions.h"
#include "tether-profile-editor.h"
#include "tether-session-sidebar.h"

struct _TetherProfileActions
{
  GSimpleActionGroup  parent_instance;

  GtkWindow          *window;     /* weak */
  TetherSessionSidebar *sidebar;  /* weak: the sessions to release before a delete */
  TetherProfileStore *store;
  TetherProfile      *deleted;    /* the last deleted profile, for Undo */
  GtkWindow          *editor;     /* weak */
  GtkNativeDialog    *chooser;
};

G_DEFINE_FINAL_TYPE (TetherProfileActions, tether_profile_actions, G_TYPE_SIMPLE_ACTION_GROUP)

enum {
  PROFILE_ADDED,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (TetherProfileActions *self,
       AdwToast             *toast)
{
  g_signal_emit (self, signals[TOAST], 0, toast);
  g_object_unref (toast);
}

static void
toast_message (TetherProfileActions *self,
               const char           *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  toast (self, adw_toast_new (escaped));
}

static TetherProfile *
lookup (TetherProfileActions *self,
        GVariant             *parameter)
{
  TetherProfile *profile = tether_profile_store_find_by_id (self->store,
                                                           g_variant_get_string (parameter, NULL));

  if (profile == NULL)
    toast_message (self, _("That server is no longer in the list"));
  return profile;
}

static gboolean
save (TetherProfileActions *self)
{
  g_autoptr(GError) error = NULL;

  if (tether_profile_store_save (self->store, &error))
    return TRUE;

  toast_message (self, error->message);
  return FALSE;
}

static void
editor_destroyed_cb (TetherProfileActions *self,
                     GtkWidget            *editor)
{
  if (self->editor == GTK_WINDOW (editor))
    self->editor = NULL;
}

static void
editor_saved_cb (TetherProfileActions *self,
                 TetherProfile        *profile,
                 TetherProfileEditor  *editor)
{
  /* A new profile: show it. */
  if (g_object_get_data (G_OBJECT (editor), "tether-new") != NULL)
    g_signal_emit (self, signals[PROFILE_ADDED], 0, profile);
}

static void
open_editor (TetherProfileActions *self,
             TetherProfile        *profile)
{
  TetherProfileEditor *editor;

  if (self->editor != NULL)
    gtk_window_destroy (self->editor);

  editor = tether_profile_editor_new (self->window, self->store, profile);
  if (profile == NULL)
    g_object_set_data (G_OBJECT (editor), "tether-new", GINT_TO_POINTER (TRUE));
  self->editor = GTK_WINDOW (editor);
  g_signal_connect_object (editor, "destroy", G_CALLBACK (editor_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  open_editor (user_data, NULL);
}

static void
edit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TetherProfile *profile = lookup (user_data, parameter);

  if (profile != NULL)
    open_editor (user_data, profile);
}

/* "Build box" → "Build box (copy)", "Build box (copy 2)"… whichever is free. */
static char *
copy_name (TetherProfileActions *self,
           const char           *name)
{
  char *candidate = g_strdup_printf (_("%s (copy)"), name);

  for (guint i = 2; tether_profile_store_find_by_name (self->store, candidate) != NULL; i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf (_("%s (copy %u)"), name, i);
    }
  return candidate;
}

static void
duplicate_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TetherProfileActions *self = user_data;
  TetherProfile *profile = lookup (self, parameter);
  g_autoptr(TetherProfile) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (profile == NULL)
    return;

  name = copy_name (self, tether_profile_get_name (profile));
  copy = tether_profile_new (name, tether_profile_get_server (profile));
  tether_profile_copy_settings (copy, profile);
  tether_profile_set_name (copy, name);
  tether_profile_set_created (copy, g_get_real_time () / G_USEC_PER_SEC);
  tether_profile_set_last_connected (copy, 0);
  if (!tether_profile_store_add (self->store, copy, &error))
    {
      toast_message (self, error->message);
      return;
    }
  if (save (self))
    g_signal_emit (self, signals[PROFILE_ADDED], 0, copy);
}

static void
delete_profile (TetherProfileActions *self,
                TetherProfile        *profile)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *deleted_toast;

  g_set_object (&self->deleted, profile);
  if (!tether_profile_store_remove (self->store, tether_profile_get_id (profile), &error))
    {
      g_clear_object (&self->deleted);
      toast_message (self, error->message);
      return;
    }
  save (self);

  escaped = g_markup_escape_text (tether_profile_get_name (profile), -1);
  title = g_strdup_printf (_("“%s” deleted"), escaped);
  deleted_toast = adw_toast_new (title);
  adw_toast_set_button_label (deleted_toast, _("_Undo"));
  adw_toast_set_action_name (deleted_toast, "profile.undo-delete");
  adw_toast_set_priority (deleted_toast, ADW_TOAST_PRIORITY_HIGH);
  toast (self, deleted_toast);
}

typedef struct
{
  TetherProfileActions *self;
  char                 *id;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_object_unref (data->self);
  g_free (data->id);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
delete_released_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  TetherProfile *profile;

  /* Cancelled: the profile and its sessions stay. */
  if (!tether_session_sidebar_release_profile_finish (TETHER_SESSION_SIDEBAR (object), result,
                                                      NULL) || data->self->store == NULL)
    return;
  /* Gone meanwhile (another program, or the store reloaded): nothing left to delete. */
  profile = tether_profile_store_find_by_id (data->self->store, data->id);
  if (profile != NULL)
    delete_profile (data->self, profile);
}

static void
delete_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TetherProfileActions *self = user_data;
  TetherProfile *profile = lookup (self, parameter);
  DeleteData *data;

  if (profile == NULL)
    return;

  /* Its sessions are removed before the profile goes, live ones released after asking; the
   * built-in profile cannot go, and says so. */
  if (self->sidebar == NULL || tether_profile_get_is_builtin (profile) ||
      tether_session_sidebar_forget_profile (self->sidebar, profile))
    {
      delete_profile (self, profile);
      return;
    }
  data = g_new0 (DeleteData, 1);
  data->self = g_object_ref (self);
  data->id = g_strdup (tether_profile_get_id (profile));
  tether_session_sidebar_release_profile_async (self->sidebar, profile, NULL, delete_released_cb,
                                                data);
}

static void
undo_delete_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TetherProfileActions *self = user_data;
  g_autoptr(TetherProfile) profile = g_steal_pointer (&self->deleted);
  g_autoptr(GError) error = NULL;

  if (profile == NULL)
    return;

  if (!tether_profile_store_add (self->store, profile, &error))
    {
      toast_message (self, error->message);
      return;
    }
  if (save (self))
    g_signal_emit (self, signals[PROFILE_ADDED], 0, profile);
}

/* Import and export */

gboolean
tether_profile_actions_import_file (TetherProfileActions  *self,
                                    GFile                 *file,
                                    GError               **error)
{
  guint n = 0;
  g_autofree char *message = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_ACTIONS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!tether_profile_store_import (self->store, file, &n, error) ||
      !tether_profile_store_save (self->store, error))
    return FALSE;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u server",
                                          "Imported %u servers", n), n);
  toast_message (self, message);
  return TRUE;
}

gboolean
tether_profile_actions_export_file (TetherProfileActions  *self,
                                    GFile                 *file,
                                    GError               **error)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE_ACTIONS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!tether_profile_store_export (self->store, file, NULL, error))
    return FALSE;

  name = g_file_get_basename (file);
  message = g_strdup_printf (_("Exported the servers to “%s”"), name);
  toast_message (self, message);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog      *chooser,
                     int                   response,
                     TetherProfileActions *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean import = g_object_get_data (G_OBJECT (chooser), "tether-import") != NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL &&
      !(import ? tether_profile_actions_import_file (self, file, &error)
               : tether_profile_actions_export_file (self, file, &error)))
    toast_message (self, error->message);

  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
open_chooser (TetherProfileActions *self,
              gboolean              import)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  chooser = gtk_file_chooser_native_new (import ? _("Import Servers") : _("Export Servers"),
                                         self->window,
                                         import ? GTK_FILE_CHOOSER_ACTION_OPEN
                                                : GTK_FILE_CHOOSER_ACTION_SAVE,
                                         import ? _("_Import") : _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Server lists (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (!import)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "tether-servers.json");
  if (import)
    g_object_set_data (G_OBJECT (chooser), "tether-import", GINT_TO_POINTER (TRUE));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
import_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  open_chooser (user_data, TRUE);
}

static void
export_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  open_chooser (user_data, FALSE);
}

static const GActionEntry entries[] = {
  { .name = "new", .activate = new_activated },
  { .name = "edit", .activate = edit_activated, .parameter_type = "s" },
  { .name = "duplicate", .activate = duplicate_activated, .parameter_type = "s" },
  { .name = "delete", .activate = delete_activated, .parameter_type = "s" },
  { .name = "undo-delete", .activate = undo_delete_activated },
  { .name = "import", .activate = import_activated },
  { .name = "export", .activate = export_activated },
};

/* GObject */

static void
tether_profile_actions_dispose (GObject *object)
{
  TetherProfileActions *self = (TetherProfileActions *)object;

  if (self->editor != NULL)
    gtk_window_destroy (self->editor);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->sidebar);
  g_clear_object (&self->store);
  g_clear_object (&self->deleted);

  G_OBJECT_CLASS (tether_profile_actions_parent_class)->dispose (object);
}

static void
tether_profile_actions_class_init (TetherProfileActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_profile_actions_dispose;

  /* A profile was added (new, duplicated, or back from Undo): the window selects it. */
  signals[PROFILE_ADDED] =
    g_signal_new ("profile-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, TETHER_TYPE_PROFILE);
  /* Something to tell the user, as an AdwToast. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
tether_profile_actions_init (TetherProfileActions *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}

TetherProfileActions *
tether_profile_actions_new (GtkWindow          *window,
                            TetherProfileStore *store)
{
  TetherProfileActions *self;

  g_return_val_if_fail (window == NULL || GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (store), NULL);

  self = g_object_new (TETHER_TYPE_PROFILE_ACTIONS, NULL);
  g_set_weak_pointer (&self->window, window);
  self->store = g_object_ref (store);
  return self;
}

void
tether_profile_actions_set_sidebar (TetherProfileActions *self,
                                    TetherSessionSidebar *sidebar)
{
  g_return_if_fail (TETHER_IS_PROFILE_ACTIONS (self));
  g_return_if_fail (sidebar == NULL || TETHER_IS_SESSION_SIDEBAR (sidebar));

  g_set_weak_pointer (&self->sidebar, sidebar);
}

GtkWindow *
tether_profile_actions_get_editor (TetherProfileActions *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_ACTIONS (self), NULL);

  return self->editor;
}
