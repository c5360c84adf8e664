/* test-session-output.c: a session keeps its program's output (lldb-server forwards it)
 *
 * The bounded buffer on its own, then a session created on a real lldb-server platform.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-output-buffer.h"
#include "tether-test-session.h"

static char *
buffer_text (TetherOutputBuffer *buffer)
{
  g_autoptr(GBytes) bytes = tether_output_buffer_dup_bytes (buffer);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return len > 0 ? g_strndup (data, len) : g_strdup ("");
}

static void
append_str (TetherOutputBuffer *buffer,
            const char         *text)
{
  tether_output_buffer_append (buffer, (const guint8 *)text, strlen (text));
}

/* Under the bound everything stays; over it, the oldest whole lines go and are counted. */
static void
test_buffer_bound (void)
{
  g_autoptr(TetherOutputBuffer) buffer = tether_output_buffer_new (16);
  g_autofree char *text = NULL;

  append_str (buffer, "one\r\ntwo\r\n");
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "one\r\ntwo\r\n");
  g_assert_cmpuint (tether_output_buffer_get_dropped (buffer), ==, 0);
  g_clear_pointer (&text, g_free);

  /* 19 bytes: "one\r\n" (5) must go; what stays starts a line. */
  append_str (buffer, "three\r\n\xff\n");
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "two\r\nthree\r\n\xff\n");
  g_assert_cmpuint (tether_output_buffer_get_dropped (buffer), ==, 5);
  g_assert_cmpuint (tether_output_buffer_get_size (buffer), <=, 16);
  g_clear_pointer (&text, g_free);

  /* A piece with no line end in reach: its oldest bytes go. */
  append_str (buffer, "abcdefghijklmnopqrstuvwxyz");
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "klmnopqrstuvwxyz");
  g_assert_cmpuint (tether_output_buffer_get_dropped (buffer), ==, 5 + 14 + 10);
  g_clear_pointer (&text, g_free);

  tether_output_buffer_clear (buffer);
  g_assert_cmpuint (tether_output_buffer_get_size (buffer), ==, 0);
  g_assert_cmpuint (tether_output_buffer_get_dropped (buffer), ==, 0);
}

/* Many lines in small pieces: the size never passes the bound, the newest line is whole at the
 * end, the first kept line is whole, and kept plus dropped is everything. */
static void
test_buffer_many_lines (void)
{
  g_autoptr(TetherOutputBuffer) buffer = tether_output_buffer_new (4096);
  g_autofree char *text = NULL;
  gsize total = 0;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *line = g_strdup_printf ("line %u\r\n", i);

      append_str (buffer, line);
      total += strlen (line);
      g_assert_cmpuint (tether_output_buffer_get_size (buffer), <=, 4096);
    }
  text = buffer_text (buffer);
  g_assert_true (g_str_has_prefix (text, "line "));
  g_assert_true (g_str_has_suffix (text, "\r\nline 9999\r\n"));
  g_assert_cmpuint (tether_output_buffer_get_dropped (buffer) + strlen (text), ==, total);
  g_assert_cmpuint (strlen (text), >, 4096 - 16);
}

typedef struct
{
  TetherSession *session;
  GString       *appended;
} OutputWatch;

static void
output_appended_cb (TetherSession *session,
                    GBytes        *bytes,
                    OutputWatch   *watch)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_string_append_len (watch->appended, data, len);
}

static gboolean
has_both_lines (gpointer user_data)
{
  OutputWatch *watch = user_data;
  g_autoptr(GBytes) output = tether_session_dup_output (watch->session);
  gsize len;
  const char *data = g_bytes_get_data (output, &len);
  g_autofree char *text = len > 0 ? g_strndup (data, len) : g_strdup ("");

  return strstr (text, "hello\r\n") != NULL && strstr (text, "w\xc3\xb6rld\r\n") != NULL;
}

/* A created program's output, forwarded by lldb-server, is the session's output, raw. */
static void
test_session_output_lldb (void)
{
  const char *argv[] = { "/bin/sh", "-c", "echo hello; echo w\xc3\xb6rld; sleep 60", NULL };
  g_autoptr(TetherTestLldbPlatform) platform = tether_test_lldb_platform_start ();
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherSession) session = NULL;
  g_autoptr(GBytes) cleared = NULL;
  TetherServer *server;
  OutputWatch watch = { 0 };

  if (platform == NULL)
    return;
  server = tether_test_connect (platform->options);
  g_assert_true (tether_server_get_caps (server) & TETHER_SERVER_FORWARDS_OUTPUT);

  /* Stopped at first, so that the session is there before the program writes. */
  tether_create_options_set_stopped (options, TRUE);
  tether_session_create_async (server, options, NULL, tether_test_store_result, &result);
  session = tether_session_create_finish (tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  watch.session = session;
  watch.appended = g_string_new (NULL);
  g_signal_connect (session, "output-appended", G_CALLBACK (output_appended_cb), &watch);

  tether_session_control_async (session, TETHER_CONTROL_CONTINUE, NULL, tether_test_store_result,
                                &result);
  g_assert_true (tether_session_control_finish (session, tether_test_wait (&result, 20000),
                                                &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_true (tether_test_poll_until (has_both_lines, &watch, 20000));
  /* The signal brought the same bytes. */
  g_assert_nonnull (strstr (watch.appended->str, "hello\r\nw\xc3\xb6rld\r\n"));
  g_assert_cmpuint (tether_session_get_output_dropped (session), ==, 0);

  tether_session_clear_output (session);
  g_clear_pointer (&cleared, g_bytes_unref);
  cleared = tether_session_dup_output (session);
  g_assert_cmpuint (g_bytes_get_size (cleared), ==, 0);

  tether_session_control_async (session, TETHER_CONTROL_KILL, NULL, tether_test_store_result,
                                &result);
  g_assert_true (tether_session_control_finish (session, tether_test_wait (&result, 20000),
                                                &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_signal_handlers_disconnect_by_data (session, &watch);
  g_string_free (watch.appended, TRUE);
  g_assert_finalize_object (g_steal_pointer (&session));
  tether_test_disconnect (server);
}

/* Started running: what the program writes at once, even before the session exists, is kept;
 * and a program that ends at once keeps its output. */
static void
test_session_output_lldb_running (void)
{
  const char *argv[] = { "/bin/sh", "-c", "echo hello; echo w\xc3\xb6rld", NULL };
  g_autoptr(TetherTestLldbPlatform) platform = tether_test_lldb_platform_start ();
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherSession) session = NULL;
  TetherServer *server;
  OutputWatch watch = { 0 };

  if (platform == NULL)
    return;
  server = tether_test_connect (platform->options);

  tether_create_options_set_stopped (options, FALSE);
  tether_session_create_async (server, options, NULL, tether_test_store_result, &result);
  session = tether_session_create_finish (tether_test_wait (&result, 20000), &error);
  g_assert_no_error (error);

  watch.session = session;
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_EXITED, 20000));
  g_assert_true (has_both_lines (&watch));

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
  tether_test_disconnect (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session-output/buffer/bound", test_buffer_bound);
  g_test_add_func ("/session-output/buffer/many-lines", test_buffer_many_lines);
  g_test_add_func ("/session-output/lldb", test_session_output_lldb);
  g_test_add_func ("/session-output/lldb-running", test_session_output_lldb_running);

  return g_test_run ();
}
