/* tether-profile-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherProfileEditor:
 *
 * A modal window that adds a server profile or edits one: name, connection string, description,
 * and whether it connects at start-up. The connection string is parsed as it is typed; below it
 * the editor shows what it means (the transport and its parts) or the parser's exact complaint,
 * and warns when plain tcp: reaches another machine (gdbserver has no authentication). "Test
 * Connection" connects a throwaway #TetherServer and reports the server, its protocol features
 * and its process count, or the failure; closing the editor cancels the test. Saving goes through
 * the #TetherProfileStore (which checks the name) and writes profiles.json.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-profile-editor.h"
#include "tether-server.h"

struct _TetherProfileEditor
{
  AdwWindow           parent_instance;

  /* Template widgets */
  AdwWindowTitle     *window_title;
  AdwEntryRow        *name_row;
  AdwEntryRow        *server_row;
  AdwEntryRow        *description_row;
  GtkSwitch          *startup_switch;
  GtkLabel           *name_error_label;
  GtkLabel           *parsed_label;
  GtkWidget          *warning_box;
  GtkSpinner         *test_spinner;
  GtkLabel           *test_label;
  GtkLabel           *features_label;

  /* Owned */
  TetherProfileStore *store;
  TetherProfile      *profile;        /* NULL: a new profile */
  TetherServer       *test_server;
  GCancellable       *test_cancellable;
  char               *server_error;
  char               *test_result;
  gboolean            test_succeeded;
};

G_DEFINE_FINAL_TYPE (TetherProfileEditor, tether_profile_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PROFILE,
  PROP_TESTING,
  PROP_TEST_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
transport_name (TetherTransportKind kind)
{
  switch (kind)
    {
    case TETHER_TRANSPORT_TCP: return _("TCP");
    case TETHER_TRANSPORT_TCP_CLICON: return _("TCP, the server connects to Tether");
    case TETHER_TRANSPORT_LOCAL: return _("this computer, over pipes");
    case TETHER_TRANSPORT_SSH: return _("SSH");
    case TETHER_TRANSPORT_COM: return _("serial line");
    default: return "?";
    }
}

/* "gdbserver on build-box, TCP port 2345" and, below, each part on its own. */
static char *
describe_options (TetherOptions *options)
{
  g_autofree char *sentence = tether_options_describe (options);
  GString *text = g_string_new (sentence);

  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Transport: %s"),
                          transport_name (tether_options_get_transport (options)));
  if (tether_options_get_host (options) != NULL)
    g_string_append_printf (text, _(" · Host: %s"), tether_options_get_host (options));
  if (tether_options_get_port (options) != 0)
    g_string_append_printf (text, _(" · Port: %u"), tether_options_get_port (options));
  if (tether_options_get_user (options) != NULL)
    g_string_append_printf (text, _(" · User: %s"), tether_options_get_user (options));
  if (tether_options_get_device (options) != NULL)
    g_string_append_printf (text, _(" · Device: %s"), tether_options_get_device (options));
  if (tether_options_get_baud (options) != 0)
    g_string_append_printf (text, _(" · Baud: %u"), tether_options_get_baud (options));
  if (tether_options_get_gdbserver (options) != NULL)
    g_string_append_printf (text, _(" · Program: %s"), tether_options_get_gdbserver (options));

  return g_string_free (text, FALSE);
}

static void
set_test_result (TetherProfileEditor *self,
                 const char          *result,
                 gboolean             succeeded);

static void
set_features (TetherProfileEditor *self,
              const char          *features)
{
  gtk_label_set_text (self->features_label, features);
  gtk_widget_set_visible (GTK_WIDGET (self->features_label), features != NULL);
}

static void
set_test_result (TetherProfileEditor *self,
                 const char          *result,
                 gboolean             succeeded)
{
  if (result == NULL)
    set_features (self, NULL);
  g_free (self->test_result);
  self->test_result = g_strdup (result);
  self->test_succeeded = succeeded;

  gtk_label_set_text (self->test_label, result);
  gtk_widget_set_visible (GTK_WIDGET (self->test_label), result != NULL);
  if (succeeded)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->test_label), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->test_label), "error");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_RESULT]);
}

static void
update_testing (TetherProfileEditor *self)
{
  gboolean testing = self->test_cancellable != NULL;

  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test",
                                 !testing && self->server_error == NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
}

static void
cancel_test (TetherProfileEditor *self)
{
  if (self->test_cancellable == NULL)
    return;

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  update_testing (self);
}

/* Validation, as the user types */

static void
validate (TetherProfileEditor *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) name_error = NULL;
  g_autofree char *parsed = NULL;
  gboolean name_ok;

  g_clear_pointer (&self->server_error, g_free);
  options = tether_options_parse (server, &error);
  if (options == NULL)
    {
      self->server_error = g_strdup (error->message);
      gtk_label_set_text (self->parsed_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->parsed_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->parsed_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
    }
  else
    {
      parsed = describe_options (options);
      gtk_label_set_text (self->parsed_label, parsed);
      gtk_widget_remove_css_class (GTK_WIDGET (self->parsed_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->parsed_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
    }
  gtk_widget_set_visible (self->warning_box,
                          options != NULL && tether_options_is_unauthenticated_network (options));

  /* An empty name is not news until the user typed one; a taken one is. */
  name_ok = tether_profile_store_check_name (self->store, name, self->profile, &name_error);
  gtk_widget_set_visible (GTK_WIDGET (self->name_error_label), !name_ok && name[0] != '\0');
  if (!name_ok)
    gtk_label_set_text (self->name_error_label, name_error->message);
  if (name_ok || name[0] == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 name_ok && self->server_error == NULL);
  update_testing (self);
}

static void
entry_changed_cb (TetherProfileEditor *self)
{
  /* A test result is about the string it tested. */
  cancel_test (self);
  if (self->test_result != NULL)
    {
      g_clear_pointer (&self->test_result, g_free);
      gtk_widget_set_visible (GTK_WIDGET (self->test_label), FALSE);
      set_features (self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_RESULT]);
    }
  validate (self);
}

static void
entry_activated_cb (TetherProfileEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

/* Test connection: a throwaway server, connected, listed, disconnected. */

static void
finish_test (TetherProfileEditor *self,
             const char          *result,
             gboolean             succeeded)
{
  g_clear_object (&self->test_cancellable);
  if (self->test_server != NULL &&
      tether_server_get_state (self->test_server) == TETHER_SERVER_CONNECTED)
    tether_server_disconnect_async (self->test_server, FALSE, FALSE, NULL, NULL, NULL);
  g_clear_object (&self->test_server);
  set_test_result (self, result, succeeded);
  update_testing (self);
}

static void
test_list_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TetherProfileEditor) self = user_data;
  TetherServer *server = TETHER_SERVER (object);
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *features = NULL;
  TetherRspConnection *connection;

  processes = tether_server_list_processes_finish (server, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (processes == NULL)
    {
      message = g_strdup_printf (_("Connected, but listing the processes failed: %s"),
                                 error->message);
      finish_test (self, message, FALSE);
      return;
    }

  connection = tether_server_get_connection (server);
  names = tether_rsp_connection_dup_feature_names (connection);
  features = g_strjoinv (", ", names);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Connected to gdbserver (remote serial protocol, extended "
                                          "mode%s), packets up to %zu bytes. %u process.",
                                          "Connected to gdbserver (remote serial protocol, extended "
                                          "mode%s), packets up to %zu bytes. %u processes.",
                                          processes->len),
                             tether_rsp_connection_get_non_stop (connection) ? _(", non-stop") : "",
                             (size_t)tether_rsp_connection_get_packet_size (connection),
                             processes->len);
  finish_test (self, message, TRUE);
  {
    g_autofree char *line = g_strdup_printf (_("Protocol features: %s"), features);

    set_features (self, line);
  }
}

static void
test_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TetherProfileEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tether_server_connect_finish (TETHER_SERVER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_test (self, error->message, FALSE);
      return;
    }

  tether_server_list_processes_async (TETHER_SERVER (object), self->test_cancellable,
                                      test_list_cb, g_object_ref (self));
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TetherProfileEditor *self = TETHER_PROFILE_EDITOR (widget);
  g_autoptr(TetherOptions) options = NULL;

  options = tether_options_parse (gtk_editable_get_text (GTK_EDITABLE (self->server_row)), NULL);
  if (options == NULL)
    return;

  cancel_test (self);
  g_clear_object (&self->test_server);
  self->test_server = tether_server_new (options);
  self->test_cancellable = g_cancellable_new ();
  set_test_result (self, NULL, FALSE);
  update_testing (self);
  tether_server_connect_async (self->test_server, self->test_cancellable, test_connect_cb,
                               g_object_ref (self));
}

/* Saving */

gboolean
tether_profile_editor_save (TetherProfileEditor  *self,
                            GError              **error)
{
  const char *name, *server, *description;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TetherProfile) added = NULL;
  gboolean ok;

  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), FALSE);

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));

  if (self->profile != NULL)
    {
      ok = tether_profile_store_update (self->store, self->profile, name, server, description,
                                        &local_error);
      if (ok)
        tether_profile_set_connect_at_startup (self->profile,
                                               gtk_switch_get_active (self->startup_switch));
    }
  else
    {
      added = tether_profile_new (name, server);
      tether_profile_set_description (added, description);
      tether_profile_set_connect_at_startup (added, gtk_switch_get_active (self->startup_switch));
      tether_profile_set_created (added, g_get_real_time () / G_USEC_PER_SEC);
      ok = tether_profile_store_add (self->store, added, &local_error);
      if (ok)
        self->profile = g_object_ref (added);
    }

  if (ok)
    ok = tether_profile_store_save (self->store, &local_error);

  if (!ok)
    {
      gtk_label_set_text (self->name_error_label, local_error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->name_error_label), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, self->profile);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tether_profile_editor_save (TETHER_PROFILE_EDITOR (widget), NULL);
}

/* GObject */

static gboolean
tether_profile_editor_close_request (GtkWindow *window)
{
  cancel_test (TETHER_PROFILE_EDITOR (window));

  return GTK_WINDOW_CLASS (tether_profile_editor_parent_class)->close_request (window);
}

static void
tether_profile_editor_constructed (GObject *object)
{
  TetherProfileEditor *self = (TetherProfileEditor *)object;

  G_OBJECT_CLASS (tether_profile_editor_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  if (self->profile != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Edit Server"));
      adw_window_title_set_subtitle (self->window_title, tether_profile_get_name (self->profile));
      tether_profile_editor_set_fields (self, tether_profile_get_name (self->profile),
                                        tether_profile_get_server (self->profile),
                                        tether_profile_get_description (self->profile));
      gtk_switch_set_active (self->startup_switch,
                             tether_profile_get_connect_at_startup (self->profile));
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("New Server"));
      tether_profile_editor_set_fields (self, "", "ssh:host=", "");
    }
  validate (self);
}

static void
tether_profile_editor_dispose (GObject *object)
{
  TetherProfileEditor *self = (TetherProfileEditor *)object;

  cancel_test (self);
  g_clear_object (&self->test_server);
  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_PROFILE_EDITOR);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (tether_profile_editor_parent_class)->dispose (object);
}

static void
tether_profile_editor_finalize (GObject *object)
{
  TetherProfileEditor *self = (TetherProfileEditor *)object;

  g_free (self->server_error);
  g_free (self->test_result);

  G_OBJECT_CLASS (tether_profile_editor_parent_class)->finalize (object);
}

static void
tether_profile_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TetherProfileEditor *self = TETHER_PROFILE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_PROFILE: g_value_set_object (value, self->profile); break;
    case PROP_TESTING: g_value_set_boolean (value, self->test_cancellable != NULL); break;
    case PROP_TEST_RESULT: g_value_set_string (value, self->test_result); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_profile_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TetherProfileEditor *self = TETHER_PROFILE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_PROFILE: self->profile = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_profile_editor_class_init (TetherProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = tether_profile_editor_constructed;
  object_class->dispose = tether_profile_editor_dispose;
  object_class->finalize = tether_profile_editor_finalize;
  object_class->get_property = tether_profile_editor_get_property;
  object_class->set_property = tether_profile_editor_set_property;
  window_class->close_request = tether_profile_editor_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TETHER_TYPE_PROFILE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, TETHER_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TESTING] =
    g_param_spec_boolean ("testing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEST_RESULT] =
    g_param_spec_string ("test-result", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The profile was written to the store and saved; the editor closes next. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TETHER_TYPE_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-profile-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, server_row);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, startup_switch);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, parsed_label);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, warning_box);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, test_label);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileEditor, features_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tether_profile_editor_init (TetherProfileEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TetherProfileEditor *
tether_profile_editor_new (GtkWindow          *parent,
                           TetherProfileStore *store,
                           TetherProfile      *profile)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TETHER_IS_PROFILE_STORE (store), NULL);
  g_return_val_if_fail (profile == NULL || TETHER_IS_PROFILE (profile), NULL);

  return g_object_new (TETHER_TYPE_PROFILE_EDITOR,
                       "transient-for", parent,
                       "store", store,
                       "profile", profile,
                       NULL);
}

TetherProfile *
tether_profile_editor_get_profile (TetherProfileEditor *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), NULL);

  return self->profile;
}

void
tether_profile_editor_set_fields (TetherProfileEditor *self,
                                  const char          *name,
                                  const char          *server,
                                  const char          *description)
{
  g_return_if_fail (TETHER_IS_PROFILE_EDITOR (self));

  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  if (server != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  if (description != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->description_row), description);
}

const char *
tether_profile_editor_get_server_error (TetherProfileEditor *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), NULL);

  return self->server_error;
}

const char *
tether_profile_editor_get_parsed (TetherProfileEditor *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), NULL);

  return gtk_label_get_text (self->parsed_label);
}

gboolean
tether_profile_editor_get_shows_warning (TetherProfileEditor *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), FALSE);

  return gtk_widget_get_visible (self->warning_box);
}

gboolean
tether_profile_editor_get_testing (TetherProfileEditor *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), FALSE);

  return self->test_cancellable != NULL;
}

const char *
tether_profile_editor_get_test_features (TetherProfileEditor *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->features_label))
           ? gtk_label_get_text (self->features_label) : NULL;
}

const char *
tether_profile_editor_get_test_result (TetherProfileEditor *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), NULL);

  return self->test_result;
}

gboolean
tether_profile_editor_get_test_succeeded (TetherProfileEditor *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_EDITOR (self), FALSE);

  return self->test_succeeded;
}
