/* tether-create-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-create-dialog.h"
#include "tether-error.h"
#include "tether-host-io.h"

/* How long typing may pause before the working directory is checked on the server. */
#define CHECK_DELAY_MS 300

struct _TetherCreateDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  AdwEntryRow  *program_row;
  GtkListBox   *arguments_list;
  GtkLabel     *preview_label;
  GtkLabel     *preview_note;
  AdwEntryRow  *cwd_row;
  GtkLabel     *cwd_label;
  AdwComboRow  *env_base_row;
  GtkListBox   *env_list;
  GtkSwitch    *stop_switch;
  GtkSwitch    *shell_switch;
  GtkSwitch    *aslr_switch;
  GtkLabel     *explanation_label;

  /* Owned */
  TetherServer *server;
  GCancellable *check_cancellable;
  char         *preview;
  char         *cwd_error;
  char         *explanation;
  guint         check_source;
  gboolean      can_start;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (TetherCreateDialog, tether_create_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_PREVIEW,
  PROP_CWD_ERROR,
  PROP_EXPLANATION,
  PROP_CAN_START,
  PROP_BUSY,
  N_PROPS
};

enum {
  CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update (TetherCreateDialog *self);

static const char *
row_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* The argument as a shell would need it written: quoted only when it must be. */
static char *
quote (const char *text)
{
  if (text[0] != '\0' &&
      strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+,-")
        == strlen (text))
    return g_strdup (text);
  return g_shell_quote (text);
}

static void
set_explanation (TetherCreateDialog *self,
                 const char         *text)
{
  g_free (self->explanation);
  self->explanation = g_strdup (text);
  gtk_label_set_label (self->explanation_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), text != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPLANATION]);
}

/* Options, from the rows */

TetherCreateOptions *
tether_create_dialog_dup_options (TetherCreateDialog  *self,
                                  GError             **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(TetherCreateOptions) options = NULL;
  const char *program;
  const char *cwd;

  g_return_val_if_fail (TETHER_IS_CREATE_DIALOG (self), NULL);

  program = row_text (GTK_WIDGET (self->program_row));
  if (program[0] == '\0')
    {
      g_set_error_literal (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                           _("Give the program to start: its path on the server."));
      return NULL;
    }

  g_ptr_array_add (argv, (gpointer)program);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->arguments_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (argv, (gpointer)row_text (row));
  g_ptr_array_add (argv, NULL);

  options = tether_create_options_new ((const char * const *)argv->pdata);
  cwd = row_text (GTK_WIDGET (self->cwd_row));
  if (cwd[0] != '\0')
    tether_create_options_set_cwd (options, cwd);
  tether_create_options_set_environment_base (options,
                                              adw_combo_row_get_selected (self->env_base_row) == 1
                                                ? TETHER_ENVIRONMENT_EMPTY
                                                : TETHER_ENVIRONMENT_INHERIT);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->env_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const char *text = row_text (row);
      gboolean unset = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "tether-unset"));
      const char *equals = strchr (text, '=');

      if (text[0] == '\0')
        continue;
      if (unset)
        {
          if (equals != NULL)
            {
              g_set_error (error, TETHER_ERROR, TETHER_ERROR_FAILED,
                           _("“%s” is not a variable name: give only the name to unset."), text);
              return NULL;
            }
          tether_create_options_unsetenv (options, text);
        }
      else
        {
          g_autofree char *name = NULL;

          if (equals == NULL || equals == text)
            {
              g_set_error (error, TETHER_ERROR, TETHER_ERROR_FAILED,
                           _("“%s” does not set a variable: write NAME=value."), text);
              return NULL;
            }
          name = g_strndup (text, equals - text);
          tether_create_options_setenv (options, name, equals + 1);
        }
    }

  tether_create_options_set_stopped (options, gtk_switch_get_active (self->stop_switch));
  tether_create_options_set_use_shell (options, gtk_switch_get_active (self->shell_switch));
  tether_create_options_set_disable_aslr (options, gtk_switch_get_active (self->aslr_switch));
  return g_steal_pointer (&options);
}

/* The preview, and what the shell could not pass */

static gboolean
build_preview (TetherCreateDialog  *self,
               GString             *preview,
               GString             *note)
{
  const char *program = row_text (GTK_WIDGET (self->program_row));
  gboolean shell = gtk_switch_get_active (self->shell_switch);
  gboolean needs_shell = FALSE;
  gboolean ok = TRUE;
  guint i = 1;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->arguments_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    needs_shell |= tether_create_options_argument_needs_shell (row_text (row));
  shell |= needs_shell;

  {
    g_autofree char *quoted = quote (program);

    g_string_append (preview, program[0] != '\0' ? quoted : _("(no program yet)"));
  }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->arguments_list));
       row != NULL; row = gtk_widget_get_next_sibling (row), i++)
    {
      const char *text = row_text (row);
      g_autofree char *quoted = quote (text);

      g_string_append_c (preview, ' ');
      g_string_append (preview, quoted);
      gtk_widget_remove_css_class (row, "error");
      if (shell && tether_create_options_argument_lost_in_shell (text))
        {
          gtk_widget_add_css_class (row, "error");
          if (ok)
            g_string_append_printf (note, _("Argument %u cannot be passed exactly: through the "
                                            "server's shell, gdbserver loses empty arguments and "
                                            "single quotes. "), i);
          ok = FALSE;
        }
    }

  if (needs_shell)
    g_string_append (note, _("Started through the server's shell, because an argument has "
                             "spaces; each argument arrives as one, exactly as shown."));
  else if (shell)
    g_string_append (note, _("Started through the server's shell."));
  else
    g_string_append (note, _("Started directly, with exactly these arguments."));
  return ok;
}

static void
update (TetherCreateDialog *self)
{
  g_autoptr(GString) preview = g_string_new (NULL);
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(TetherCreateOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  gboolean arguments_ok = build_preview (self, preview, note);
  gboolean can_start;

  g_free (self->preview);
  self->preview = g_strdup (preview->str);
  gtk_label_set_label (self->preview_label, preview->str);
  gtk_label_set_label (self->preview_note, note->str);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);

  options = tether_create_dialog_dup_options (self, &error);
  if (row_text (GTK_WIDGET (self->program_row))[0] == '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->program_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->program_row), "error");

  can_start = options != NULL && arguments_ok && self->cwd_error == NULL && !self->busy;
  /* An empty program is shown by the row's style; other mistakes are said in words. */
  if (!self->busy)
    set_explanation (self, options == NULL &&
                           !g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND)
                             ? error->message : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.start", can_start);
  if (self->can_start != can_start)
    {
      self->can_start = can_start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_START]);
    }
}

static void
changed_cb (TetherCreateDialog *self)
{
  update (self);
}

/* The working directory, checked on the server */

static void
set_cwd_error (TetherCreateDialog *self,
               const char         *message)
{
  g_free (self->cwd_error);
  self->cwd_error = g_strdup (message);
  gtk_label_set_label (self->cwd_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->cwd_label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->cwd_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->cwd_label), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->cwd_row), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CWD_ERROR]);
  update (self);
}

static void
cwd_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TetherCreateDialog) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *cwd;
  g_autofree char *message = NULL;

  bytes = tether_host_io_read_file_finish (TETHER_HOST_IO (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->server == NULL)
    return;

  cwd = row_text (GTK_WIDGET (self->cwd_row));
  if (g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND))
    message = g_strdup_printf (_("There is no folder %s on the server. Check the path."), cwd);
  else if (g_error_matches (error, TETHER_ERROR, TETHER_ERROR_PERMISSION))
    message = g_strdup_printf (_("The server may not enter %s. Choose a folder its user may "
                                 "read."), cwd);
  else if (bytes != NULL)
    message = g_strdup_printf (_("%s is a file on the server, not a folder."), cwd);
  set_cwd_error (self, message);
}

static gboolean
check_cwd_cb (gpointer user_data)
{
  TetherCreateDialog *self = user_data;
  const char *cwd = row_text (GTK_WIDGET (self->cwd_row));
  TetherRspConnection *connection = tether_server_get_connection (self->server);
  g_autoptr(TetherHostIo) host_io = NULL;

  self->check_source = 0;
  if (cwd[0] == '\0' || connection == NULL ||
      tether_server_get_state (self->server) != TETHER_SERVER_CONNECTED)
    return G_SOURCE_REMOVE;
  if (cwd[0] != '/')
    {
      set_cwd_error (self, _("Give the folder's whole path, starting with /."));
      return G_SOURCE_REMOVE;
    }

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  host_io = tether_host_io_new (connection);
  tether_host_io_read_file_async (host_io, cwd, 1, self->check_cancellable, cwd_read_cb,
                                  g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
cwd_changed_cb (TetherCreateDialog *self)
{
  g_cancellable_cancel (self->check_cancellable);
  g_clear_handle_id (&self->check_source, g_source_remove);
  set_cwd_error (self, NULL);
  if (row_text (GTK_WIDGET (self->cwd_row))[0] != '\0')
    self->check_source = g_timeout_add (CHECK_DELAY_MS, check_cwd_cb, self);
}

/* Rows */

static void
remove_row_cb (GtkButton *button,
               GtkWidget *row)
{
  GtkWidget *list = gtk_widget_get_parent (row);
  TetherCreateDialog *self = TETHER_CREATE_DIALOG (gtk_widget_get_root (list));

  gtk_list_box_remove (GTK_LIST_BOX (list), row);
  if (list == GTK_WIDGET (self->env_list))
    gtk_widget_set_visible (list, gtk_widget_get_first_child (list) != NULL);
  update (self);
}

static GtkWidget *
add_row (TetherCreateDialog *self,
         GtkListBox         *list,
         const char         *title,
         const char         *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_row_cb), row);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (changed_cb), self);
  gtk_list_box_append (list, row);
  gtk_widget_set_visible (GTK_WIDGET (list), TRUE);
  update (self);
  return row;
}

void
tether_create_dialog_add_argument (TetherCreateDialog *self,
                                   const char         *argument)
{
  g_return_if_fail (TETHER_IS_CREATE_DIALOG (self));

  add_row (self, self->arguments_list, _("Argument"), argument);
}

void
tether_create_dialog_add_variable (TetherCreateDialog *self,
                                   const char         *name,
                                   const char         *value)
{
  g_autofree char *text = NULL;
  GtkWidget *row;

  g_return_if_fail (TETHER_IS_CREATE_DIALOG (self));

  if (name != NULL && value != NULL)
    text = g_strdup_printf ("%s=%s", name, value);
  else if (name != NULL)
    text = g_strdup (name);
  else
    text = g_strdup (value);   /* a set row's text as typed */
  row = add_row (self, self->env_list, value != NULL || name == NULL ? _("Set (NAME=value)")
                                                                     : _("Unset (NAME)"), text);
  g_object_set_data (G_OBJECT (row), "tether-unset", GINT_TO_POINTER (name != NULL &&
                                                                      value == NULL));
  update (self);
}

static void
add_argument_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TetherCreateDialog *self = TETHER_CREATE_DIALOG (widget);
  GtkWidget *row = add_row (self, self->arguments_list, _("Argument"), NULL);

  gtk_widget_grab_focus (row);
}

static void
add_setenv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TetherCreateDialog *self = TETHER_CREATE_DIALOG (widget);
  GtkWidget *row = add_row (self, self->env_list, _("Set (NAME=value)"), NULL);

  gtk_widget_grab_focus (row);
}

static void
add_unsetenv_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TetherCreateDialog *self = TETHER_CREATE_DIALOG (widget);
  GtkWidget *row = add_row (self, self->env_list, _("Unset (NAME)"), NULL);

  g_object_set_data (G_OBJECT (row), "tether-unset", GINT_TO_POINTER (TRUE));
  gtk_widget_grab_focus (row);
}

/* Starting */

static void
set_busy (TetherCreateDialog *self,
          gboolean            busy)
{
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update (self);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TetherCreateDialog) self = user_data;
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gboolean closed = self->server == NULL;

  /* Not cancellable: a process started is always handed over, even if the dialog closed. */
  session = tether_session_create_finish (result, &error);
  if (session != NULL)
    g_signal_emit (self, signals[CREATED], 0, session);
  if (closed)
    return;

  set_busy (self, FALSE);
  if (session == NULL)
    {
      set_explanation (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TetherCreateDialog *self = TETHER_CREATE_DIALOG (widget);
  g_autoptr(TetherCreateOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  if (self->busy)
    return;
  options = tether_create_dialog_dup_options (self, &error);
  if (options == NULL)
    {
      set_explanation (self, error->message);
      return;
    }

  set_busy (self, TRUE);
  set_explanation (self, NULL);
  tether_session_create_async (self->server, options, NULL, created_cb, g_object_ref (self));
}

/* GObject */

static void
tether_create_dialog_dispose (GObject *object)
{
  TetherCreateDialog *self = (TetherCreateDialog *)object;

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_CREATE_DIALOG);

  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (tether_create_dialog_parent_class)->dispose (object);
}

static void
tether_create_dialog_finalize (GObject *object)
{
  TetherCreateDialog *self = (TetherCreateDialog *)object;

  g_free (self->preview);
  g_free (self->cwd_error);
  g_free (self->explanation);

  G_OBJECT_CLASS (tether_create_dialog_parent_class)->finalize (object);
}

static void
tether_create_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TetherCreateDialog *self = TETHER_CREATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_PREVIEW: g_value_set_string (value, self->preview); break;
    case PROP_CWD_ERROR: g_value_set_string (value, self->cwd_error); break;
    case PROP_EXPLANATION: g_value_set_string (value, self->explanation); break;
    case PROP_CAN_START: g_value_set_boolean (value, self->can_start); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_create_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TetherCreateDialog *self = TETHER_CREATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVER: self->server = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_create_dialog_class_init (TetherCreateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tether_create_dialog_dispose;
  object_class->finalize = tether_create_dialog_finalize;
  object_class->get_property = tether_create_dialog_get_property;
  object_class->set_property = tether_create_dialog_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW] = g_param_spec_string ("preview", NULL, NULL, NULL, ro);
  properties[PROP_CWD_ERROR] = g_param_spec_string ("cwd-error", NULL, NULL, NULL, ro);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, ro);
  properties[PROP_CAN_START] = g_param_spec_boolean ("can-start", NULL, NULL, FALSE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The new session; the dialog closes after the handlers ran. */
  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TETHER_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-create-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, program_row);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, arguments_list);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, preview_note);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, cwd_row);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, cwd_label);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, env_base_row);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, env_list);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, stop_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, shell_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, aslr_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherCreateDialog, explanation_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cwd_changed_cb);

  gtk_widget_class_install_action (widget_class, "create.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "create.add-argument", NULL,
                                   add_argument_action);
  gtk_widget_class_install_action (widget_class, "create.add-setenv", NULL, add_setenv_action);
  gtk_widget_class_install_action (widget_class, "create.add-unsetenv", NULL,
                                   add_unsetenv_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tether_create_dialog_init (TetherCreateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update (self);
}

TetherCreateDialog *
tether_create_dialog_new (GtkWindow    *parent,
                          TetherServer *server)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TETHER_IS_SERVER (server), NULL);

  return g_object_new (TETHER_TYPE_CREATE_DIALOG,
                       "transient-for", parent,
                       "server", server,
                       NULL);
}

void
tether_create_dialog_set_program (TetherCreateDialog *self,
                                  const char         *program)
{
  g_return_if_fail (TETHER_IS_CREATE_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->program_row), program != NULL ? program : "");
}

void
tether_create_dialog_set_cwd (TetherCreateDialog *self,
                              const char         *cwd)
{
  g_return_if_fail (TETHER_IS_CREATE_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->cwd_row), cwd != NULL ? cwd : "");
}

void
tether_create_dialog_set_empty_environment (TetherCreateDialog *self,
                                            gboolean            empty)
{
  g_return_if_fail (TETHER_IS_CREATE_DIALOG (self));
  adw_combo_row_set_selected (self->env_base_row, empty ? 1 : 0);
}

void
tether_create_dialog_set_stopped (TetherCreateDialog *self,
                                  gboolean            stopped)
{
  g_return_if_fail (TETHER_IS_CREATE_DIALOG (self));
  gtk_switch_set_active (self->stop_switch, stopped);
}

const char *
tether_create_dialog_get_preview (TetherCreateDialog *self)
{
  g_return_val_if_fail (TETHER_IS_CREATE_DIALOG (self), NULL);
  return self->preview;
}

const char *
tether_create_dialog_get_cwd_error (TetherCreateDialog *self)
{
  g_return_val_if_fail (TETHER_IS_CREATE_DIALOG (self), NULL);
  return self->cwd_error;
}

const char *
tether_create_dialog_get_explanation (TetherCreateDialog *self)
{
  g_return_val_if_fail (TETHER_IS_CREATE_DIALOG (self), NULL);
  return self->explanation;
}

gboolean
tether_create_dialog_get_can_start (TetherCreateDialog *self)
{
  g_return_val_if_fail (TETHER_IS_CREATE_DIALOG (self), FALSE);
  return self->can_start;
}

gboolean
tether_create_dialog_get_busy (TetherCreateDialog *self)
{
  g_return_val_if_fail (TETHER_IS_CREATE_DIALOG (self), FALSE);
  return self->busy;
}
