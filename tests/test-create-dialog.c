/* test-create-dialog.c: starting processes through the app, and the server console, against a
 * real local gdbserver, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tether-console.h"
#include "tether-create-dialog.h"
#include "tether-test-window.h"

typedef TetherTestWindowFixture Fixture;

static void
activate (GtkWidget  *widget,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
}

static char *
read_proc (gint64      pid,
           const char *file,
           gsize      *len)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", (int)pid, file);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

static TetherConsole *
find_console_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!TETHER_IS_WINDOW (window) && ADW_IS_WINDOW (window))
        {
          GtkWidget *console = tether_test_find_descendant (window, TETHER_TYPE_CONSOLE);

          if (console != NULL)
            return TETHER_CONSOLE (console);
        }
    }
  return NULL;
}

/* Arguments with spaces, a working directory, a variable: all as the kernel has them; then Kill,
 * confirmed. */
static void
test_create_exact (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tether create cwd XXXXXX", &error);
  g_autofree char *cmdline = NULL;
  g_autofree char *environ = NULL;
  g_autofree char *cwd_link = NULL;
  g_autofree char *cwd = NULL;
  static const char expected[] = "/bin/sh\0-c\0sleep 600\0x  y z";
  TetherCreateDialog *dialog;
  TetherSession *session;
  TetherSessionPage *page;
  AdwMessageDialog *question;
  gsize len;
  gint64 pid;

  g_assert_no_error (error);
  activate (GTK_WIDGET (fixture->window), "win.create-process");
  dialog = TETHER_CREATE_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_CREATE_DIALOG, 5000));
  g_assert_false (tether_create_dialog_get_can_start (dialog));

  tether_create_dialog_set_program (dialog, "/bin/sh");
  tether_create_dialog_add_argument (dialog, "-c");
  tether_create_dialog_add_argument (dialog, "sleep 600");
  tether_create_dialog_add_argument (dialog, "x  y z");
  tether_create_dialog_set_cwd (dialog, dir);
  tether_create_dialog_add_variable (dialog, "TETHER_UI_TEST", "a value");
  tether_create_dialog_set_stopped (dialog, TRUE);
  g_assert_cmpstr (tether_create_dialog_get_preview (dialog), ==,
                   "/bin/sh -c 'sleep 600' 'x  y z'");
  /* The working directory exists on the server: no complaint once checked. */
  tether_test_spin (800);
  g_assert_null (tether_create_dialog_get_cwd_error (dialog));
  g_assert_true (tether_create_dialog_get_can_start (dialog));
  activate (GTK_WIDGET (dialog), "create.start");

  session = tether_test_wait_session (fixture, -1, 15000);
  g_assert_nonnull (session);
  g_assert_true (tether_session_get_created (session));
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);
  pid = tether_session_get_pid (session);

  cmdline = read_proc (pid, "cmdline", &len);
  g_assert_cmpmem (cmdline, len, expected, sizeof expected);
  cwd_link = g_strdup_printf ("/proc/%d/cwd", (int)pid);
  cwd = g_file_read_link (cwd_link, NULL);
  g_assert_cmpstr (cwd, ==, dir);
  environ = read_proc (pid, "environ", &len);
  g_assert_nonnull (memmem (environ, len, "TETHER_UI_TEST=a value",
                            sizeof "TETHER_UI_TEST=a value"));

  /* Kill asks first. */
  page = tether_session_sidebar_get_page (fixture->sidebar, session);
  activate (GTK_WIDGET (page), "session.kill");
  question = ADW_MESSAGE_DIALOG (tether_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);
  adw_message_dialog_response (question, "kill");
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_KILLED, 10000));
  g_assert_true (tether_test_wait_gone ((GPid)pid, 5000));
  g_rmdir (dir);
}

/* Mistakes are shown where they are, before starting. */
static void
test_create_validation (Fixture       *fixture,
                        gconstpointer  data)
{
  TetherCreateDialog *dialog;

  activate (GTK_WIDGET (fixture->window), "win.create-process");
  dialog = TETHER_CREATE_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_CREATE_DIALOG, 5000));

  /* No program. */
  g_assert_false (tether_create_dialog_get_can_start (dialog));
  tether_create_dialog_set_program (dialog, "/bin/true");
  g_assert_true (tether_create_dialog_get_can_start (dialog));

  /* A working directory the server does not have. */
  tether_create_dialog_set_cwd (dialog, "/no/such/folder/here");
  for (guint i = 0; i < 250 && tether_create_dialog_get_cwd_error (dialog) == NULL; i++)
    tether_test_spin (20);
  g_assert_nonnull (strstr (tether_create_dialog_get_cwd_error (dialog),
                            "There is no folder /no/such/folder/here on the server"));
  g_assert_false (tether_create_dialog_get_can_start (dialog));
  tether_create_dialog_set_cwd (dialog, "");
  g_assert_true (tether_create_dialog_get_can_start (dialog));

  /* A variable without a value. */
  tether_create_dialog_add_variable (dialog, NULL, "NOVALUE");
  g_assert_false (tether_create_dialog_get_can_start (dialog));
  g_assert_nonnull (strstr (tether_create_dialog_get_explanation (dialog), "NAME=value"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Through the shell, a single quote cannot be passed exactly. */
  activate (GTK_WIDGET (fixture->window), "win.create-process");
  dialog = TETHER_CREATE_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_CREATE_DIALOG, 5000));
  tether_create_dialog_set_program (dialog, "/bin/echo");
  tether_create_dialog_add_argument (dialog, "it's here");
  g_assert_false (tether_create_dialog_get_can_start (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Closing a session Tether started asks; "leave running" detaches it. Then the console: a monitor
 * command's output, the packet log, and saving it. */
static void
test_create_close_and_console (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tether-console-XXXXXX", &error);
  g_autofree char *log_path = g_build_filename (dir, "packets.log", NULL);
  g_autoptr(GFile) log_file = g_file_new_for_path (log_path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *output = NULL;
  g_autofree char *tracer = NULL;
  TetherCreateDialog *dialog;
  TetherSession *session;
  TetherSessionPage *page;
  TetherConsole *console;
  AdwMessageDialog *question;
  gint64 pid;

  /* The server's console in a window of its own (win.console). */
  activate (GTK_WIDGET (fixture->window), "win.console");
  console = find_console_window ();
  g_assert_nonnull (console);
  g_assert_true (tether_console_get_server (console) ==
                 tether_server_page_get_server (fixture->page));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (console))));

  activate (GTK_WIDGET (fixture->window), "win.create-process");
  dialog = TETHER_CREATE_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_CREATE_DIALOG, 5000));
  tether_create_dialog_set_program (dialog, "/bin/sleep");
  tether_create_dialog_add_argument (dialog, "600");
  tether_create_dialog_set_stopped (dialog, FALSE);
  activate (GTK_WIDGET (dialog), "create.start");
  session = tether_test_wait_session (fixture, -1, 15000);
  g_assert_nonnull (session);
  pid = tether_session_get_pid (session);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_RUNNING);
  page = tether_session_sidebar_get_page (fixture->sidebar, session);

  /* The console of the page's server. */
  console = TETHER_CONSOLE (tether_session_page_get_console (page));
  tether_console_run_command (console, "help");
  for (guint i = 0; i < 500; i++)
    {
      g_free (output);
      output = tether_console_dup_output (console);
      if (strstr (output, "monitor commands") != NULL)
        break;
      tether_test_spin (20);
    }
  g_assert_nonnull (strstr (output, "(monitor) help"));
  g_assert_nonnull (strstr (output, "The following monitor commands are supported"));
  g_assert_cmpuint (g_list_model_get_n_items (tether_console_get_log (console)), >=, 2);
  tether_console_save_log_async (console, log_file, NULL, tether_test_store_result, &result);
  g_assert_true (tether_console_save_log_finish (console, tether_test_wait (&result, 5000),
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (log_path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "→ qRcmd,68656c70"));
  g_assert_nonnull (strstr (saved, " ms OK"));

  /* Close: Tether started it, so it asks. */
  activate (GTK_WIDGET (fixture->window), "win.close-session");
  question = ADW_MESSAGE_DIALOG (tether_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_true (adw_message_dialog_has_response (question, "kill"));
  adw_message_dialog_response (question, "leave");
  for (guint i = 0; i < 500 && tether_test_n_sessions (fixture) > 0; i++)
    tether_test_spin (20);
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
  g_assert_true (tether_test_wait_state ((GPid)pid, 'S', 5000));
  tracer = tether_test_proc_status ((GPid)pid, "TracerPid");
  g_assert_cmpstr (tracer, ==, "0");
  kill ((pid_t)pid, SIGKILL);

  g_unlink (log_path);
  g_rmdir (dir);
}

/* Deleting a server with a process Tether started on it: the question offers Kill; killed, the
 * process is gone, and so are its session and the server. */
static void
test_create_delete_profile_kills (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherProfile) second = tether_profile_new ("Doomed server", gdbserver->options);
  g_autofree char *id = g_strdup (tether_profile_get_id (second));
  g_autoptr(GError) error = NULL;
  GtkListBox *list = tether_session_sidebar_get_list (fixture->sidebar);
  TetherCreateDialog *dialog;
  TetherSession *session;
  AdwMessageDialog *question;
  TetherServerPage *page2;
  gint64 pid;

  g_assert_true (tether_profile_store_add (fixture->store, second, &error));
  g_assert_no_error (error);
  gtk_list_box_select_row (list, tether_test_sidebar_row (fixture, second, NULL));
  page2 = tether_window_get_visible_page (fixture->window);
  g_assert_true (tether_server_page_get_profile (page2) == second);
  activate (GTK_WIDGET (fixture->window), "win.connect");
  for (guint i = 0; i < 1000 && tether_server_page_get_state (page2) != TETHER_SERVER_CONNECTED;
       i++)
    tether_test_spin (20);
  g_assert_cmpuint (tether_server_page_get_state (page2), ==, TETHER_SERVER_CONNECTED);

  activate (GTK_WIDGET (fixture->window), "win.create-process");
  dialog = TETHER_CREATE_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_CREATE_DIALOG, 5000));
  tether_create_dialog_set_program (dialog, "/bin/sleep");
  tether_create_dialog_add_argument (dialog, "600");
  tether_create_dialog_set_stopped (dialog, TRUE);
  tether_test_spin (800);
  g_assert_true (tether_create_dialog_get_can_start (dialog));
  activate (GTK_WIDGET (dialog), "create.start");
  session = tether_test_wait_session (fixture, -1, 15000);
  g_assert_nonnull (session);
  g_assert_true (tether_session_get_created (session));
  pid = tether_session_get_pid (session);
  g_assert_true (tether_test_wait_state ((GPid)pid, 't', 5000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.delete", "s",
                                             id));
  question = ADW_MESSAGE_DIALOG (tether_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_nonnull (question);
  g_assert_true (adw_message_dialog_has_response (question, "detach"));
  g_assert_true (adw_message_dialog_has_response (question, "kill"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question),
                            tether_session_get_title (session)));
  adw_message_dialog_response (question, "kill");
  gtk_window_destroy (GTK_WINDOW (question));

  g_assert_true (tether_test_wait_gone ((GPid)pid, 10000));
  for (guint i = 0; i < 500 && tether_profile_store_find_by_id (fixture->store, id) != NULL; i++)
    tether_test_spin (20);
  g_assert_null (tether_profile_store_find_by_id (fixture->store, id));
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
  g_assert_null (tether_window_get_page (fixture->window, id));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tether_test_window_add ("/create-dialog/exact", test_create_exact);
  tether_test_window_add ("/create-dialog/validation", test_create_validation);
  tether_test_window_add ("/create-dialog/close-and-console", test_create_close_and_console);
  tether_test_window_add ("/create-dialog/delete-profile-kills", test_create_delete_profile_kills);

  return g_test_run ();
}
