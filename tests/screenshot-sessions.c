/* screenshot-sessions.c: puts the app in the state a README screenshot shows, for
 * build-aux/screenshot-sessions.sh. Not a test.
 *
 * Usage: screenshot-sessions attach|create|session   (and "demo": the program attached to)
 * Prints "READY" once the window shows what it should, then waits (at most 60 s) to be killed;
 * the processes it started die with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <sys/prctl.h>
#include <signal.h>
#include <stdio.h>

#include "tether-attach-dialog.h"
#include "tether-create-dialog.h"
#include "tether-test-window.h"

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gint64
spawn (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
}

/* The demo program: this very executable, copied as "demo-server" and run with "demo": three
 * named threads that sleep, and a main thread that sleeps too. */
static gpointer
sleep_forever (gpointer data)
{
  for (;;)
    g_usleep (G_USEC_PER_SEC);
  return NULL;
}

static int
run_demo (void)
{
  g_thread_new ("listener", sleep_forever, NULL);
  g_thread_new ("worker-1", sleep_forever, NULL);
  g_thread_new ("worker-2", sleep_forever, NULL);
  sleep_forever (NULL);
  return 0;
}

static gboolean
terminate_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gint64
start_demo (const char *path)
{
  const char *argv[] = { path, "demo", NULL };

  return spawn (argv);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GtkCssProvider) provider = NULL;
  TetherTestWindowFixture fixture = { 0 };
  gboolean terminated = FALSE;
  const char *mode = argc > 1 ? argv[1] : "attach";
  gsize length;

  if (g_str_equal (mode, "demo"))
    return run_demo ();

  dir = g_dir_make_tmp ("tether-shot-XXXXXX", &error);
  g_assert_no_error (error);
  demo = g_build_filename (dir, "demo-server", NULL);
  gtk_init ();
  adw_init ();
  /* The app's own style sheet, as AdwApplication loads it. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/tether/Tether/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_assert_no_error (error);
  g_file_get_contents ("/proc/self/exe", &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (demo, contents, length, G_FILE_SET_CONTENTS_NONE, 0755, &error);
  g_assert_no_error (error);

  tether_test_window_set_up (&fixture, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 1100, 720);

  if (g_str_equal (mode, "attach"))
    {
      TetherAttachDialog *dialog;
      GListModel *matches;

      start_demo (demo);
      start_demo (demo);
      tether_test_spin (1500);
      gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.attach", NULL);
      dialog = TETHER_ATTACH_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG, 5000));
      tether_attach_dialog_set_target (dialog, "demo-server");
      gtk_widget_activate_action (GTK_WIDGET (dialog), "attach.attach", NULL);
      matches = tether_attach_dialog_get_matches (dialog);
      for (guint i = 0; i < 500 && g_list_model_get_n_items (matches) < 2; i++)
        tether_test_spin (20);
    }
  else if (g_str_equal (mode, "create"))
    {
      TetherCreateDialog *dialog;

      gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.create-process", NULL);
      dialog = TETHER_CREATE_DIALOG (tether_test_wait_toplevel (TETHER_TYPE_CREATE_DIALOG, 5000));
      gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 1130);
      tether_create_dialog_set_program (dialog, "/usr/bin/python3");
      tether_create_dialog_add_argument (dialog, "-m");
      tether_create_dialog_add_argument (dialog, "http.server");
      tether_create_dialog_add_argument (dialog, "--directory");
      tether_create_dialog_add_argument (dialog, "/srv/my site");
      tether_create_dialog_set_cwd (dialog, "/tmp");
      tether_create_dialog_add_variable (dialog, "PYTHONUNBUFFERED", "1");
      tether_create_dialog_add_variable (dialog, "LANG", NULL);
    }
  else
    {
      gint64 pid = start_demo (demo);
      TetherSession *session;

      tether_test_spin (1500);
      tether_test_select_process (&fixture, pid);
      gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.attach-selection", NULL);
      gtk_widget_activate_action (GTK_WIDGET (tether_test_wait_toplevel (TETHER_TYPE_ATTACH_DIALOG,
                                                                         5000)),
                                  "attach.attach", NULL);
      session = tether_test_wait_session (&fixture, pid, 15000);
      g_assert_nonnull (session);
      for (guint i = 0; i < 500 && tether_test_n_threads (session) < 4; i++)
        tether_test_spin (20);
    }

  tether_test_spin (1000);
  g_unix_signal_add (SIGTERM, terminate_cb, &terminated);
  printf ("READY\n");
  fflush (stdout);
  for (guint i = 0; i < 600 && !terminated; i++)
    tether_test_spin (100);

  g_unlink (demo);
  g_rmdir (dir);
  return 0;
}
