/* test-attach-dialog.c: attaching through the app (dialog, session page, sidebar, window) to
 * processes on a real local gdbserver, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "tether-attach-dialog.h"
#include "tether-profile-row.h"
#include "tether-test-window.h"

typedef TetherTestWindowFixture Fixture;

static char *
tracer_of (GPid pid)
{
  return tether_test_proc_status (pid, "TracerPid");
}

static gboolean
wait_explanation (TetherAttachDialog *dialog,
                  const char         *part,
                  guint               timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      const char *text = tether_attach_dialog_get_explanation (dialog);

      if (text != NULL && strstr (text, part) != NULL)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("Explanation: %s\n", text != NULL ? text : "(none)");
          return FALSE;
        }
      tether_test_spin (20);
    }
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
activate (GtkWidget  *widget,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
}

/* A copy of sleep with a name of its own, started @count times. */
typedef struct
{
  char        *dir;
  char        *name;
  char        *path;
  GSubprocess *processes[2];
} Sleeper;

static Sleeper *
sleeper_new (void)
{
  static guint count;
  Sleeper *sleeper = g_new0 (Sleeper, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  sleeper->dir = g_dir_make_tmp ("tether-attach-XXXXXX", &error);
  g_assert_no_error (error);
  /* A name of its own for each test's sleeper: a wait must never see another test's. */
  sleeper->name = g_strdup_printf ("napper-%d-%u", (int)getpid (), ++count);
  sleeper->path = g_build_filename (sleeper->dir, sleeper->name, NULL);
  g_file_get_contents ("/bin/sleep", &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (sleeper->path, contents, length, G_FILE_SET_CONTENTS_NONE, 0755,
                            &error);
  g_assert_no_error (error);
  return sleeper;
}

static gint64
sleeper_run (Sleeper    *sleeper,
             guint       slot,
             const char *seconds)
{
  g_autoptr(GError) error = NULL;

  sleeper->processes[slot] = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, sleeper->path,
                                               seconds, NULL);
  g_assert_no_error (error);
  return g_ascii_strtoll (g_subprocess_get_identifier (sleeper->processes[slot]), NULL, 10);
}

static void
sleeper_free (Sleeper *sleeper)
{
  for (guint i = 0; i < G_N_ELEMENTS (sleeper->processes); i++)
    {
      if (sleeper->processes[i] == NULL)
        continue;
      g_subprocess_force_exit (sleeper->processes[i]);
      g_subprocess_wait (sleeper->processes[i], NULL, NULL);
      g_object_unref (sleeper->processes[i]);
    }
  g_unlink (sleeper->path);
  g_rmdir (sleeper->dir);
  g_free (sleeper->path);
  g_free (sleeper->name);
  g_free (sleeper->dir);
  g_free (sleeper);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sleeper, sleeper_free)

/* Select a row, Attach: stopped with its threads; continue, stop, detach from the session page. */
static void
test_attach_selection (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  TetherAttachDialog *dialog;
  TetherSessionPage *page;
  TetherSession *session;
  g_autofree char *tracer = NULL;

  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
  tether_test_select_process (fixture, victim->pid);
  activate (GTK_WIDGET (fixture->window), "win.attach-selection");
  dialog = TETHER_ATTACH_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG, 5000));

  /* The pre-flight check runs at once for the selection. */
  g_assert_true (wait_explanation (dialog, "Nothing stands in the way", 10000));
  g_assert_false (tether_attach_dialog_get_has_error (dialog));
  activate (GTK_WIDGET (dialog), "attach.attach");

  session = tether_test_wait_session (fixture, victim->pid, 15000);
  g_assert_nonnull (session);
  g_assert_null (tether_test_find_toplevel (TETHER_TYPE_ATTACH_DIALOG));
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));
  tracer = tracer_of (victim->pid);
  g_assert_cmpstr (tracer, !=, "0");

  /* Its page is shown, with its thread. */
  page = tether_session_sidebar_get_page (fixture->sidebar, session);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_null (tether_window_get_visible_page (fixture->window));
  for (guint i = 0; i < 500 && tether_test_n_threads (session) == 0; i++)
    tether_test_spin (20);
  g_assert_cmpuint (tether_test_n_threads (session), ==, 1);

  /* Continue, Stop, Detach: the buttons' actions. */
  activate (GTK_WIDGET (page), "session.continue");
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_RUNNING, 10000));
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));
  activate (GTK_WIDGET (page), "session.stop");
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_STOPPED, 10000));
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));
  activate (GTK_WIDGET (page), "session.detach");
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_DETACHED, 10000));
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));
  g_free (tracer);
  tracer = tracer_of (victim->pid);
  g_assert_cmpstr (tracer, ==, "0");

  /* Closing a detached session just removes it. */
  g_assert_cmpuint (tether_test_n_threads (session), ==, 0);
  activate (GTK_WIDGET (fixture->window), "win.close-session");
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
}

/* A name two processes run: both are offered; choosing one attaches to it. */
static void
test_attach_by_name_ambiguous (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(Sleeper) sleeper = sleeper_new ();
  gint64 first = sleeper_run (sleeper, 0, "600");
  gint64 second = sleeper_run (sleeper, 1, "600");
  TetherAttachDialog *dialog;
  GListModel *matches;
  GtkListBox *list;
  TetherSession *session;
  g_autofree char *tracer = NULL;

  g_assert_true (tether_test_wait_state ((GPid)first, 'S', 5000));
  g_assert_true (tether_test_wait_state ((GPid)second, 'S', 5000));
  activate (GTK_WIDGET (fixture->window), "win.attach");
  dialog = TETHER_ATTACH_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG, 5000));
  tether_attach_dialog_set_target (dialog, sleeper->name);
  tether_attach_dialog_set_rule (dialog, TETHER_MATCH_ONLY);
  activate (GTK_WIDGET (dialog), "attach.attach");
  g_assert_true (wait_explanation (dialog, "2 processes", 15000));

  matches = tether_attach_dialog_get_matches (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 2);
  {
    g_autoptr(TetherProcess) a = g_list_model_get_item (matches, 0);
    g_autoptr(TetherProcess) b = g_list_model_get_item (matches, 1);

    g_assert_cmpint (tether_process_get_pid (a), ==, MIN (first, second));
    g_assert_cmpint (tether_process_get_pid (b), ==, MAX (first, second));
  }

  /* The rows are there to choose from: the second one. */
  list = GTK_LIST_BOX (find_named (GTK_WIDGET (dialog), "matches"));
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));

  session = tether_test_wait_session (fixture, MAX (first, second), 15000);
  if (session == NULL)
    g_error ("Choosing a process did not attach: %s",
             tether_attach_dialog_get_explanation (dialog));
  g_assert_cmpstr (tether_session_get_name (session), ==, sleeper->name);
  g_assert_true (tether_test_wait_state ((GPid)MAX (first, second), 't', 5000));

  /* Closing an attached session detaches it. */
  activate (GTK_WIDGET (fixture->window), "win.close-session");
  for (guint i = 0; i < 500 && tether_test_n_sessions (fixture) > 0; i++)
    tether_test_spin (20);
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
  g_assert_true (tether_test_wait_state ((GPid)MAX (first, second), 'S', 5000));
  tracer = tracer_of ((GPid)MAX (first, second));
  g_assert_cmpstr (tracer, ==, "0");
}

/* Wait for a new process: one that lives two seconds, started after the wait began, is caught;
 * killed from outside, its page says so at once. */
static void
test_attach_wait_for (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Sleeper) sleeper = sleeper_new ();
  TetherAttachDialog *dialog;
  TetherSession *session;
  TetherSessionPage *page;
  gint64 pid;

  activate (GTK_WIDGET (fixture->window), "win.attach");
  dialog = TETHER_ATTACH_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG, 5000));
  tether_attach_dialog_set_wait_pattern (dialog, sleeper->name, FALSE);
  tether_attach_dialog_set_timeout (dialog, 60);
  activate (GTK_WIDGET (dialog), "attach.attach");
  g_assert_true (tether_attach_dialog_get_waiting (dialog));
  /* Its first listing is the snapshot that later ones are compared with. */
  tether_test_spin (800);
  if (tether_test_find_toplevel (TETHER_TYPE_ATTACH_DIALOG) == NULL)
    g_error ("The wait ended before %s started (%u sessions)", sleeper->name,
             g_list_model_get_n_items (tether_session_sidebar_get_sessions (fixture->sidebar)));
  g_assert_true (tether_attach_dialog_get_waiting (dialog));

  pid = sleeper_run (sleeper, 0, "2");
  session = tether_test_wait_session (fixture, pid, 15000);
  if (session == NULL)
    g_error ("The wait did not catch process %d: %s", (int)pid,
             tether_attach_dialog_get_explanation (dialog));
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_STOPPED);

  /* Killed outside Tether: the page follows the server's notification. */
  page = tether_session_sidebar_get_page (fixture->sidebar, session);
  g_assert_cmpint (kill ((pid_t)pid, SIGKILL), ==, 0);
  if (!tether_test_wait_session_state (session, TETHER_SESSION_KILLED, 10000))
    g_error ("Killed from outside, the session says: %s", tether_session_get_state_text (session));
  g_assert_nonnull (page);
  g_assert_false (tether_session_get_can_kill (session));
  g_assert_cmpstr (tether_session_get_state_text (session), ==, "Killed by SIGKILL (Killed)");
}

/* Cancel stops the wait and leaves the dialog open; Cancel again closes it. */
static void
test_attach_wait_cancel (Fixture       *fixture,
                         gconstpointer  data)
{
  TetherAttachDialog *dialog;

  activate (GTK_WIDGET (fixture->window), "win.attach");
  dialog = TETHER_ATTACH_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG, 5000));
  tether_attach_dialog_set_wait_pattern (dialog, "no-such-program-ever", FALSE);
  activate (GTK_WIDGET (dialog), "attach.attach");
  g_assert_true (tether_attach_dialog_get_waiting (dialog));
  tether_test_spin (300);
  activate (GTK_WIDGET (dialog), "attach.cancel");
  for (guint i = 0; i < 200 && tether_attach_dialog_get_waiting (dialog); i++)
    tether_test_spin (10);
  g_assert_false (tether_attach_dialog_get_waiting (dialog));
  g_assert_true (wait_explanation (dialog, "Stopped waiting", 1000));
  activate (GTK_WIDGET (dialog), "attach.cancel");
  tether_test_spin (50);
  g_assert_null (tether_test_find_toplevel (TETHER_TYPE_ATTACH_DIALOG));
}

/* A PID that does not exist: explained before and after trying, never a bare E01. */
static void
test_attach_missing_pid (Fixture       *fixture,
                         gconstpointer  data)
{
  TetherAttachDialog *dialog;

  activate (GTK_WIDGET (fixture->window), "win.attach");
  dialog = TETHER_ATTACH_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG, 5000));
  tether_attach_dialog_set_target (dialog, "2147480000");
  g_assert_true (wait_explanation (dialog, "There is no process 2147480000", 10000));
  g_assert_true (tether_attach_dialog_get_has_error (dialog));
  activate (GTK_WIDGET (dialog), "attach.attach");
  for (guint i = 0; i < 500 && tether_attach_dialog_get_busy (dialog); i++)
    tether_test_spin (20);
  g_assert_true (wait_explanation (dialog, "There is no process 2147480000", 10000));
  g_assert_null (strstr (tether_attach_dialog_get_explanation (dialog), "E01"));
  g_assert_false (tether_attach_dialog_get_busy (dialog));
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Another user's process, through a gdbserver run as nobody: the reason and what to do. */
static void
test_attach_other_user (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TetherTestGdbserver) nobody = NULL;
  g_autoptr(TetherTestVictim) victim = NULL;
  TetherServer *server;
  TetherAttachDialog *dialog;

  if (geteuid () != 0)
    {
      g_test_skip ("Needs root, to run a gdbserver as nobody");
      return;
    }

  nobody = tether_test_gdbserver_start_as_nobody ();
  victim = tether_test_victim_start ("600");
  server = tether_test_connect (nobody->options);
  dialog = tether_attach_dialog_new (GTK_WINDOW (fixture->window), server, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  {
    g_autofree char *pid = g_strdup_printf ("%d", (int)victim->pid);

    tether_attach_dialog_set_target (dialog, pid);
  }
  g_assert_true (wait_explanation (dialog, "Run gdbserver as that user, or as root", 10000));
  g_assert_true (tether_attach_dialog_get_has_error (dialog));
  activate (GTK_WIDGET (dialog), "attach.attach");
  for (guint i = 0; i < 500 && tether_attach_dialog_get_busy (dialog); i++)
    tether_test_spin (20);
  g_assert_true (wait_explanation (dialog, "belongs to", 10000));
  g_assert_false (tether_attach_dialog_get_busy (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  tether_test_spin (50);
  tether_test_disconnect (server);
}

/* Quitting with a stopped process attached asks once; detaching leaves it running, untraced. */
static void
test_attach_quit_releases (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  TetherAttachDialog *dialog;
  AdwMessageDialog *question;
  g_autofree char *tracer = NULL;

  /* A double click (or Enter) on the row: the column view's activate. */
  tether_test_select_process (fixture, victim->pid);
  g_signal_emit_by_name (fixture->column_view, "activate",
                         (guint)tether_test_find_row (fixture->column_view, victim->pid));
  dialog = TETHER_ATTACH_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG, 5000));
  activate (GTK_WIDGET (dialog), "attach.attach");
  g_assert_nonnull (tether_test_wait_session (fixture, victim->pid, 15000));
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));

  gtk_window_close (GTK_WINDOW (fixture->window));
  question = ADW_MESSAGE_DIALOG (tether_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_nonnull (fixture->window);
  g_assert_true (adw_message_dialog_has_response (question, "detach"));
  g_assert_false (adw_message_dialog_has_response (question, "kill"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), victim->name));
  adw_message_dialog_response (question, "detach");

  for (guint i = 0; i < 500 && fixture->window != NULL; i++)
    tether_test_spin (20);
  g_assert_null (fixture->window);
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));
  tracer = tracer_of (victim->pid);
  g_assert_cmpstr (tracer, ==, "0");
}

/* "Stop when attached" off: the process runs on at once, traced. */
static void
test_attach_continue_at_once (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autofree char *pid = g_strdup_printf ("%d", (int)victim->pid);
  g_autofree char *tracer = NULL;
  TetherAttachDialog *dialog;
  TetherSession *session;

  /* Without a selection, Attach to the selection is off; the dialog is always there. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.attach-selection", NULL);
  tether_test_spin (50);
  g_assert_null (tether_test_find_toplevel (TETHER_TYPE_ATTACH_DIALOG));
  activate (GTK_WIDGET (fixture->window), "win.attach");
  dialog = TETHER_ATTACH_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG, 5000));
  tether_attach_dialog_set_target (dialog, pid);
  tether_attach_dialog_set_stop (dialog, FALSE);
  activate (GTK_WIDGET (dialog), "attach.attach");
  session = tether_test_wait_session (fixture, victim->pid, 15000);
  g_assert_nonnull (session);
  g_assert_cmpint (tether_session_get_state (session), ==, TETHER_SESSION_RUNNING);
  g_assert_true (tether_session_get_can_stop (session));
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));
  tracer = tracer_of (victim->pid);
  g_assert_cmpstr (tracer, !=, "0");

  activate (GTK_WIDGET (fixture->window), "win.close-session");
  for (guint i = 0; i < 500 && tether_test_n_sessions (fixture) > 0; i++)
    tether_test_spin (20);
  g_free (tracer);
  tracer = tracer_of (victim->pid);
  g_assert_cmpstr (tracer, ==, "0");
}

/* The session page of a process whose connection is cut says it may still be stopped; when the
 * server connects again, the page offers to resume it, and Resume does. */
static void
test_session_page_lost_and_recovered (void)
{
  TetherTestLink *link = tether_test_link_new ();
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherSession) session = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page;
  GtkRevealer *banner;

  session = tether_test_attach_session (link->server, victim->pid, FALSE, &error);
  g_assert_no_error (error);
  page = tether_session_page_new (session, "Lab board");
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  banner = GTK_REVEALER (tether_test_find_descendant (page, GTK_TYPE_REVEALER));
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  tether_test_link_cut (link, session);
  g_assert_false (tether_session_get_can_continue (session));
  g_assert_false (tether_session_get_can_detach (session));
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));

  tether_test_link_restore (link);
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_STOPPED, 20000));
  /* The first revealer is the "found again" banner, with Resume and Detach. */
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  activate (page, "session.continue");
  g_assert_true (tether_test_wait_session_state (session, TETHER_SESSION_RUNNING, 10000));
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));

  gtk_window_destroy (GTK_WINDOW (window));
  tether_test_spin (50);
  g_clear_object (&session);
  tether_test_link_free (link);
}

/* The x of @row's content in the list: how deep it is indented. */
static double
row_indent (GtkListBoxRow *row)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (gtk_list_box_row_get_child (row),
                                            gtk_widget_get_parent (GTK_WIDGET (row)), &bounds));
  return bounds.origin.x;
}

/* The sidebar's row of @session comes right after its server's row (or the server's other
 * sessions), deeper indented, and selecting it shows its page. */
static void
assert_under (Fixture       *fixture,
              TetherSession *session,
              TetherProfile *profile)
{
  GtkListBoxRow *profile_row, *row, *previous;
  int profile_index = -1, index = -1;

  profile_row = tether_test_sidebar_row (fixture, profile, &profile_index);
  row = tether_test_sidebar_row (fixture, session, &index);
  g_assert_nonnull (profile_row);
  g_assert_nonnull (row);
  g_assert_false (TETHER_IS_PROFILE_ROW (row));
  g_assert_cmpint (index, >, profile_index);
  for (int i = profile_index + 1; i < index; i++)
    {
      previous = gtk_list_box_get_row_at_index (tether_session_sidebar_get_list (fixture->sidebar),
                                                i);
      g_assert_false (TETHER_IS_PROFILE_ROW (previous));
    }
  g_assert_cmpfloat (row_indent (row), >, row_indent (profile_row) + 8);
}

/* Two servers, a session on each: each session's row sits under its own server's row; the
 * sidebar is one list, so Up/Down go through servers and sessions in order. */
static void
test_sidebar_sessions_under_servers (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherProfile) second = tether_profile_new ("Second server", gdbserver->options);
  g_autoptr(TetherTestVictim) victim1 = tether_test_victim_start ("600");
  g_autoptr(TetherTestVictim) victim2 = tether_test_victim_start ("600");
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherSession) session1 = NULL;
  g_autoptr(TetherSession) session2 = NULL;
  TetherProfile *first = tether_server_page_get_profile (fixture->page);
  GtkListBox *list = tether_session_sidebar_get_list (fixture->sidebar);
  TetherServerPage *page2;
  int index = -1;

  g_assert_true (tether_profile_store_add (fixture->store, second, &error));
  g_assert_no_error (error);
  gtk_list_box_select_row (list, tether_test_sidebar_row (fixture, second, NULL));
  page2 = tether_window_get_visible_page (fixture->window);
  g_assert_true (tether_server_page_get_profile (page2) == second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.connect", NULL));
  for (guint i = 0; i < 1000 && tether_server_page_get_state (page2) != TETHER_SERVER_CONNECTED;
       i++)
    tether_test_spin (20);
  g_assert_cmpuint (tether_server_page_get_state (page2), ==, TETHER_SERVER_CONNECTED);

  /* A server without sessions: its row is followed by the next server's. */
  tether_test_sidebar_row (fixture, first, &index);
  g_assert_true (TETHER_IS_PROFILE_ROW (gtk_list_box_get_row_at_index (list, index + 1)));

  session2 = tether_test_attach_session (tether_server_page_get_server (page2), victim2->pid,
                                         FALSE, &error);
  g_assert_no_error (error);
  tether_session_sidebar_add (fixture->sidebar, session2, second);
  session1 = tether_test_attach_session (tether_server_page_get_server (fixture->page),
                                         victim1->pid, FALSE, &error);
  g_assert_no_error (error);
  tether_session_sidebar_add (fixture->sidebar, session1, first);
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 2);
  /* Let the rows be allocated. */
  tether_test_spin (200);

  assert_under (fixture, session1, first);
  assert_under (fixture, session2, second);
  /* The order: This computer, its session, Second server, its session. */
  tether_test_sidebar_row (fixture, session1, &index);
  g_assert_cmpint (index, ==, 1);
  tether_test_sidebar_row (fixture, session2, &index);
  g_assert_cmpint (index, ==, 3);

  /* The session just added is selected and shown; selecting the other shows its page. */
  g_assert_true (gtk_list_box_get_selected_row (list) ==
                 tether_test_sidebar_row (fixture, session1, NULL));
  gtk_list_box_select_row (list, tether_test_sidebar_row (fixture, session2, NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (
    tether_session_sidebar_get_page (fixture->sidebar, session2))));
  g_assert_null (tether_window_get_visible_page (fixture->window));

  /* Down goes through servers and sessions in order, showing each one's page. */
  gtk_list_box_select_row (list, tether_test_sidebar_row (fixture, first, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (tether_test_sidebar_row (fixture, first, NULL)));
  g_assert_true (tether_window_get_visible_page (fixture->window) == fixture->page);
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  g_assert_true (gtk_list_box_get_selected_row (list) ==
                 tether_test_sidebar_row (fixture, session1, NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (
    tether_session_sidebar_get_page (fixture->sidebar, session1))));
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  g_assert_true (tether_window_get_visible_page (fixture->window) == page2);
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  g_assert_true (gtk_list_box_get_selected_row (list) ==
                 tether_test_sidebar_row (fixture, session2, NULL));
  g_assert_null (tether_window_get_visible_page (fixture->window));

  /* Closing (detaching) a session removes its row and selects its server. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.close-session",
                                             NULL));
  for (guint i = 0; i < 500 && tether_test_sidebar_row (fixture, session2, NULL) != NULL; i++)
    tether_test_spin (20);
  g_assert_null (tether_test_sidebar_row (fixture, session2, NULL));
  g_assert_true (gtk_list_box_get_selected_row (list) ==
                 tether_test_sidebar_row (fixture, second, NULL));
  g_assert_true (tether_window_get_visible_page (fixture->window) == page2);
  tether_test_sidebar_row (fixture, second, &index);
  g_assert_null (gtk_list_box_get_row_at_index (list, index + 1));

  tether_session_sidebar_close (fixture->sidebar, session1);
  for (guint i = 0; i < 500 && tether_test_n_sessions (fixture) > 0; i++)
    tether_test_spin (20);
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
  g_assert_null (tether_test_sidebar_row (fixture, session1, NULL));
}

/* Deleting a server with a live session asks first: Cancel keeps both; Detach releases the
 * process (untraced, running on), removes the session, then deletes the server; Undo brings
 * back only the server. */
static void
test_delete_profile_releases (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TetherTestGdbserver) gdbserver = tether_test_gdbserver_start ();
  g_autoptr(TetherProfile) second = tether_profile_new ("Doomed server", gdbserver->options);
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherSession) session = NULL;
  g_autofree char *id = g_strdup (tether_profile_get_id (second));
  g_autofree char *tracer = NULL;
  GtkListBox *list = tether_session_sidebar_get_list (fixture->sidebar);
  AdwMessageDialog *question;
  TetherServerPage *page2;

  g_assert_true (tether_profile_store_add (fixture->store, second, &error));
  g_assert_no_error (error);
  gtk_list_box_select_row (list, tether_test_sidebar_row (fixture, second, NULL));
  page2 = tether_window_get_visible_page (fixture->window);
  g_assert_true (tether_server_page_get_profile (page2) == second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.connect", NULL));
  for (guint i = 0; i < 1000 && tether_server_page_get_state (page2) != TETHER_SERVER_CONNECTED;
       i++)
    tether_test_spin (20);
  g_assert_cmpuint (tether_server_page_get_state (page2), ==, TETHER_SERVER_CONNECTED);

  session = tether_test_attach_session (tether_server_page_get_server (page2), victim->pid,
                                        FALSE, &error);
  g_assert_no_error (error);
  tether_session_sidebar_add (fixture->sidebar, session, second);
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));
  tracer = tracer_of (victim->pid);
  g_assert_cmpstr (tracer, !=, "0");

  /* Cancel: nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.delete", "s",
                                             id));
  question = ADW_MESSAGE_DIALOG (tether_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_nonnull (question);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question),
                            tether_session_get_title (session)));
  g_assert_true (adw_message_dialog_has_response (question, "detach"));
  g_assert_false (adw_message_dialog_has_response (question, "kill"));
  /* What its Cancel button does: the response, then the dialog closes. */
  adw_message_dialog_response (question, "cancel");
  gtk_window_destroy (GTK_WINDOW (question));
  tether_test_spin (200);
  g_assert_nonnull (tether_profile_store_find_by_id (fixture->store, id));
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 1);
  g_assert_nonnull (tether_test_sidebar_row (fixture, session, NULL));
  g_assert_true (tether_session_get_can_detach (session));
  g_assert_true (tether_test_wait_state (victim->pid, 't', 5000));

  /* Detach: the process runs on untraced, the session goes, then the server. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.delete", "s",
                                             id));
  question = ADW_MESSAGE_DIALOG (tether_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_nonnull (question);
  adw_message_dialog_response (question, "detach");
  gtk_window_destroy (GTK_WINDOW (question));
  for (guint i = 0; i < 500 && tether_profile_store_find_by_id (fixture->store, id) != NULL; i++)
    tether_test_spin (20);
  g_assert_null (tether_profile_store_find_by_id (fixture->store, id));
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
  g_assert_null (tether_test_sidebar_row (fixture, session, NULL));
  g_assert_null (tether_session_sidebar_get_page (fixture->sidebar, session));
  g_assert_true (tether_test_wait_state (victim->pid, 'S', 5000));
  g_clear_pointer (&tracer, g_free);
  tracer = tracer_of (victim->pid);
  g_assert_cmpstr (tracer, ==, "0");

  /* Undo: the server is back, without the session. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "profile.undo-delete",
                                             NULL));
  g_assert_nonnull (tether_profile_store_find_by_id (fixture->store, id));
  tether_test_spin (100);
  g_assert_cmpuint (tether_test_n_sessions (fixture), ==, 0);
  g_assert_null (tether_test_sidebar_row (fixture, session, NULL));
  g_assert_nonnull (tether_test_sidebar_row (fixture,
                                             tether_profile_store_find_by_id (fixture->store, id),
                                             NULL));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tether_test_window_add ("/attach-dialog/selection", test_attach_selection);
  tether_test_window_add ("/attach-dialog/by-name-ambiguous", test_attach_by_name_ambiguous);
  tether_test_window_add ("/attach-dialog/wait-for", test_attach_wait_for);
  tether_test_window_add ("/attach-dialog/wait-cancel", test_attach_wait_cancel);
  tether_test_window_add ("/attach-dialog/missing-pid", test_attach_missing_pid);
  tether_test_window_add ("/attach-dialog/other-user", test_attach_other_user);
  tether_test_window_add ("/attach-dialog/continue-at-once", test_attach_continue_at_once);
  tether_test_window_add ("/attach-dialog/quit-releases", test_attach_quit_releases);
  tether_test_window_add ("/attach-dialog/sidebar-sessions-under-servers",
                          test_sidebar_sessions_under_servers);
  tether_test_window_add ("/attach-dialog/delete-profile-releases", test_delete_profile_releases);

  g_test_add_func ("/session-page/lost-and-recovered", test_session_page_lost_and_recovered);

  return g_test_run ();
}
