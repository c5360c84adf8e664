/* tether-session-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherSessionPage:
 *
 * The page of one #TetherSession: name, PID and server, a state line ("Stopped: SIGSTOP",
 * "Killed by SIGKILL"…), the threads, Continue/Stop/Detach/Kill (enabled from the session's can-*
 * properties; Kill asks first), banners for a failure or for a process found again after a lost
 * connection, the program's output (#TetherSessionOutput) and the server's #TetherConsole in an
 * expander.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-console.h"
#include "tether-session-output.h"
#include "tether-session-page.h"
#include "tether-thread.h"

struct _TetherSessionPage
{
  AdwBin            parent_instance;

  /* Template widgets */
  GtkRevealer      *recovered_revealer;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkImage         *state_icon;
  GtkLabel         *state_label;
  GtkSpinner       *busy_spinner;
  GtkLabel         *threads_heading;
  GtkColumnView    *threads_view;
  AdwBin           *output_bin;
  GtkExpander      *console_expander;

  /* Owned */
  TetherSession    *session;
  char             *server_name;
  GtkWidget        *console;
  GtkWidget        *output;
};

G_DEFINE_FINAL_TYPE (TetherSessionPage, tether_session_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SERVER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
state_icon_name (TetherSessionState state)
{
  switch (state)
    {
    case TETHER_SESSION_RUNNING: return "media-playback-start-symbolic";
    case TETHER_SESSION_STOPPED: return "media-playback-pause-symbolic";
    case TETHER_SESSION_EXITED: return "process-stop-symbolic";
    case TETHER_SESSION_KILLED: return "process-stop-symbolic";
    case TETHER_SESSION_DETACHED: return "edit-cut-symbolic";
    case TETHER_SESSION_LOST:
    default: return "network-error-symbolic";
    }
}

static void
update (TetherSessionPage *self)
{
  TetherSession *session = self->session;
  TetherSessionState state = tether_session_get_state (session);
  guint n_threads = g_list_model_get_n_items (tether_session_get_threads (session));
  g_autofree char *heading = NULL;
  const char *error = tether_session_get_error_message (session);

  gtk_label_set_label (self->state_label, tether_session_get_state_text (session));
  gtk_image_set_from_icon_name (self->state_icon, state_icon_name (state));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.continue",
                                 tether_session_get_can_continue (session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.stop",
                                 tether_session_get_can_stop (session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.detach",
                                 tether_session_get_can_detach (session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.kill",
                                 tether_session_get_can_kill (session));
  gtk_spinner_set_spinning (self->busy_spinner, tether_session_get_busy (session));
  gtk_revealer_set_reveal_child (self->recovered_revealer, tether_session_get_recovered (session));
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
  gtk_label_set_label (self->error_label, error != NULL ? error : "");

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Thread", "%u Threads", n_threads),
                             n_threads);
  gtk_label_set_label (self->threads_heading, n_threads > 0 ? heading : _("Threads"));
}

static void
session_notify_cb (TetherSessionPage *self,
                   GParamSpec        *pspec,
                   TetherSession     *session)
{
  update (self);
}

static void
threads_changed_cb (TetherSessionPage *self,
                    guint              position,
                    guint              removed,
                    guint              added,
                    GListModel        *threads)
{
  update (self);
}

/* Actions */

static void
control_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  /* A failure is the session's error, which the banner shows. */
  tether_session_control_finish (TETHER_SESSION (object), result, NULL);
}

static void
control (TetherSessionPage *self,
         TetherControl      what)
{
  tether_session_control_async (self->session, what, NULL, control_cb, NULL);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  control (TETHER_SESSION_PAGE (widget), TETHER_CONTROL_CONTINUE);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  control (TETHER_SESSION_PAGE (widget), TETHER_CONTROL_STOP);
}

static void
detach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  control (TETHER_SESSION_PAGE (widget), TETHER_CONTROL_DETACH);
}

static void
kill_response_cb (AdwMessageDialog  *dialog,
                  const char        *response,
                  TetherSessionPage *self)
{
  if (g_strcmp0 (response, "kill") == 0 && tether_session_get_can_kill (self->session))
    control (self, TETHER_CONTROL_KILL);
}

static void
kill_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TetherSessionPage *self = TETHER_SESSION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = g_strdup_printf (_("Kill %s?"),
                                              tether_session_get_title (self->session));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The process ends at once, without a chance to save "
                                     "anything."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "kill", _("_Kill"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "kill",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (kill_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Thread cells */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
bind_tid_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  TetherThread *thread = gtk_list_item_get_item (item);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, tether_thread_get_tid (thread));

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  TetherThread *thread = gtk_list_item_get_item (item);

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)),
                            tether_thread_get_name (thread));
}

static void
bind_core_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  TetherThread *thread = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (tether_thread_get_core (thread) >= 0)
    text = g_strdup_printf ("%d", tether_thread_get_core (thread));
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

/* GObject */

static void
tether_session_page_constructed (GObject *object)
{
  TetherSessionPage *self = (TetherSessionPage *)object;
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *subtitle = NULL;
  GListModel *threads;

  G_OBJECT_CLASS (tether_session_page_parent_class)->constructed (object);

  g_assert (self->session != NULL);

  threads = tether_session_get_threads (self->session);
  selection = gtk_no_selection_new (g_object_ref (threads));
  gtk_column_view_set_model (self->threads_view, GTK_SELECTION_MODEL (selection));

  gtk_label_set_label (self->title_label, tether_session_get_name (self->session));
  subtitle = g_strdup_printf (tether_session_get_created (self->session)
                                ? _("PID %d · started by Tether on %s")
                                : _("PID %d · attached on %s"),
                              (int)tether_session_get_pid (self->session),
                              self->server_name != NULL ? self->server_name : "");
  gtk_label_set_label (self->subtitle_label, subtitle);

  self->output = tether_session_output_new (self->session);
  adw_bin_set_child (self->output_bin, self->output);

  self->console = tether_console_new (tether_session_get_server (self->session));
  gtk_expander_set_child (self->console_expander, self->console);

  g_signal_connect_object (self->session, "notify", G_CALLBACK (session_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (threads, "items-changed", G_CALLBACK (threads_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
tether_session_page_dispose (GObject *object)
{
  TetherSessionPage *self = (TetherSessionPage *)object;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (tether_session_get_threads (self->session), self);
    }
  if (self->threads_view != NULL)
    gtk_column_view_set_model (self->threads_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_SESSION_PAGE);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (tether_session_page_parent_class)->dispose (object);
}

static void
tether_session_page_finalize (GObject *object)
{
  TetherSessionPage *self = (TetherSessionPage *)object;

  g_free (self->server_name);

  G_OBJECT_CLASS (tether_session_page_parent_class)->finalize (object);
}

static void
tether_session_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TetherSessionPage *self = TETHER_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_SERVER_NAME: g_value_set_string (value, self->server_name); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_session_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TetherSessionPage *self = TETHER_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION: self->session = g_value_dup_object (value); break;
    case PROP_SERVER_NAME: self->server_name = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_session_page_class_init (TetherSessionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tether_session_page_constructed;
  object_class->dispose = tether_session_page_dispose;
  object_class->finalize = tether_session_page_finalize;
  object_class->get_property = tether_session_page_get_property;
  object_class->set_property = tether_session_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TETHER_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_NAME] =
    g_param_spec_string ("server-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-session-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, recovered_revealer);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, threads_heading);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, threads_view);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, output_bin);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionPage, console_expander);
  gtk_widget_class_bind_template_callback (widget_class, setup_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_tid_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_core_cb);

  gtk_widget_class_install_action (widget_class, "session.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "session.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "session.detach", NULL, detach_action);
  gtk_widget_class_install_action (widget_class, "session.kill", NULL, kill_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "session.continue", NULL);

  g_type_ensure (TETHER_TYPE_CONSOLE);
}

static void
tether_session_page_init (TetherSessionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tether_session_page_new (TetherSession *session,
                         const char    *server_name)
{
  g_return_val_if_fail (TETHER_IS_SESSION (session), NULL);

  return g_object_new (TETHER_TYPE_SESSION_PAGE,
                       "session", session,
                       "server-name", server_name,
                       NULL);
}

TetherSession *
tether_session_page_get_session (TetherSessionPage *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION_PAGE (self), NULL);

  return self->session;
}

GtkWidget *
tether_session_page_get_console (TetherSessionPage *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION_PAGE (self), NULL);

  return self->console;
}

GtkWidget *
tether_session_page_get_output (TetherSessionPage *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION_PAGE (self), NULL);

  return self->output;
}
