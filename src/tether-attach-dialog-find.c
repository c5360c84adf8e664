/* tether-attach-dialog-find.c: TetherAttachDialog: by name, and waiting for a new process
 *
 * Both go through a TetherProcessWatch: every process a name matches now (several are listed to
 * choose from), or the first one to start after the wait began.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-attach-dialog-private.h"

/* By name */

GtkWidget *
_tether_attach_dialog_create_match_row (gpointer item,
                                        gpointer user_data)
{
  TetherProcess *process = item;
  const char *exe = tether_process_get_exe (process);
  g_autofree char *title = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")",
                                            exe != NULL ? exe : tether_process_get_name (process),
                                            tether_process_get_pid (process));
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *command = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* One line: a command line may hold line breaks. */
  command = g_strdup (tether_process_get_command_line (process));
  if (command != NULL)
    g_strdelimit (command, "\n\r\t", ' ');
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), command);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

void
_tether_attach_dialog_match_activated_cb (GtkListBox         *list,
                                          GtkListBoxRow      *row,
                                          TetherAttachDialog *self)
{
  g_autoptr(TetherProcess) process = NULL;

  if (self->busy)
    return;
  process = g_list_model_get_item (G_LIST_MODEL (self->matches),
                                   (guint)gtk_list_box_row_get_index (row));
  g_set_object (&self->process, process);
  _tether_attach_dialog_start_attach (self, tether_process_get_pid (process));
}

static void
find_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TetherAttachDialog) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Closed meanwhile: nothing to show. */
  if (self->server == NULL)
    return;

  found = tether_process_watch_find_finish (TETHER_PROCESS_WATCH (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _tether_attach_dialog_set_busy (self, FALSE, FALSE);
  if (found == NULL)
    {
      _tether_attach_dialog_set_explanation (self, error->message, TRUE);
      return;
    }

  if (found->len == 0)
    {
      text = g_strdup_printf (_("No process on the server runs “%s”. Check the name, or use "
                                "“Wait for New Process” to attach when it starts."),
                              gtk_editable_get_text (GTK_EDITABLE (self->target_row)));
      _tether_attach_dialog_set_explanation (self, text, TRUE);
      return;
    }
  if (found->len == 1)
    {
      g_set_object (&self->process, g_ptr_array_index (found, 0));
      _tether_attach_dialog_start_attach (self, tether_process_get_pid (self->process));
      return;
    }

  g_list_store_splice (self->matches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->matches)),
                       found->pdata, found->len);
  gtk_widget_set_visible (self->matches_group, TRUE);
  text = g_strdup_printf (_("%u processes match “%s”: choose one."), found->len,
                          gtk_editable_get_text (GTK_EDITABLE (self->target_row)));
  _tether_attach_dialog_set_explanation (self, text, FALSE);
}

/* Waiting */

static void
polls_cb (TetherAttachDialog *self,
          GParamSpec         *pspec,
          TetherProcessWatch *watch)
{
  g_autofree char *text = NULL;
  guint polls = tether_process_watch_get_polls (watch);

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Waiting for %s to start… (%u listing so far)",
                                       "Waiting for %s to start… (%u listings so far)", polls),
                          tether_process_watch_get_description (watch), polls);
  gtk_label_set_label (self->waiting_label, text);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TetherAttachDialog) self = user_data;
  g_autoptr(TetherProcess) process = NULL;
  g_autoptr(GError) error = NULL;

  /* Closed meanwhile: nothing to show. */
  if (self->server == NULL)
    return;

  process = tether_process_watch_wait_finish (TETHER_PROCESS_WATCH (object), result, &error);
  if (process == NULL)
    {
      _tether_attach_dialog_set_busy (self, FALSE, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _tether_attach_dialog_set_explanation (self, _("Stopped waiting."), FALSE);
      else
        _tether_attach_dialog_set_explanation (self, error->message, TRUE);
      return;
    }

  /* It may live only a moment: attach at once, and explain afterwards if that fails. */
  _tether_attach_dialog_set_busy (self, TRUE, FALSE);
  g_set_object (&self->process, process);
  _tether_attach_dialog_attach_now (self, process);
}

void
_tether_attach_dialog_start_wait (TetherAttachDialog *self)
{
  const char *pattern = gtk_editable_get_text (GTK_EDITABLE (self->wait_row));
  guint rule = adw_combo_row_get_selected (self->wait_rule_row);
  guint timeout_s = (guint)gtk_spin_button_get_value_as_int (self->timeout_spin);
  GCancellable *cancellable;

  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);

  if (rule == 2)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &error);

      if (regex == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("This regular expression is not valid: "
                                                     "%s"), error->message);

          _tether_attach_dialog_set_explanation (self, text, TRUE);
          gtk_widget_add_css_class (GTK_WIDGET (self->wait_row), "error");
          return;
        }
      self->watch = tether_process_watch_new_for_regex (self->server, regex);
    }
  else
    self->watch = tether_process_watch_new_for_name (self->server, pattern,
                                                     rule == 1 ? TETHER_MATCH_FULL
                                                               : TETHER_MATCH_DEFAULT);

  _tether_attach_dialog_set_explanation (self, NULL, FALSE);
  cancellable = _tether_attach_dialog_start_job (self, TRUE);
  g_signal_connect_object (self->watch, "notify::polls", G_CALLBACK (polls_cb), self,
                           G_CONNECT_SWAPPED);
  polls_cb (self, NULL, self->watch);
  tether_process_watch_wait_async (self->watch, timeout_s * 1000, cancellable, wait_cb,
                                   g_object_ref (self));
}

void
_tether_attach_dialog_wait_changed_cb (TetherAttachDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->wait_row), "error");
  if (!self->busy)
    _tether_attach_dialog_set_explanation (self, NULL, FALSE);
  _tether_attach_dialog_update_actions (self);
}

void
_tether_attach_dialog_start_find (TetherAttachDialog *self,
                                  const char         *name,
                                  TetherMatchRule     rule)
{
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  self->watch = tether_process_watch_new_for_name (self->server, name, rule);
  _tether_attach_dialog_set_explanation (self, _("Looking for it…"), FALSE);
  tether_process_watch_find_async (self->watch, _tether_attach_dialog_start_job (self, FALSE),
                                   find_cb, g_object_ref (self));
}
