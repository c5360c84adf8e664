/* tether-session-sidebar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-profile-row.h"
#include "tether-session-sidebar.h"

struct _TetherSessionSidebar
{
  AdwBin       parent_instance;

  /* Template widgets */
  GtkListBox  *list;

  /* Borrowed */
  GtkStack    *stack;
  GtkListBoxCreateWidgetFunc create_profile_row;
  gpointer     create_profile_row_data;

  /* Owned */
  GListStore  *sessions;
  GHashTable  *pages;     /* TetherSession → TetherSessionPage (owned by the stack) */
  GHashTable  *sections;  /* profile id → GListStore: the profile, then its sessions */
  GListModel  *rows;      /* the sections of every profile, flattened */
};

G_DEFINE_FINAL_TYPE (TetherSessionSidebar, tether_session_sidebar, ADW_TYPE_BIN)

/* Rows */

static gboolean
state_to_icon (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  switch ((TetherSessionState)g_value_get_enum (from))
    {
    case TETHER_SESSION_RUNNING: g_value_set_string (to, "media-playback-start-symbolic"); break;
    case TETHER_SESSION_STOPPED: g_value_set_string (to, "media-playback-pause-symbolic"); break;
    case TETHER_SESSION_LOST: g_value_set_string (to, "network-error-symbolic"); break;
    case TETHER_SESSION_EXITED:
    case TETHER_SESSION_KILLED:
    case TETHER_SESSION_DETACHED:
    default: g_value_set_string (to, "process-stop-symbolic"); break;
    }
  return TRUE;
}

static GtkWidget *
create_session_row (TetherSession *session)
{
  const char *server_name = g_object_get_data (G_OBJECT (session), "tether-server-name");
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);

  /* Under the server's name: the profile row's state icon (16 px) and spacing (12 px). */
  gtk_widget_set_margin_start (box, 28);
  gtk_widget_add_css_class (row, "tether-session-row");
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 12);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (title, "caption");
  g_object_bind_property (session, "title", title, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (session, "state-text", row, "tooltip-text", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (session, "state", icon, "icon-name", G_BINDING_SYNC_CREATE,
                               state_to_icon, NULL, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  server_name, -1);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "tether-session", g_object_ref (session),
                          g_object_unref);
  return row;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TetherSessionSidebar *self = user_data;

  if (TETHER_IS_SESSION (item))
    return create_session_row (item);
  return self->create_profile_row (item, self->create_profile_row_data);
}

/* The row showing @item (a profile or a session), or NULL. */
static GtkListBoxRow *
find_row (TetherSessionSidebar *self,
          gpointer              item)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      if (TETHER_IS_PROFILE_ROW (row)
          ? tether_profile_row_get_profile (TETHER_PROFILE_ROW (row)) == item
          : g_object_get_data (G_OBJECT (row), "tether-session") == item)
        return row;
    }
  return NULL;
}

/* Sections: a profile and its sessions, one GListStore each */

static GListStore *
ensure_section (TetherSessionSidebar *self,
                TetherProfile        *profile)
{
  const char *id = tether_profile_get_id (profile);
  GListStore *section = g_hash_table_lookup (self->sections, id);
  g_autoptr(GObject) first = NULL;

  if (section == NULL)
    {
      section = g_list_store_new (G_TYPE_OBJECT);
      g_list_store_append (section, profile);
      g_hash_table_insert (self->sections, g_strdup (id), section);
      return section;
    }

  /* The store reloaded: the same server, a new profile object. */
  first = g_list_model_get_item (G_LIST_MODEL (section), 0);
  if (first != G_OBJECT (profile))
    g_list_store_splice (section, 0, 1, (gpointer *)&profile, 1);
  return section;
}

static gpointer
map_profile (gpointer item,
             gpointer user_data)
{
  g_autoptr(TetherProfile) profile = item;

  return g_object_ref (ensure_section (user_data, profile));
}

static void
row_selected_cb (GtkListBox           *list,
                 GtkListBoxRow        *row,
                 TetherSessionSidebar *self)
{
  TetherSession *session;
  GtkWidget *page;

  if (row == NULL || self->stack == NULL || TETHER_IS_PROFILE_ROW (row))
    return;

  session = g_object_get_data (G_OBJECT (row), "tether-session");
  page = g_hash_table_lookup (self->pages, session);
  if (page != NULL)
    gtk_stack_set_visible_child (self->stack, page);
}

/* Closing */

static void
remove_session (TetherSessionSidebar *self,
                TetherSession        *session)
{
  GtkWidget *page;
  GListStore *section;
  GtkListBoxRow *row;
  guint position;

  /* Released after the window went: nothing left to remove. */
  if (self->pages == NULL)
    return;

  page = g_hash_table_lookup (self->pages, session);
  section = g_hash_table_lookup (self->sections,
                                 g_object_get_data (G_OBJECT (session), "tether-profile-id"));
  row = find_row (self, session);
  /* Its row was selected: its server's row is, now. */
  if (row != NULL && row == gtk_list_box_get_selected_row (self->list) && section != NULL)
    {
      g_autoptr(GObject) profile = g_list_model_get_item (G_LIST_MODEL (section), 0);

      gtk_list_box_select_row (self->list, find_row (self, profile));
    }
  if (section != NULL && g_list_store_find (section, session, &position))
    g_list_store_remove (section, position);
  if (g_list_store_find (self->sessions, session, &position))
    g_list_store_remove (self->sessions, position);
  if (page != NULL)
    {
      if (self->stack != NULL && gtk_widget_get_parent (page) == GTK_WIDGET (self->stack))
        gtk_stack_remove (self->stack, page);
      g_hash_table_remove (self->pages, session);
    }
}

static void
close_release_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TetherSessionSidebar) self = user_data;
  TetherSession *session = TETHER_SESSION (object);

  /* A failure stays on the page (the session's error), for the user to see and retry. */
  if (tether_session_control_finish (session, result, NULL))
    remove_session (self, session);
}

static void
close_response_cb (AdwMessageDialog     *dialog,
                   const char           *response,
                   TetherSessionSidebar *self)
{
  TetherSession *session = g_object_get_data (G_OBJECT (dialog), "tether-session");

  if (g_strcmp0 (response, "kill") == 0)
    tether_session_control_async (session, TETHER_CONTROL_KILL, NULL, close_release_cb,
                                  g_object_ref (self));
  else if (g_strcmp0 (response, "leave") == 0)
    tether_session_control_async (session, TETHER_CONTROL_DETACH, NULL, close_release_cb,
                                  g_object_ref (self));
}

void
tether_session_sidebar_close (TetherSessionSidebar *self,
                              TetherSession        *session)
{
  GtkRoot *root;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));
  g_return_if_fail (TETHER_IS_SESSION (session));

  if (!tether_session_get_can_detach (session))
    {
      remove_session (self, session);
      return;
    }
  if (!tether_session_get_created (session))
    {
      tether_session_control_async (session, TETHER_CONTROL_DETACH, NULL, close_release_cb,
                                    g_object_ref (self));
      return;
    }

  /* Tether started it: kill it, or let it run on? */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  heading = g_strdup_printf (_("Close %s?"), tether_session_get_title (session));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Tether started this process. Kill it, or leave it running "
                                     "on the server without Tether?"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "leave", _("_Leave Running"),
                                    "kill", _("_Kill"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "kill",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "leave");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tether-session", g_object_ref (session),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Releasing everything, or a server's sessions */

/* @profile_id: a server's sessions only, or NULL for all. */
static gboolean
in_profile (TetherSession *session,
            const char    *profile_id)
{
  return profile_id == NULL ||
         g_strcmp0 (g_object_get_data (G_OBJECT (session), "tether-profile-id"), profile_id) == 0;
}

static void
release_one_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  guint *pending = g_task_get_task_data (task);

  tether_session_control_finish (TETHER_SESSION (object), result, NULL);
  if (--(*pending) == 0)
    g_task_return_boolean (task, TRUE);
}

static void
release_async (TetherSessionSidebar *self,
               const char           *profile_id,
               gboolean              kill_created,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  guint *pending = g_new0 (guint, 1);
  guint n;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_session_sidebar_release_all_async);
  g_task_set_task_data (task, pending, g_free);

  /* One extra count while starting, so that a quick answer cannot end the task early. */
  *pending = 1;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TetherSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      if (!tether_session_get_can_detach (session) || !in_profile (session, profile_id))
        continue;
      (*pending)++;
      tether_session_control_async (session,
                                    kill_created && tether_session_get_created (session)
                                      ? TETHER_CONTROL_KILL : TETHER_CONTROL_DETACH,
                                    NULL, release_one_cb, g_object_ref (task));
    }
  if (--(*pending) == 0)
    g_task_return_boolean (task, TRUE);
}

void
tether_session_sidebar_release_all_async (TetherSessionSidebar *self,
                                          gboolean              kill_created,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));

  release_async (self, NULL, kill_created, cancellable, callback, user_data);
}

gboolean
tether_session_sidebar_release_all_finish (TetherSessionSidebar  *self,
                                           GAsyncResult          *result,
                                           GError               **error)
{
  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static guint
count_live (TetherSessionSidebar *self,
            const char           *profile_id,
            guint                *n_created)
{
  guint n, live = 0, created = 0;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TetherSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      if (!tether_session_get_can_detach (session) || !in_profile (session, profile_id))
        continue;
      live++;
      if (tether_session_get_created (session))
        created++;
    }
  if (n_created != NULL)
    *n_created = created;
  return live;
}

guint
tether_session_sidebar_count_live (TetherSessionSidebar *self,
                                   guint                *n_created)
{
  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), 0);

  return count_live (self, NULL, n_created);
}

/* Removes every session of the server (after releasing them). */
static void
remove_profile_sessions (TetherSessionSidebar *self,
                         const char           *profile_id)
{
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i > 0; i--)
    {
      g_autoptr(TetherSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions),
                                                                i - 1);

      if (in_profile (session, profile_id))
        remove_session (self, session);
    }
}

/* Quitting, or deleting a server: ask once */

static void
ask_released_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherSessionSidebar *self = TETHER_SESSION_SIDEBAR (object);
  const char *profile_id = g_task_get_task_data (task);

  tether_session_sidebar_release_all_finish (self, result, NULL);
  if (profile_id != NULL && self->pages != NULL)
    remove_profile_sessions (self, profile_id);
  g_task_return_boolean (task, TRUE);
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 GTask            *task)
{
  TetherSessionSidebar *self = g_task_get_source_object (task);

  if (g_strcmp0 (response, "detach") == 0 || g_strcmp0 (response, "kill") == 0)
    release_async (self, g_task_get_task_data (task), g_str_equal (response, "kill"), NULL,
                   ask_released_cb, g_object_ref (task));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             g_task_get_task_data (task) != NULL ? _("Not deleting the server")
                                                                 : _("Not quitting"));
}

/* With live sessions (of @profile_id's server, or all when NULL), asks what to do with them, then
 * does it; @task (its data: @profile_id) returns TRUE when done, FALSE when the user cancelled. */
static void
ask_release (TetherSessionSidebar *self,
             GTask                *task,
             const char           *heading,
             const char           *detach_label)
{
  const char *profile_id = g_task_get_task_data (task);
  g_autoptr(GString) body = g_string_new (NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  guint n_created = 0;
  guint n;

  count_live (self, profile_id, &n_created);
  g_string_append (body, n_created > 0
                           ? _("Tether will detach from these processes, which then run on. "
                               "Those Tether started may be killed instead:")
                           : _("Tether will detach from these processes, which then run on:"));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TetherSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      if (tether_session_get_can_detach (session) && in_profile (session, profile_id))
        g_string_append_printf (body, "\n• %s%s", tether_session_get_title (session),
                                tether_session_get_created (session) ? _(" (started by Tether)")
                                                                     : "");
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "detach", n_created > 0 ? _("_Leave All Running")
                                                            : detach_label,
                                    NULL);
  if (n_created > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "kill",
                                       _("_Kill Started Ones"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "kill",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "detach",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "detach");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (ask_response_cb), g_object_ref (task),
                         (GClosureNotify)(void (*) (void))g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
tether_session_sidebar_release_for_quit_async (TetherSessionSidebar *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  guint live;

  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_session_sidebar_release_for_quit_async);

  live = count_live (self, NULL, NULL);
  if (live == 0)
    g_task_return_boolean (task, TRUE);
  else
    ask_release (self, task, g_dngettext (GETTEXT_PACKAGE, "Quit While Debugging a Process?",
                                          "Quit While Debugging Processes?", live),
                 _("_Detach and Quit"));
}

gboolean
tether_session_sidebar_release_for_quit_finish (TetherSessionSidebar  *self,
                                                GAsyncResult          *result,
                                                GError               **error)
{
  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
tether_session_sidebar_forget_profile (TetherSessionSidebar *self,
                                       TetherProfile        *profile)
{
  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), FALSE);
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), FALSE);

  if (count_live (self, tether_profile_get_id (profile), NULL) > 0)
    return FALSE;
  remove_profile_sessions (self, tether_profile_get_id (profile));
  return TRUE;
}

void
tether_session_sidebar_release_profile_async (TetherSessionSidebar *self,
                                              TetherProfile        *profile,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *heading = NULL;
  const char *id;
  guint live;

  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));
  g_return_if_fail (TETHER_IS_PROFILE (profile));

  id = tether_profile_get_id (profile);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_session_sidebar_release_profile_async);
  g_task_set_task_data (task, g_strdup (id), g_free);

  if (tether_session_sidebar_forget_profile (self, profile))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  live = count_live (self, id, NULL);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Delete “%s” While Debugging a Process?",
                                          "Delete “%s” While Debugging Processes?", live),
                             tether_profile_get_name (profile));
  ask_release (self, task, heading, _("_Detach and Delete"));
}

gboolean
tether_session_sidebar_release_profile_finish (TetherSessionSidebar  *self,
                                               GAsyncResult          *result,
                                               GError               **error)
{
  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Public */

void
tether_session_sidebar_set_stack (TetherSessionSidebar *self,
                                  GtkStack             *stack)
{
  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));
  g_return_if_fail (GTK_IS_STACK (stack));

  self->stack = stack;
}

void
tether_session_sidebar_bind_profiles (TetherSessionSidebar       *self,
                                      GListModel                 *profiles,
                                      GtkListBoxCreateWidgetFunc  create_profile_row,
                                      gpointer                    user_data)
{
  GtkMapListModel *map;

  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));
  g_return_if_fail (G_IS_LIST_MODEL (profiles));
  g_return_if_fail (create_profile_row != NULL);

  self->create_profile_row = create_profile_row;
  self->create_profile_row_data = user_data;
  map = gtk_map_list_model_new (g_object_ref (profiles), map_profile, self, NULL);
  g_clear_object (&self->rows);
  self->rows = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (map)));
  gtk_list_box_bind_model (self->list, self->rows, create_row, self, NULL);
}

GtkListBox *
tether_session_sidebar_get_list (TetherSessionSidebar *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), NULL);

  return self->list;
}

GListModel *
tether_session_sidebar_get_sessions (TetherSessionSidebar *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), NULL);

  return G_LIST_MODEL (self->sessions);
}

TetherSessionPage *
tether_session_sidebar_add (TetherSessionSidebar *self,
                            TetherSession        *session,
                            TetherProfile        *profile)
{
  const char *server_name;
  GtkListBoxRow *row;
  GtkWidget *page;

  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), NULL);
  g_return_val_if_fail (TETHER_IS_SESSION (session), NULL);
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (self->stack != NULL, NULL);

  page = g_hash_table_lookup (self->pages, session);
  if (page == NULL)
    {
      server_name = tether_profile_get_name (profile);
      g_object_set_data_full (G_OBJECT (session), "tether-server-name", g_strdup (server_name),
                              g_free);
      g_object_set_data_full (G_OBJECT (session), "tether-profile-id",
                              g_strdup (tether_profile_get_id (profile)), g_free);
      page = tether_session_page_new (session, server_name);
      gtk_stack_add_child (self->stack, page);
      g_hash_table_insert (self->pages, g_object_ref (session), page);
      g_list_store_append (self->sessions, session);
      g_list_store_append (ensure_section (self, profile), session);
    }

  row = find_row (self, session);
  if (row != NULL)
    gtk_list_box_select_row (self->list, row);
  gtk_stack_set_visible_child (self->stack, page);
  return TETHER_SESSION_PAGE (page);
}

TetherSessionPage *
tether_session_sidebar_get_page (TetherSessionSidebar *self,
                                 TetherSession        *session)
{
  g_return_val_if_fail (TETHER_IS_SESSION_SIDEBAR (self), NULL);

  return g_hash_table_lookup (self->pages, session);
}

void
tether_session_sidebar_unselect (TetherSessionSidebar *self)
{
  GtkListBoxRow *row;

  g_return_if_fail (TETHER_IS_SESSION_SIDEBAR (self));

  row = gtk_list_box_get_selected_row (self->list);
  if (row != NULL && !TETHER_IS_PROFILE_ROW (row))
    gtk_list_box_unselect_row (self->list, row);
}

/* GObject */

static void
tether_session_sidebar_dispose (GObject *object)
{
  TetherSessionSidebar *self = (TetherSessionSidebar *)object;

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  /* The list is the bin's child: let the bin drop it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_SESSION_SIDEBAR);

  g_clear_object (&self->rows);
  g_clear_pointer (&self->sections, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_object (&self->sessions);
  self->stack = NULL;

  G_OBJECT_CLASS (tether_session_sidebar_parent_class)->dispose (object);
}

static void
tether_session_sidebar_class_init (TetherSessionSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tether_session_sidebar_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/tether/Tether/tether-session-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherSessionSidebar, list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static void
tether_session_sidebar_init (TetherSessionSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sessions = g_list_store_new (TETHER_TYPE_SESSION);
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

GtkWidget *
tether_session_sidebar_new (void)
{
  return g_object_new (TETHER_TYPE_SESSION_SIDEBAR, NULL);
}
