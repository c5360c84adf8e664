/* tether-attach-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-attach-dialog-private.h"
#include "tether-error.h"

/* How long typing may pause before the PID is checked. */
#define CHECK_DELAY_MS 250

G_DEFINE_FINAL_TYPE (TetherAttachDialog, tether_attach_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_PROCESS,
  PROP_EXPLANATION,
  PROP_HAS_ERROR,
  PROP_WAITING,
  PROP_BUSY,
  N_PROPS
};

enum {
  ATTACHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const TetherMatchRule rules[] = {
  TETHER_MATCH_DEFAULT, TETHER_MATCH_FULL, TETHER_MATCH_ONLY,
};

/* State */

static gboolean
in_wait_mode (TetherAttachDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "wait") == 0;
}

static gboolean
parse_pid (const char *text,
           gint64     *pid)
{
  guint64 value;

  if (text == NULL || text[0] == '\0' ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    return FALSE;
  *pid = (gint64)value;
  return TRUE;
}

void
_tether_attach_dialog_set_explanation (TetherAttachDialog *self,
                                       const char         *text,
                                       gboolean            is_error)
{
  GtkWidget *label = GTK_WIDGET (self->explanation_label);

  g_free (self->explanation);
  self->explanation = g_strdup (text);
  self->has_error = text != NULL && is_error;

  gtk_label_set_label (self->explanation_label, text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL);
  if (self->has_error)
    {
      gtk_widget_add_css_class (label, "error");
      gtk_widget_remove_css_class (label, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPLANATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ERROR]);
}

void
_tether_attach_dialog_update_actions (TetherAttachDialog *self)
{
  gboolean ready;

  if (in_wait_mode (self))
    ready = gtk_editable_get_text (GTK_EDITABLE (self->wait_row))[0] != '\0';
  else
    ready = gtk_editable_get_text (GTK_EDITABLE (self->target_row))[0] != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attach.attach", ready && !self->busy);
  gtk_button_set_label (self->attach_button, in_wait_mode (self) ? _("_Wait and Attach")
                                                                 : _("_Attach"));
}

void
_tether_attach_dialog_set_busy (TetherAttachDialog *self,
                                gboolean            busy,
                                gboolean            waiting)
{
  gboolean was_waiting = gtk_widget_get_visible (self->waiting_box);

  self->busy = busy;
  gtk_widget_set_visible (self->waiting_box, waiting);
  gtk_spinner_set_spinning (self->waiting_spinner, waiting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_stack), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_switch), !busy);
  if (!busy)
    g_clear_object (&self->cancellable);
  _tether_attach_dialog_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (was_waiting != waiting)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
}

GCancellable *
_tether_attach_dialog_start_job (TetherAttachDialog *self,
                                 gboolean            waiting)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  _tether_attach_dialog_set_busy (self, TRUE, waiting);
  return self->cancellable;
}

/* Attaching: describe (for the name), check, attach */

static void
session_attached_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TetherAttachDialog) self = user_data;
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gboolean closed = self->server == NULL;

  /* Not cancellable: an attach is never abandoned half-way. A session that arrives after the
   * dialog was closed is still handed over, so that nothing stays attached unseen. */
  session = tether_session_attach_finish (result, &error);
  if (session != NULL)
    g_signal_emit (self, signals[ATTACHED], 0, session);
  if (closed)
    return;

  _tether_attach_dialog_set_busy (self, FALSE, FALSE);
  if (session == NULL)
    {
      _tether_attach_dialog_set_explanation (self, error->message, TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

void
_tether_attach_dialog_attach_now (TetherAttachDialog *self,
                                  TetherProcess      *process)
{
  const char *name = tether_process_get_name (process);
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;

  if (tether_process_get_exe (process) != NULL)
    name = base = g_path_get_basename (tether_process_get_exe (process));
  /* A PID fits an int (pid_t), and xgettext cannot read G_GINT64_FORMAT. */
  text = g_strdup_printf (_("Attaching to process %d…"), (int)tether_process_get_pid (process));
  _tether_attach_dialog_set_explanation (self, text, FALSE);
  tether_session_attach_async (self->server, tether_process_get_pid (process), name,
                               !gtk_switch_get_active (self->stop_switch), NULL,
                               session_attached_cb, g_object_ref (self));
}

static void
attach_check_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TetherAttachDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  TetherProcess *process = g_object_get_data (G_OBJECT (self), "tether-attach-target");

  /* Closed meanwhile: nothing to show. */
  if (self->server == NULL)
    return;

  if (!tether_server_check_attach_finish (TETHER_SERVER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _tether_attach_dialog_set_busy (self, FALSE, FALSE);
      _tether_attach_dialog_set_explanation (self, error->message, TRUE);
      return;
    }

  _tether_attach_dialog_attach_now (self, process);
}

static void
attach_describe_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TetherAttachDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  TetherProcess *process = g_object_get_data (G_OBJECT (self), "tether-attach-target");

  /* Closed meanwhile: nothing to show. */
  if (self->server == NULL)
    return;

  /* Only for the name: the check below explains a process that is gone. */
  if (!tether_server_describe_process_finish (TETHER_SERVER (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  tether_server_check_attach_async (self->server, tether_process_get_pid (process),
                                    self->cancellable, attach_check_cb, g_object_ref (self));
}

/* Checks what stands in the way, then attaches to @pid. */
void
_tether_attach_dialog_start_attach (TetherAttachDialog *self,
                                    gint64              pid)
{
  g_autoptr(TetherProcess) process = NULL;

  if (self->process != NULL && tether_process_get_pid (self->process) == pid)
    process = g_object_ref (self->process);
  else
    process = tether_process_new (pid);

  _tether_attach_dialog_start_job (self, FALSE);
  g_object_set_data_full (G_OBJECT (self), "tether-attach-target", g_object_ref (process),
                          g_object_unref);
  if (tether_process_get_has_details (process))
    tether_server_check_attach_async (self->server, pid, self->cancellable, attach_check_cb,
                                      g_object_ref (self));
  else
    tether_server_describe_process_async (self->server, process, self->cancellable,
                                          attach_describe_cb, g_object_ref (self));
}

/* The pre-flight check while typing a PID */

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TetherAttachDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 pid = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (self), "tether-checked-pid"));
  g_autofree char *text = NULL;

  /* Closed meanwhile: nothing to show. */
  if (self->server == NULL)
    return;

  if (!tether_server_check_attach_finish (TETHER_SERVER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _tether_attach_dialog_set_explanation (self, error->message, TRUE);
      return;
    }

  text = g_strdup_printf (_("Nothing stands in the way of attaching to process %d."), (int)pid);
  _tether_attach_dialog_set_explanation (self, text, FALSE);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  TetherAttachDialog *self = user_data;
  gint64 pid;

  self->check_source = 0;
  if (self->busy || !parse_pid (gtk_editable_get_text (GTK_EDITABLE (self->target_row)), &pid))
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self), "tether-checked-pid", GSIZE_TO_POINTER (pid));
  tether_server_check_attach_async (self->server, pid, self->check_cancellable, check_cb,
                                    g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
target_changed_cb (TetherAttachDialog *self,
                   GtkEditable        *editable)
{
  gint64 pid;

  g_list_store_remove_all (self->matches);
  gtk_widget_set_visible (self->matches_group, FALSE);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_handle_id (&self->check_source, g_source_remove);
  _tether_attach_dialog_set_explanation (self, NULL, FALSE);

  if (parse_pid (gtk_editable_get_text (editable), &pid))
    self->check_source = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
  _tether_attach_dialog_update_actions (self);
}

static void
target_activated_cb (TetherAttachDialog *self,
                     AdwEntryRow        *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "attach.attach", NULL);
}

static void
mode_changed_cb (TetherAttachDialog *self)
{
  if (!self->busy)
    _tether_attach_dialog_set_explanation (self, NULL, FALSE);
  _tether_attach_dialog_update_actions (self);
}

/* Actions */

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TetherAttachDialog *self = TETHER_ATTACH_DIALOG (widget);
  const char *target = gtk_editable_get_text (GTK_EDITABLE (self->target_row));
  guint rule = adw_combo_row_get_selected (self->rule_row);
  gint64 pid;

  if (self->busy)
    return;
  if (in_wait_mode (self))
    {
      _tether_attach_dialog_start_wait (self);
      return;
    }

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  if (parse_pid (target, &pid))
    {
      _tether_attach_dialog_start_attach (self, pid);
      return;
    }

  _tether_attach_dialog_start_find (self, target, rules[MIN (rule, G_N_ELEMENTS (rules) - 1)]);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TetherAttachDialog *self = TETHER_ATTACH_DIALOG (widget);

  /* Waiting: stop waiting, and stay. Otherwise: close. */
  if (gtk_widget_get_visible (self->waiting_box))
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* GObject */

static void
tether_attach_dialog_constructed (GObject *object)
{
  TetherAttachDialog *self = (TetherAttachDialog *)object;

  G_OBJECT_CLASS (tether_attach_dialog_parent_class)->constructed (object);

  g_assert (self->server != NULL);

  if (self->process != NULL)
    {
      g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              tether_process_get_pid (self->process));

      gtk_editable_set_text (GTK_EDITABLE (self->target_row), pid);
      /* Check now: the user is about to click Attach. */
      g_clear_handle_id (&self->check_source, g_source_remove);
      check_timeout_cb (self);
    }
  _tether_attach_dialog_update_actions (self);
}

static void
tether_attach_dialog_dispose (GObject *object)
{
  TetherAttachDialog *self = (TetherAttachDialog *)object;

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->check_cancellable);
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  if (self->matches_list != NULL)
    gtk_list_box_bind_model (self->matches_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_ATTACH_DIALOG);

  g_clear_object (&self->watch);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->matches);
  g_clear_object (&self->process);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (tether_attach_dialog_parent_class)->dispose (object);
}

static void
tether_attach_dialog_finalize (GObject *object)
{
  TetherAttachDialog *self = (TetherAttachDialog *)object;

  g_free (self->explanation);

  G_OBJECT_CLASS (tether_attach_dialog_parent_class)->finalize (object);
}

static void
tether_attach_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TetherAttachDialog *self = TETHER_ATTACH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_PROCESS: g_value_set_object (value, self->process); break;
    case PROP_EXPLANATION: g_value_set_string (value, self->explanation); break;
    case PROP_HAS_ERROR: g_value_set_boolean (value, self->has_error); break;
    case PROP_WAITING: g_value_set_boolean (value, tether_attach_dialog_get_waiting (self)); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_attach_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TetherAttachDialog *self = TETHER_ATTACH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVER: self->server = g_value_dup_object (value); break;
    case PROP_PROCESS: self->process = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_attach_dialog_class_init (TetherAttachDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tether_attach_dialog_constructed;
  object_class->dispose = tether_attach_dialog_dispose;
  object_class->finalize = tether_attach_dialog_finalize;
  object_class->get_property = tether_attach_dialog_get_property;
  object_class->set_property = tether_attach_dialog_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROCESS] =
    g_param_spec_object ("process", NULL, NULL, TETHER_TYPE_PROCESS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, ro);
  properties[PROP_HAS_ERROR] = g_param_spec_boolean ("has-error", NULL, NULL, FALSE, ro);
  properties[PROP_WAITING] = g_param_spec_boolean ("waiting", NULL, NULL, FALSE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The new session; the dialog closes after the handlers ran. */
  signals[ATTACHED] =
    g_signal_new ("attached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TETHER_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-attach-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, rule_row);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, matches_group);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, matches_list);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, wait_row);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, wait_rule_row);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, stop_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, waiting_spinner);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, TetherAttachDialog, attach_button);
  gtk_widget_class_bind_template_callback (widget_class, target_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, target_activated_cb);
  gtk_widget_class_bind_template_callback_full (
    widget_class, "match_activated_cb", G_CALLBACK (_tether_attach_dialog_match_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "wait_changed_cb",
                                                G_CALLBACK (_tether_attach_dialog_wait_changed_cb));
  gtk_widget_class_bind_template_callback (widget_class, mode_changed_cb);

  gtk_widget_class_install_action (widget_class, "attach.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "attach.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "attach.cancel", NULL);
}

static void
tether_attach_dialog_init (TetherAttachDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->matches = g_list_store_new (TETHER_TYPE_PROCESS);
  gtk_list_box_bind_model (self->matches_list, G_LIST_MODEL (self->matches),
                           _tether_attach_dialog_create_match_row, NULL, NULL);
}

TetherAttachDialog *
tether_attach_dialog_new (GtkWindow     *parent,
                          TetherServer  *server,
                          TetherProcess *process)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TETHER_IS_SERVER (server), NULL);
  g_return_val_if_fail (process == NULL || TETHER_IS_PROCESS (process), NULL);

  return g_object_new (TETHER_TYPE_ATTACH_DIALOG,
                       "transient-for", parent,
                       "server", server,
                       "process", process,
                       NULL);
}

TetherServer *
tether_attach_dialog_get_server (TetherAttachDialog *self)
{
  g_return_val_if_fail (TETHER_IS_ATTACH_DIALOG (self), NULL);
  return self->server;
}

void
tether_attach_dialog_set_target (TetherAttachDialog *self,
                                 const char         *target)
{
  g_return_if_fail (TETHER_IS_ATTACH_DIALOG (self));
  gtk_stack_set_visible_child_name (self->mode_stack, "process");
  gtk_editable_set_text (GTK_EDITABLE (self->target_row), target != NULL ? target : "");
}

void
tether_attach_dialog_set_rule (TetherAttachDialog *self,
                               TetherMatchRule     rule)
{
  g_return_if_fail (TETHER_IS_ATTACH_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      if (rules[i] == rule)
        adw_combo_row_set_selected (self->rule_row, i);
    }
}

void
tether_attach_dialog_set_mode (TetherAttachDialog *self,
                               const char         *mode)
{
  g_return_if_fail (TETHER_IS_ATTACH_DIALOG (self));
  g_return_if_fail (g_strcmp0 (mode, "process") == 0 || g_strcmp0 (mode, "wait") == 0);
  gtk_stack_set_visible_child_name (self->mode_stack, mode);
}

void
tether_attach_dialog_set_wait_pattern (TetherAttachDialog *self,
                                       const char         *pattern,
                                       gboolean            regex)
{
  g_return_if_fail (TETHER_IS_ATTACH_DIALOG (self));
  gtk_stack_set_visible_child_name (self->mode_stack, "wait");
  gtk_editable_set_text (GTK_EDITABLE (self->wait_row), pattern != NULL ? pattern : "");
  adw_combo_row_set_selected (self->wait_rule_row, regex ? 2 : 0);
}

void
tether_attach_dialog_set_timeout (TetherAttachDialog *self,
                                  guint               seconds)
{
  g_return_if_fail (TETHER_IS_ATTACH_DIALOG (self));
  gtk_spin_button_set_value (self->timeout_spin, seconds);
}

void
tether_attach_dialog_set_stop (TetherAttachDialog *self,
                               gboolean            stop)
{
  g_return_if_fail (TETHER_IS_ATTACH_DIALOG (self));
  gtk_switch_set_active (self->stop_switch, stop);
}

const char *
tether_attach_dialog_get_explanation (TetherAttachDialog *self)
{
  g_return_val_if_fail (TETHER_IS_ATTACH_DIALOG (self), NULL);
  return self->explanation;
}

gboolean
tether_attach_dialog_get_has_error (TetherAttachDialog *self)
{
  g_return_val_if_fail (TETHER_IS_ATTACH_DIALOG (self), FALSE);
  return self->has_error;
}

gboolean
tether_attach_dialog_get_waiting (TetherAttachDialog *self)
{
  g_return_val_if_fail (TETHER_IS_ATTACH_DIALOG (self), FALSE);
  return self->waiting_box != NULL && gtk_widget_get_visible (self->waiting_box);
}

gboolean
tether_attach_dialog_get_busy (TetherAttachDialog *self)
{
  g_return_val_if_fail (TETHER_IS_ATTACH_DIALOG (self), FALSE);
  return self->busy;
}

GListModel *
tether_attach_dialog_get_matches (TetherAttachDialog *self)
{
  g_return_val_if_fail (TETHER_IS_ATTACH_DIALOG (self), NULL);
  return G_LIST_MODEL (self->matches);
}
