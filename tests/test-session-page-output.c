/* test-session-page-output.c: the Program Output area of a session page, against a real
 * lldb-server platform (which forwards output) and a real gdbserver (which does not), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-session-output.h"
#include "tether-session-page.h"
#include "tether-test-window.h"

static char *
decode_str (GByteArray *pending,
            const char *piece)
{
  return tether_session_output_decode (pending, (const guint8 *)piece, strlen (piece));
}

/* CR LF becomes LF and invalid bytes are replaced, however the pieces are split. */
static void
test_decode (void)
{
  g_autoptr(GByteArray) pending = g_byte_array_new ();
  g_autofree char *a = decode_str (pending, "one\r\nw\xc3");
  g_autofree char *b = decode_str (pending, "\xb6rld\r");
  g_autofree char *c = decode_str (pending, "\nbad \xff end\r\n");
  g_autofree char *all = g_strconcat (a, b, c, NULL);

  g_assert_cmpstr (all, ==, "one\nw\xc3\xb6rld\nbad \xef\xbf\xbd end\n");
  g_assert_true (g_utf8_validate (all, -1, NULL));
  g_assert_cmpuint (pending->len, ==, 0);
}

typedef struct
{
  TetherSessionOutput *output;
  const char          *expected[3];
} TextWatch;

static gboolean
shows_all (gpointer data)
{
  TextWatch *watch = data;
  g_autofree char *text = tether_session_output_dup_text (watch->output);

  for (guint i = 0; watch->expected[i] != NULL; i++)
    if (strstr (text, watch->expected[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
has_output (gpointer data)
{
  g_autoptr(GBytes) output = tether_session_dup_output (data);

  return g_bytes_get_size (output) > 0;
}

static TetherSession *
create_session (TetherServer *server,
                const char   *script)
{
  const char *argv[] = { "/bin/sh", "-c", script, NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TetherSession *session;

  tether_create_options_set_stopped (options, TRUE);
  tether_session_create_async (server, options, NULL, tether_test_store_result, &result);
  session = tether_session_create_finish (tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  return session;
}

static void
control (TetherSession *session,
         TetherControl  what)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tether_session_control_async (session, what, NULL, tether_test_store_result, &result);
  g_assert_true (tether_session_control_finish (session, tether_test_wait (&result, 20000),
                                                &error));
  g_assert_no_error (error);
}

/* On lldb-server: the page's output area shows what the program wrote (written before and after
 * the page opened), as text; Clear empties it. */
static void
test_page_output_lldb (void)
{
  g_autoptr(TetherTestLldbPlatform) platform = tether_test_lldb_platform_start ();
  g_autoptr(TetherSession) session = NULL;
  TetherServer *server;
  GtkWindow *window;
  GtkWidget *page;
  TetherSessionOutput *output;
  TextWatch watch = { 0 };
  g_autofree char *text = NULL;

  if (platform == NULL)
    return;
  server = tether_test_connect (platform->options);
  session = create_session (server, "echo hello; echo w\xc3\xb6rld; sleep 1; echo later; "
                                    "sleep 60");
  control (session, TETHER_CONTROL_CONTINUE);
  /* The first lines come before the page exists. */
  g_assert_true (tether_test_poll_until (has_output, session, 20000));
  window = GTK_WINDOW (gtk_window_new ());
  page = tether_session_page_new (session, "lldb");
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  output = TETHER_SESSION_OUTPUT (tether_session_page_get_output (TETHER_SESSION_PAGE (page)));
  g_assert_true (tether_session_output_get_available (output));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (output)));

  watch.output = output;
  watch.expected[0] = "hello\n";
  watch.expected[1] = "w\xc3\xb6rld\nlater\n";
  g_assert_true (tether_test_poll_until (shows_all, &watch, 20000));
  text = tether_session_output_dup_text (output);
  g_assert_null (strchr (text, '\r'));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (output), "output.clear", NULL));
  g_clear_pointer (&text, g_free);
  text = tether_session_output_dup_text (output);
  g_assert_cmpstr (text, ==, "");

  control (session, TETHER_CONTROL_KILL);
  gtk_window_destroy (window);
  g_assert_finalize_object (g_steal_pointer (&session));
  tether_test_disconnect (server);
}

static GtkLabel *
find_label_starting (GtkWidget  *widget,
                     const char *prefix)
{
  if (GTK_IS_LABEL (widget) &&
      g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_starting (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The last line of the text view is on screen, the view scrolled to the bottom (of more text
 * than fits: the value is past 0, so the view has laid the text out). */
static gboolean
shows_end (gpointer data)
{
  GtkTextView *text_view = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (text_view));
  GdkRectangle visible, location;
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (text_view), &end);
  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_view_get_iter_location (text_view, &end, &location);
  return gtk_adjustment_get_value (adjustment) > 0 &&
         location.y >= visible.y && location.y + location.height <= visible.y + visible.height &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 8;
}

/* Much output: the view keeps the last of it from the start of a line, and says that older
 * output was dropped. */
static void
test_page_output_bounded (void)
{
  g_autoptr(TetherTestLldbPlatform) platform = tether_test_lldb_platform_start ();
  g_autoptr(TetherSession) session = NULL;
  TetherServer *server;
  GtkWindow *window;
  GtkWidget *page;
  TetherSessionOutput *output;
  TextWatch watch = { 0 };
  g_autofree char *text = NULL;
  GtkTextView *text_view;
  GtkLabel *dropped;
  char *end = NULL;
  guint64 first;

  if (platform == NULL)
    return;
  server = tether_test_connect (platform->options);
  session = create_session (server, "seq 1 100000; echo done; sleep 60");
  window = GTK_WINDOW (gtk_window_new ());
  page = tether_session_page_new (session, "lldb");
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  output = TETHER_SESSION_OUTPUT (tether_session_page_get_output (TETHER_SESSION_PAGE (page)));
  g_assert_null (find_label_starting (GTK_WIDGET (output), "Older output"));
  control (session, TETHER_CONTROL_CONTINUE);

  watch.output = output;
  watch.expected[0] = "\n99999\n100000\ndone\n";
  g_assert_true (tether_test_poll_until (shows_all, &watch, 60000));
  text = tether_session_output_dup_text (output);
  g_assert_cmpuint (g_utf8_strlen (text, -1), <=, TETHER_SESSION_OUTPUT_MAX_CHARS);
  g_assert_cmpuint (g_utf8_strlen (text, -1), >, TETHER_SESSION_OUTPUT_MAX_CHARS - 16);
  /* It starts with a whole line: a number, then the next one. */
  first = g_ascii_strtoull (text, &end, 10);
  g_assert_cmpuint (first, >, 1);
  g_assert_cmpint (*end, ==, '\n');
  g_assert_cmpuint (g_ascii_strtoull (end + 1, NULL, 10), ==, first + 1);

  /* It followed the output: once the view has laid it all out, it shows the last line. */
  text_view = GTK_TEXT_VIEW (tether_test_find_descendant (GTK_WIDGET (output),
                                                          GTK_TYPE_TEXT_VIEW));
  g_assert_true (tether_test_poll_until (shows_end, text_view, 20000));

  g_assert_cmpuint (tether_session_get_output_dropped (session), >, 0);
  dropped = find_label_starting (GTK_WIDGET (output), "Older output");
  g_assert_nonnull (dropped);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dropped)));

  control (session, TETHER_CONTROL_KILL);
  gtk_window_destroy (window);
  g_assert_finalize_object (g_steal_pointer (&session));
  tether_test_disconnect (server);
}

/* An attached process writes to its own terminal, even on lldb-server: the area says so. */
static void
test_page_output_attached (void)
{
  g_autoptr(TetherTestLldbPlatform) platform = tether_test_lldb_platform_start ();
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GError) error = NULL;
  TetherServer *server;
  GtkWindow *window;
  GtkWidget *page;
  TetherSessionOutput *output;
  GtkLabel *label;

  if (platform == NULL)
    return;
  server = tether_test_connect (platform->options);
  victim = tether_test_victim_start ("600");
  session = tether_test_attach_session (server, victim->pid, FALSE, &error);
  g_assert_no_error (error);
  window = GTK_WINDOW (gtk_window_new ());
  page = tether_session_page_new (session, "lldb");
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  output = TETHER_SESSION_OUTPUT (tether_session_page_get_output (TETHER_SESSION_PAGE (page)));
  g_assert_false (tether_session_output_get_available (output));
  label = find_label_starting (GTK_WIDGET (output), "Program output: an attached process");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));

  control (session, TETHER_CONTROL_DETACH);
  gtk_window_destroy (window);
  g_assert_finalize_object (g_steal_pointer (&session));
  tether_test_disconnect (server);
}

/* On gdbserver the area says where the output goes instead. */
static void
test_page_output_gdbserver (void)
{
  TetherTestGdbserver *gdbserver = tether_test_gdbserver_start ();
  TetherServer *server = tether_test_connect (gdbserver->options);
  g_autoptr(TetherSession) session = create_session (server, "sleep 60");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page = tether_session_page_new (session, "gdbserver");
  TetherSessionOutput *output;
  GtkLabel *label;

  gtk_window_set_child (window, page);
  gtk_window_present (window);
  output = TETHER_SESSION_OUTPUT (tether_session_page_get_output (TETHER_SESSION_PAGE (page)));
  g_assert_false (tether_session_output_get_available (output));
  label = find_label_starting (GTK_WIDGET (output), "Program output: gdbserver prints");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));

  control (session, TETHER_CONTROL_KILL);
  gtk_window_destroy (window);
  g_assert_finalize_object (g_steal_pointer (&session));
  tether_test_disconnect (server);
  tether_test_gdbserver_stop (gdbserver);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/session-page-output/decode", test_decode);
  g_test_add_func ("/session-page-output/lldb", test_page_output_lldb);
  g_test_add_func ("/session-page-output/bounded", test_page_output_bounded);
  g_test_add_func ("/session-page-output/attached", test_page_output_attached);
  g_test_add_func ("/session-page-output/gdbserver", test_page_output_gdbserver);

  return g_test_run ();
}
