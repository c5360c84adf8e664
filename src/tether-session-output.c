/* tether-session-output.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherSessionOutput:
 *
 * The "Program Output" area of a session page: what the session's program wrote (lldb-server
 * forwards it), as text in a read-only monospace view that follows new output while it is
 * scrolled to the bottom, with Clear and Save…. On a server that does not forward output
 * (gdbserver), a dim line says where the output goes instead.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tether-session-output.h"

struct _TetherSessionOutput
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  GtkScrolledWindow *scrolled;
  GtkTextView       *text_view;
  GtkLabel          *save_error_label;
  GtkLabel          *dropped_label;
  GtkLabel          *unavailable_label;

  /* Owned */
  TetherSession     *session;
  GByteArray        *pending;        /* a trailing CR or partial UTF-8 sequence */
  GCancellable      *cancellable;    /* saving */

  gboolean           available;
  guint              follow_tick;
  gboolean           follow;         /* keep showing the newest output */
};

G_DEFINE_FINAL_TYPE (TetherSessionOutput, tether_session_output, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Decoding */

/* How many bytes at the end of @data start a UTF-8 sequence that is not complete yet. */
static gsize
incomplete_utf8_tail (const guint8 *data,
                      gsize         len)
{
  for (gsize back = 1; back <= 3 && back <= len; back++)
    {
      guint8 c = data[len - back];
      gsize need;

      if ((c & 0xC0) == 0x80)
        continue;
      if (c < 0xC0)
        return 0;
      need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      return need > back ? back : 0;
    }
  return 0;
}

char *
tether_session_output_decode (GByteArray   *pending,
                              const guint8 *data,
                              gsize         len)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autoptr(GString) text = NULL;
  gsize keep;
  gsize n;

  g_return_val_if_fail (pending != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  g_byte_array_append (all, pending->data, pending->len);
  g_byte_array_append (all, data, len);
  g_byte_array_set_size (pending, 0);

  n = all->len;
  if (n > 0 && all->data[n - 1] == '\r')
    keep = 1;
  else
    keep = incomplete_utf8_tail (all->data, n);
  g_byte_array_append (pending, all->data + n - keep, keep);
  n -= keep;

  text = g_string_sized_new (n);
  for (gsize i = 0; i < n; i++)
    {
      if (all->data[i] == '\r' && i + 1 < n && all->data[i + 1] == '\n')
        continue;
      g_string_append_c (text, (char)all->data[i]);
    }
  return g_utf8_make_valid (text->str, text->len);
}

/* The view */

static gboolean
at_bottom (TetherSessionOutput *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);

  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
         >= gtk_adjustment_get_upper (adjustment) - 8;
}

/* Following: while the view is at the bottom it stays there, however the text view lays new
 * text out (over several frames, moving the value as it measures lines). Only the user leaves the
 * bottom (scrolling up, the scroll bar, keys); getting back to the bottom follows again. */
static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  TetherSessionOutput *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);

  self->follow_tick = 0;
  if (self->follow)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                          gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

static void
queue_follow (TetherSessionOutput *self)
{
  if (self->follow && self->follow_tick == 0 && !at_bottom (self))
    self->follow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->text_view),
                                                      follow_tick_cb, self, NULL);
}

static void
adjustment_changed_cb (TetherSessionOutput *self,
                       GtkAdjustment       *adjustment)
{
  queue_follow (self);
}

static void
value_changed_cb (TetherSessionOutput *self,
                  GtkAdjustment       *adjustment)
{
  if (at_bottom (self))
    self->follow = TRUE;
  else
    queue_follow (self);
}

static gboolean
scroll_cb (TetherSessionOutput      *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  if (dy < 0)
    self->follow = FALSE;
  return FALSE;
}

static void
scrollbar_pressed_cb (TetherSessionOutput *self,
                      int                  n_press,
                      double               x,
                      double               y,
                      GtkGestureClick     *gesture)
{
  self->follow = FALSE;
}

static gboolean
key_pressed_cb (TetherSessionOutput   *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up: case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      self->follow = FALSE;
      break;
    default:
      break;
    }
  return FALSE;
}

/* Says how much older output is gone, once some is. */
static void
update_dropped (TetherSessionOutput *self)
{
  guint64 dropped = tether_session_get_output_dropped (self->session);
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->dropped_label), dropped > 0);
  if (dropped == 0)
    return;
  size = g_format_size (dropped);
  text = g_strdup_printf (_("Older output is not kept: %s dropped. Only the last 256 KiB shows."),
                          size);
  gtk_label_set_label (self->dropped_label, text);
}

static void
append_bytes (TetherSessionOutput *self,
              GBytes              *bytes)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *text = NULL;
  GtkTextIter end;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int count;

  text = tether_session_output_decode (self->pending, data, len);
  if (*text == '\0')
    return;
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);

  /* Keep it bounded: drop whole lines from the start. */
  count = gtk_text_buffer_get_char_count (buffer);
  if (count > TETHER_SESSION_OUTPUT_MAX_CHARS)
    {
      GtkTextIter start, cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_offset (buffer, &cut, count - TETHER_SESSION_OUTPUT_MAX_CHARS);
      if (!gtk_text_iter_starts_line (&cut))
        gtk_text_iter_forward_line (&cut);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }

  queue_follow (self);
}

static void
output_appended_cb (TetherSessionOutput *self,
                    GBytes              *bytes,
                    TetherSession       *session)
{
  append_bytes (self, bytes);
  update_dropped (self);
}

/* Only a process the server started has its output forwarded: an attached one writes to its own
 * terminal, and gdbserver prints a started one's output on its own. */
static void
update_available (TetherSessionOutput *self)
{
  TetherServer *server = tether_session_get_server (self->session);
  gboolean forwards = (tether_server_get_caps (server) & TETHER_SERVER_FORWARDS_OUTPUT) != 0;
  gboolean available = forwards && tether_session_get_created (self->session);

  if (!tether_session_get_created (self->session))
    gtk_label_set_label (self->unavailable_label,
                         _("Program output: an attached process writes to its own terminal."));
  else
    gtk_label_set_label (self->unavailable_label,
                         _("Program output: gdbserver prints the program's output on its own "
                           "terminal."));
  gtk_stack_set_visible_child_name (self->stack, available ? "output" : "unavailable");
  if (self->available == available)
    return;
  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static void
server_notify_state_cb (TetherSessionOutput *self,
                        GParamSpec          *pspec,
                        TetherServer        *server)
{
  if (tether_server_get_state (server) == TETHER_SERVER_CONNECTED)
    update_available (self);
}

/* Actions */

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  tether_session_output_clear (TETHER_SESSION_OUTPUT (widget));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TetherSessionOutput) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), FALSE);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the program output: %s. "
                                                    "Choose another folder."), error->message);

      gtk_label_set_label (self->save_error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), TRUE);
    }
}

static void
save_response_cb (GtkNativeDialog     *dialog,
                  int                  response,
                  TetherSessionOutput *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      char *text = tether_session_output_dup_text (self);
      g_autoptr(GBytes) contents = g_bytes_new_take (text, strlen (text));

      g_file_replace_contents_bytes_async (file, contents, NULL, FALSE,
                                           G_FILE_CREATE_REPLACE_DESTINATION, self->cancellable,
                                           save_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TetherSessionOutput *self = TETHER_SESSION_OUTPUT (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("%s-%" G_GINT64_FORMAT ".log",
                                           tether_session_get_name (self->session),
                                           tether_session_get_pid (self->session));

  chooser = gtk_file_chooser_native_new (_("Save Program Output"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject */

static void
tether_session_output_constructed (GObject *object)
{
  TetherSessionOutput *self = (TetherSessionOutput *)object;
  g_autoptr(GBytes) kept = NULL;

  G_OBJECT_CLASS (tether_session_output_parent_class)->constructed (object);

  g_assert (self->session != NULL);

  /* What the program wrote before this page opened, then what follows. */
  kept = tether_session_dup_output (self->session);
  append_bytes (self, kept);
  update_dropped (self);
  g_signal_connect_object (self->session, "output-appended", G_CALLBACK (output_appended_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tether_session_get_server (self->session), "notify::state",
                           G_CALLBACK (server_notify_state_cb), self, G_CONNECT_SWAPPED);
  update_available (self);
}

static void
tether_session_output_dispose (GObject *object)
{
  TetherSessionOutput *self = (TetherSessionOutput *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->follow_tick != 0 && self->text_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->text_view), self->follow_tick);
  self->follow_tick = 0;
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (tether_session_get_server (self->session), self);
    }
  /* The stack is both the bin's child and a template child: let go of it once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_SESSION_OUTPUT);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tether_session_output_parent_class)->dispose (object);
}

static void
tether_session_output_finalize (GObject *object)
{
  TetherSessionOutput *self = (TetherSessionOutput *)object;

  g_byte_array_unref (self->pending);

  G_OBJECT_CLASS (tether_session_output_parent_class)->finalize (object);
}

static void
tether_session_output_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TetherSessionOutput *self = TETHER_SESSION_OUTPUT (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_AVAILABLE: g_value_set_boolean (value, self->available); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_session_output_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TetherSessionOutput *self = TETHER_SESSION_OUTPUT (object);

  switch (prop_id)
    {
    case PROP_SESSION: self->session = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_session_output_class_init (TetherSessionOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tether_session_output_constructed;
  object_class->dispose = tether_session_output_dispose;
  object_class->finalize = tether_session_output_finalize;
  object_class->get_property = tether_session_output_get_property;
  object_class->set_property = tether_session_output_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TETHER_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-session-output.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherSessionOutput, stack);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionOutput, scrolled);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionOutput, text_view);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionOutput, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionOutput, dropped_label);
  gtk_widget_class_bind_template_child (widget_class, TetherSessionOutput, unavailable_label);

  gtk_widget_class_install_action (widget_class, "output.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "output.save", NULL, save_action);
}

static void
tether_session_output_init (TetherSessionOutput *self)
{
  GtkEventController *controller;
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pending = g_byte_array_new ();
  self->cancellable = g_cancellable_new ();

  self->follow = TRUE;
  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled), controller);
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (scrollbar_pressed_cb), self);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scrolled), controller);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);
}

GtkWidget *
tether_session_output_new (TetherSession *session)
{
  g_return_val_if_fail (TETHER_IS_SESSION (session), NULL);

  return g_object_new (TETHER_TYPE_SESSION_OUTPUT, "session", session, NULL);
}

TetherSession *
tether_session_output_get_session (TetherSessionOutput *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION_OUTPUT (self), NULL);

  return self->session;
}

gboolean
tether_session_output_get_available (TetherSessionOutput *self)
{
  g_return_val_if_fail (TETHER_IS_SESSION_OUTPUT (self), FALSE);

  return self->available;
}

char *
tether_session_output_dup_text (TetherSessionOutput *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (TETHER_IS_SESSION_OUTPUT (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
tether_session_output_clear (TetherSessionOutput *self)
{
  g_return_if_fail (TETHER_IS_SESSION_OUTPUT (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  g_byte_array_set_size (self->pending, 0);
  tether_session_clear_output (self->session);
  update_dropped (self);
}
