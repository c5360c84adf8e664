/* tether-console.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherConsole:
 *
 * One server's console: an entry that runs gdbserver "monitor" commands with their output below,
 * and the packet log of the server's connection (direction, round-trip time, packet), which can be
 * saved to a file. It follows the server across reconnections: each new connection is logged.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-console.h"

/* A packet longer than this is cut in the log (its size is said). */
#define MAX_SHOWN_BYTES 400

struct _TetherConsole
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkEntry            *command_entry;
  GtkTextView         *output_view;
  GtkLabel            *count_label;
  GtkStringList       *log;
  GtkScrolledWindow   *log_scroller;

  /* Owned */
  TetherServer        *server;
  TetherRspConnection *connection;   /* the one whose packets are logged */
  GCancellable        *cancellable;
  guint                running;
};

G_DEFINE_FINAL_TYPE (TetherConsole, tether_console, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_actions (TetherConsole *self)
{
  gboolean connected = tether_server_get_state (self->server) == TETHER_SERVER_CONNECTED;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u packet",
                                                         "%u packets", n), n);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.run",
                                 connected && self->running == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.save-log", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.clear-log", n > 0);
  gtk_label_set_label (self->count_label, count);
}

/* Output */

static void
append_output (TetherConsole *self,
               const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_view_scroll_to_iter (self->output_view, &end, 0.0, FALSE, 0.0, 1.0);
}

static void
monitor_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TetherConsole) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  output = tether_server_monitor_finish (TETHER_SERVER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->running--;
  if (output != NULL)
    append_output (self, output[0] != '\0' ? output : _("(no output)\n"));
  else
    {
      g_autofree char *line = g_strdup_printf (_("Error: %s\n"), error->message);

      append_output (self, line);
    }
  if (output != NULL && output[0] != '\0' && !g_str_has_suffix (output, "\n"))
    append_output (self, "\n");
  update_actions (self);
}

void
tether_console_run_command (TetherConsole *self,
                            const char    *command)
{
  g_autofree char *echo = NULL;

  g_return_if_fail (TETHER_IS_CONSOLE (self));
  g_return_if_fail (command != NULL);

  if (command[0] == '\0')
    return;

  echo = g_strdup_printf ("(monitor) %s\n", command);
  append_output (self, echo);
  self->running++;
  update_actions (self);
  tether_server_monitor_async (self->server, command, self->cancellable, monitor_cb,
                               g_object_ref (self));
}

static void
command_activate_cb (TetherConsole *self,
                     GtkEntry      *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "console.run", NULL);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TetherConsole *self = TETHER_CONSOLE (widget);
  g_autofree char *command = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->command_entry)));

  g_strstrip (command);
  tether_console_run_command (self, command);
  gtk_editable_set_text (GTK_EDITABLE (self->command_entry), "");
}

char *
tether_console_dup_output (TetherConsole *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (TETHER_IS_CONSOLE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->output_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Packet log */

static char *
format_packet (TetherRspLogDirection  direction,
               GBytes                *bytes,
               gint64                 elapsed_us)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GString *line = g_string_new (NULL);

  switch (direction)
    {
    case TETHER_RSP_LOG_SENT:
      g_string_append (line, "→ ");
      break;
    case TETHER_RSP_LOG_RECEIVED:
      g_string_append_printf (line, "← %.2f ms ", elapsed_us / 1000.0);
      break;
    case TETHER_RSP_LOG_NOTIFICATION:
    default:
      g_string_append (line, "⇠ %");
      break;
    }

  for (gsize i = 0; i < len && i < MAX_SHOWN_BYTES; i++)
    {
      if (data[i] >= 0x20 && data[i] < 0x7f)
        g_string_append_c (line, (char)data[i]);
      else
        g_string_append_printf (line, "\\x%02x", data[i]);
    }
  if (len > MAX_SHOWN_BYTES)
    {
      /* xgettext cannot read G_GSIZE_FORMAT: the number goes in as text. */
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, len);

      g_string_append_printf (line, _(" … (%s bytes)"), size);
    }

  return g_string_free (line, FALSE);
}

static void
packet_logged_cb (TetherConsole       *self,
                  guint                direction,
                  GBytes              *bytes,
                  gint64               elapsed_us,
                  TetherRspConnection *connection)
{
  g_autofree char *line = format_packet (direction, bytes, elapsed_us);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));

  if (n >= TETHER_CONSOLE_MAX_LOG_LINES)
    gtk_string_list_splice (self->log, 0, n - TETHER_CONSOLE_MAX_LOG_LINES + 1, NULL);
  gtk_string_list_append (self->log, line);
  update_actions (self);
}

static void
follow_connection (TetherConsole *self)
{
  TetherRspConnection *connection = tether_server_get_connection (self->server);

  if (connection == self->connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    g_signal_connect_object (connection, "packet-logged", G_CALLBACK (packet_logged_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
server_state_cb (TetherConsole *self,
                 GParamSpec    *pspec,
                 TetherServer  *server)
{
  follow_connection (self);
  update_actions (self);
}

static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TetherConsole *self = TETHER_CONSOLE (widget);

  gtk_string_list_splice (self->log, 0, g_list_model_get_n_items (G_LIST_MODEL (self->log)),
                          NULL);
  update_actions (self);
}

GListModel *
tether_console_get_log (TetherConsole *self)
{
  g_return_val_if_fail (TETHER_IS_CONSOLE (self), NULL);

  return G_LIST_MODEL (self->log);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
tether_console_save_log_async (TetherConsole       *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  GString *text = g_string_new (NULL);
  guint n;
  gsize len;

  g_return_if_fail (TETHER_IS_CONSOLE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_console_save_log_async);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->log));
  for (guint i = 0; i < n; i++)
    {
      g_string_append (text, gtk_string_list_get_string (self->log, i));
      g_string_append_c (text, '\n');
    }
  len = text->len;
  /* The contents must outlive the write: the task keeps them. */
  g_task_set_task_data (task, g_string_free (text, FALSE), g_free);
  g_file_replace_contents_async (file, g_task_get_task_data (task), len, NULL, FALSE,
                                 G_FILE_CREATE_REPLACE_DESTINATION, cancellable, save_cb, task);
}

gboolean
tether_console_save_log_finish (TetherConsole  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (TETHER_IS_CONSOLE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TetherConsole *self = TETHER_CONSOLE (object);
  g_autoptr(GError) error = NULL;

  if (!tether_console_save_log_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *line = g_strdup_printf (_("Could not save the packet log: %s. Choose "
                                                 "another folder.\n"), error->message);

      append_output (self, line);
    }
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  TetherConsole   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      tether_console_save_log_async (self, file, self->cancellable, save_done_cb, NULL);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_log_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TetherConsole *self = TETHER_CONSOLE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Packet Log"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "tether-packets.log");
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* List rows */

static void
setup_log_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
bind_log_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkStringObject *line = gtk_list_item_get_item (item);
  GtkInscription *label = GTK_INSCRIPTION (gtk_list_item_get_child (item));

  gtk_inscription_set_text (label, gtk_string_object_get_string (line));
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), gtk_string_object_get_string (line));
}

/* GObject */

static void
tether_console_constructed (GObject *object)
{
  TetherConsole *self = (TetherConsole *)object;

  G_OBJECT_CLASS (tether_console_parent_class)->constructed (object);

  g_assert (self->server != NULL);
  g_signal_connect_object (self->server, "notify::state", G_CALLBACK (server_state_cb), self,
                           G_CONNECT_SWAPPED);
  follow_connection (self);
  update_actions (self);
}

static void
tether_console_dispose (GObject *object)
{
  TetherConsole *self = (TetherConsole *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->connection);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_CONSOLE);

  g_clear_object (&self->server);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tether_console_parent_class)->dispose (object);
}

static void
tether_console_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TetherConsole *self = TETHER_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_console_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TetherConsole *self = TETHER_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_SERVER: self->server = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_console_class_init (TetherConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tether_console_constructed;
  object_class->dispose = tether_console_dispose;
  object_class->get_property = tether_console_get_property;
  object_class->set_property = tether_console_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-console.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherConsole, command_entry);
  gtk_widget_class_bind_template_child (widget_class, TetherConsole, output_view);
  gtk_widget_class_bind_template_child (widget_class, TetherConsole, count_label);
  gtk_widget_class_bind_template_child (widget_class, TetherConsole, log);
  gtk_widget_class_bind_template_child (widget_class, TetherConsole, log_scroller);
  gtk_widget_class_bind_template_callback (widget_class, command_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_log_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_log_row_cb);

  gtk_widget_class_install_action (widget_class, "console.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "console.save-log", NULL, save_log_action);
  gtk_widget_class_install_action (widget_class, "console.clear-log", NULL, clear_log_action);
}

static void
tether_console_init (TetherConsole *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

GtkWidget *
tether_console_new (TetherServer *server)
{
  g_return_val_if_fail (TETHER_IS_SERVER (server), NULL);

  return g_object_new (TETHER_TYPE_CONSOLE, "server", server, NULL);
}

TetherServer *
tether_console_get_server (TetherConsole *self)
{
  g_return_val_if_fail (TETHER_IS_CONSOLE (self), NULL);

  return self->server;
}
