/* test-server-details.c: the server details window, and the same server page, on a real gdbserver
 * and a real lldb-server platform, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run through tests/xvfb-run-test.sh (its own Xvfb, GSK_RENDERER=cairo, GTK_A11Y=none).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "tether-server-details.h"
#include "tether-test-window.h"
#include "tether-window.h"

#define REFRESH_MS 250

/* Widgets */

/* The AdwActionRow titled @title under @widget, or NULL. */
static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The text of the value label in a template row of @details. */
static const char *
template_label (GtkWidget  *details,
                const char *name)
{
  GObject *label = gtk_widget_get_template_child (details, TETHER_TYPE_SERVER_DETAILS, name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The first widget under @widget that @match accepts, or NULL. */
static GtkWidget *
find_match (GtkWidget *widget,
            gboolean (*match) (GtkWidget *widget))
{
  if (match (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_match (child, match);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A row's own title and subtitle labels are not selectable; the value labels are. */
static gboolean
is_value_label (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget));
}

/* A row's prefix image is hidden and has no icon; the capability icon has one. */
static gboolean
is_icon (GtkWidget *widget)
{
  return GTK_IS_IMAGE (widget) && gtk_image_get_icon_name (GTK_IMAGE (widget)) != NULL;
}

/* The text of the value label of the row titled @title. */
static const char *
row_value (GtkWidget  *details,
           const char *title)
{
  AdwActionRow *row = find_row (details, title);
  GtkWidget *label;

  g_assert_nonnull (row);
  label = find_match (GTK_WIDGET (row), is_value_label);
  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* Whether the capability row titled @title shows "supported". */
static gboolean
cap_supported (GtkWidget  *details,
               const char *title)
{
  AdwActionRow *row = find_row (details, title);
  GtkWidget *image;
  const char *icon;

  g_assert_nonnull (row);
  image = find_match (GTK_WIDGET (row), is_icon);
  g_assert_nonnull (image);
  icon = gtk_image_get_icon_name (GTK_IMAGE (image));
  g_assert_true (g_str_equal (icon, "object-select-symbolic") ||
                 g_str_equal (icon, "action-unavailable-symbolic"));
  return g_str_equal (icon, "object-select-symbolic");
}

static TetherServerDetails *
find_details_window (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TETHER_IS_SERVER_DETAILS (window) &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == parent)
        return TETHER_SERVER_DETAILS (window);
    }

  return NULL;
}

static gboolean
wait_connected (TetherServerPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (tether_server_page_get_state (page) != TETHER_SERVER_CONNECTED)
    {
      if (tether_server_page_get_state (page) == TETHER_SERVER_FAILED ||
          g_get_monotonic_time () > deadline)
        return FALSE;
      tether_test_spin (20);
    }

  return TRUE;
}

/* The process @pid in the page's process view (its filtered and sorted model), or NULL. */
static TetherProcess *
view_find (GtkColumnView *column_view,
           gint64         pid)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (column_view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TetherProcess) process = g_list_model_get_item (model, i);

      if (tether_process_get_pid (process) == pid)
        return g_steal_pointer (&process);
    }

  return NULL;
}

/* With TETHER_SCREENSHOT_DIR set (build-aux/screenshot-details.sh), saves @window as drawn to
 * DIR/NAME.png, as tall as the Xvfb screen allows so that the capabilities show too. */
static void
save_screenshot (GtkWindow  *window,
                 const char *name)
{
  const char *dir = g_getenv ("TETHER_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  gtk_window_set_default_size (window, 600, 1010);
  tether_test_spin (1500);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%d×%d)", path, width, height);
}

static void
destroy_details (TetherServerDetails *details)
{
  g_object_add_weak_pointer (G_OBJECT (details), (gpointer *)&details);
  gtk_window_destroy (GTK_WINDOW (details));
  for (guint i = 0; i < 200 && details != NULL; i++)
    tether_test_spin (10);
  g_assert_null (details);
}

/* gdbserver, through the window's Server Details action */

static void
test_details_gdbserver (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tether-test-details-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TetherProfileStore) store = NULL;
  TetherWindow *window;
  TetherServerPage *page;
  TetherServerDetails *details;
  g_autofree char *count = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "profiles.json", NULL);
  file = g_file_new_for_path (path);
  store = tether_profile_store_new (file);
  g_assert_true (tether_profile_store_load (store, &error));
  g_assert_no_error (error);

  window = tether_window_new (NULL, store);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  tether_window_set_refresh_interval (window, REFRESH_MS);
  gtk_window_present (GTK_WINDOW (window));
  page = tether_window_get_visible_page (window);
  g_assert_nonnull (page);

  /* Not connected yet, or connected: the action follows. */
  g_assert_true (wait_connected (page));
  for (guint i = 0; i < 500 &&
       tether_process_list_get_n_processes (tether_server_page_get_process_list (page)) == 0; i++)
    tether_test_spin (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.server-details", NULL));
  details = find_details_window (GTK_WINDOW (window));
  g_assert_nonnull (details);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (details)));
  g_assert_true (tether_server_details_get_server (details) == tether_server_page_get_server (page));

  g_assert_cmpstr (template_label (GTK_WIDGET (details), "kind_label"), ==, "gdbserver");
  g_assert_cmpstr (template_label (GTK_WIDGET (details), "protocol_label"), ==,
                   "Remote serial protocol, extended mode");
  g_assert_cmpstr (template_label (GTK_WIDGET (details), "transport_label"), ==,
                   "Pipes to a server on this computer");
  g_assert_cmpstr (template_label (GTK_WIDGET (details), "connection_label"), ==, "local:");
  count = g_strdup_printf ("%u", tether_process_list_get_n_processes (
                                   tether_server_page_get_process_list (page)));
  g_assert_cmpstr (template_label (GTK_WIDGET (details), "processes_label"), ==, count);

  /* gdbserver: non-stop, attach, create, monitor; no parent PIDs, no program output. */
  g_assert_true (cap_supported (GTK_WIDGET (details), "List Processes"));
  g_assert_true (cap_supported (GTK_WIDGET (details), "Attach to Processes"));
  g_assert_true (cap_supported (GTK_WIDGET (details), "Monitor Commands"));
  g_assert_true (cap_supported (GTK_WIDGET (details), "Non-Stop"));
  g_assert_false (cap_supported (GTK_WIDGET (details), "Parent Processes"));
  g_assert_false (cap_supported (GTK_WIDGET (details), "Program Output"));
  g_assert_cmpstr (row_value (GTK_WIDGET (details), "Mode"), ==, "extended-remote, non-stop");
  /* The protocol features announced, e.g. qXfer:osdata:read, which the listing uses. */
  g_assert_nonnull (find_row (GTK_WIDGET (details), "qXfer:osdata:read"));
  save_screenshot (GTK_WINDOW (details), "gdbserver");

  destroy_details (details);

  /* Disconnected, there is nothing to show. */
  tether_server_page_disconnect (page);
  for (guint i = 0; i < 500 && tether_server_page_get_state (page) == TETHER_SERVER_CONNECTED; i++)
    tether_test_spin (20);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.server-details", NULL) &&
                  find_details_window (GTK_WINDOW (window)) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && window != NULL; i++)
    tether_test_spin (10);
  g_assert_null (window);
  g_assert_finalize_object (g_steal_pointer (&store));
  g_unlink (path);
  g_rmdir (dir);
}

/* lldb-server platform: the same page lists its processes, then the details */

static void
test_details_lldb (void)
{
  g_autoptr(TetherTestLldbPlatform) platform = tether_test_lldb_platform_start ();
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(TetherTestVictim) later = NULL;
  g_autoptr(TetherProfile) profile = NULL;
  g_autoptr(TetherProcess) listed = NULL;
  g_autofree char *count = NULL;
  TetherServerPage *page;
  TetherServerDetails *details;
  GtkColumnView *column_view;
  GtkWindow *window;

  if (platform == NULL)
    return;

  profile = tether_profile_new ("lldb", platform->options);
  window = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_set_default_size (window, 1000, 700);
  page = TETHER_SERVER_PAGE (tether_server_page_new (profile));
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *)&page);
  tether_server_page_set_refresh_interval (page, REFRESH_MS);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);

  tether_server_page_connect (page);
  g_assert_true (wait_connected (page));
  g_assert_cmpint (tether_server_get_kind (tether_server_page_get_server (page)), ==,
                   TETHER_SERVER_KIND_LLDB);

  /* A process this test starts shows up in the page's own table, with its parent (this test,
   * from the server's listing) and its name. */
  victim = tether_test_victim_start ("600");
  column_view = GTK_COLUMN_VIEW (tether_test_find_descendant (GTK_WIDGET (page),
                                                              GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (column_view);
  for (guint i = 0; i < 1000; i++)
    {
      g_clear_object (&listed);
      listed = view_find (column_view, victim->pid);
      /* A listing taken between fork and exec names the parent: the next one updates the row. */
      if (listed != NULL && g_strcmp0 (tether_process_get_name (listed), victim->name) == 0)
        break;
      tether_test_spin (20);
    }
  g_assert_nonnull (listed);
  g_assert_cmpint (tether_process_get_ppid (listed), ==, getpid ());
  g_assert_cmpstr (tether_process_get_name (listed), ==, victim->name);
  g_assert_true (g_str_has_prefix (tether_process_get_command_line (listed), victim->path));

  details = TETHER_SERVER_DETAILS (
    tether_server_details_new (tether_server_page_get_server (page),
                               tether_server_page_get_process_list (page)));
  g_object_ref_sink (details);
  gtk_window_set_transient_for (GTK_WINDOW (details), window);
  gtk_window_present (GTK_WINDOW (details));

  g_assert_cmpstr (template_label (GTK_WIDGET (details), "kind_label"), ==,
                   "lldb-server platform");
  g_assert_cmpstr (template_label (GTK_WIDGET (details), "protocol_label"), ==,
                   "Remote serial protocol, platform mode");
  g_assert_cmpstr (template_label (GTK_WIDGET (details), "transport_label"), ==, "TCP");
  g_assert_true (g_str_has_prefix (template_label (GTK_WIDGET (details), "connection_label"),
                                   "tcp:server=127.0.0.1,port="));
  count = g_strdup_printf ("%u", tether_process_list_get_n_processes (
                                   tether_server_page_get_process_list (page)));
  g_assert_cmpstr (template_label (GTK_WIDGET (details), "processes_label"), ==, count);

  /* lldb-server: parent PIDs, server-side find, program output, error strings; all-stop. */
  g_assert_true (cap_supported (GTK_WIDGET (details), "List Processes"));
  g_assert_true (cap_supported (GTK_WIDGET (details), "Parent Processes"));
  g_assert_true (cap_supported (GTK_WIDGET (details), "Find on the Server"));
  g_assert_true (cap_supported (GTK_WIDGET (details), "Program Output"));
  g_assert_true (cap_supported (GTK_WIDGET (details), "Error Messages"));
  g_assert_false (cap_supported (GTK_WIDGET (details), "Non-Stop"));
  g_assert_false (cap_supported (GTK_WIDGET (details), "Monitor Commands"));
  /* Its version details: the target triple and the host's OS. */
  g_assert_true (g_str_has_suffix (row_value (GTK_WIDGET (details), "Target"), "-linux-gnu"));
  g_assert_cmpstr (row_value (GTK_WIDGET (details), "Host Name"), ==, g_get_host_name ());
  g_assert_nonnull (find_row (GTK_WIDGET (details), "OS Version"));
  g_assert_nonnull (find_row (GTK_WIDGET (details), "qEcho"));
  save_screenshot (GTK_WINDOW (details), "lldb");

  /* The count follows the list: another process comes, the count moves with the page's. */
  later = tether_test_victim_start ("600");
  for (guint i = 0; i < 1000; i++)
    {
      g_clear_object (&listed);
      listed = view_find (column_view, later->pid);
      if (listed != NULL)
        break;
      tether_test_spin (20);
    }
  g_assert_nonnull (listed);
  g_free (count);
  count = g_strdup_printf ("%u", tether_process_list_get_n_processes (
                                   tether_server_page_get_process_list (page)));
  g_assert_cmpstr (template_label (GTK_WIDGET (details), "processes_label"), ==, count);

  /* Disconnecting closes the window: what it shows would be stale. */
  tether_server_page_disconnect (page);
  for (guint i = 0; i < 500 && gtk_widget_get_visible (GTK_WIDGET (details)); i++)
    tether_test_spin (20);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (details)));
  g_assert_finalize_object (details);

  gtk_window_destroy (window);
  for (guint i = 0; i < 200 && (page != NULL || window != NULL); i++)
    tether_test_spin (10);
  g_assert_null (page);
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/server-details/gdbserver", test_details_gdbserver);
  g_test_add_func ("/server-details/lldb", test_details_lldb);

  return g_test_run ();
}
