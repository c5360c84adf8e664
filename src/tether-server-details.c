/* tether-server-details.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/**
 * TetherServerDetails:
 *
 * A window about one connected #TetherServer: its kind (gdbserver or lldb-server platform) and
 * protocol, how Tether reaches it (transport and connection string), how many processes its page
 * lists, what the server reports about itself (target, OS, mode…), which of Tether's features it
 * supports, and the protocol features it announced. It reads the server when it is built; the
 * process count follows the page's #TetherProcessList. Once the server is no longer connected,
 * the window closes: what it showed would be stale.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-rsp-connection.h"
#include "tether-server-details.h"

struct _TetherServerDetails
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkLabel             *kind_label;
  GtkLabel             *protocol_label;
  GtkLabel             *transport_label;
  GtkLabel             *connection_label;
  GtkLabel             *processes_label;
  AdwPreferencesGroup  *details_group;
  AdwPreferencesGroup  *caps_group;
  AdwExpanderRow       *features_row;

  /* Owned */
  TetherServer         *server;
  TetherProcessList    *process_list;
};

G_DEFINE_FINAL_TYPE (TetherServerDetails, tether_server_details, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_PROCESS_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The keys of tether_server_dup_details() a user can read as they are. packet-size is left out:
 * the two kinds send it in different bases, and it means nothing to a user; "features" is the
 * count the Protocol Features row shows. */
static const struct
{
  const char *key;
  const char *title;
} detail_titles[] = {
  { "mode",            N_("Mode") },
  { "triple",          N_("Target") },
  { "os_version",      N_("OS Version") },
  { "os_build",        N_("OS Build") },
  { "os_kernel",       N_("Kernel") },
  { "distribution_id", N_("Distribution") },
  { "hostname",        N_("Host Name") },
  { "ptrsize",         N_("Pointer Size") },
  { "endian",          N_("Byte Order") },
};

static const char * const hidden_details[] = { "packet-size", "features", NULL };

static const struct
{
  TetherServerCaps  cap;
  const char       *title;
  const char       *subtitle;
} cap_titles[] = {
  { TETHER_SERVER_CAN_LIST, N_("List Processes"), NULL },
  { TETHER_SERVER_CAN_READ_FILES, N_("Read Files"),
    N_("Process details come from the server’s /proc") },
  { TETHER_SERVER_CAN_ATTACH, N_("Attach to Processes"), NULL },
  { TETHER_SERVER_CAN_CREATE, N_("Create Processes"), NULL },
  { TETHER_SERVER_CAN_MONITOR, N_("Monitor Commands"), NULL },
  { TETHER_SERVER_LISTS_PARENTS, N_("Parent Processes"),
    N_("The listing carries each process’s parent PID") },
  { TETHER_SERVER_FILTERS_BY_NAME, N_("Find on the Server"),
    N_("Finding a process by name is done by the server") },
  { TETHER_SERVER_FORWARDS_OUTPUT, N_("Program Output"),
    N_("Output of created processes reaches their console") },
  { TETHER_SERVER_EXACT_ARGUMENTS, N_("Exact Arguments"),
    N_("Arguments reach the program as given, without a shell") },
  { TETHER_SERVER_NON_STOP, N_("Non-Stop"),
    N_("Held processes stop and run independently") },
  { TETHER_SERVER_ERROR_STRINGS, N_("Error Messages"),
    N_("Errors come with the server’s own explanation") },
  { TETHER_SERVER_CAN_END, N_("End Server"), N_("The server can be told to exit") },
};

static const char *
transport_name (TetherTransportKind transport)
{
  switch (transport)
    {
    case TETHER_TRANSPORT_TCP:
      return _("TCP");
    case TETHER_TRANSPORT_TCP_CLICON:
      return _("TCP, the server connects to Tether");
    case TETHER_TRANSPORT_LOCAL:
      return _("Pipes to a server on this computer");
    case TETHER_TRANSPORT_SSH:
      return _("SSH");
    case TETHER_TRANSPORT_COM:
      return _("Serial line");
    case TETHER_TRANSPORT_SSL:
      return _("TLS");
    default:
      return _("Unknown");
    }
}

/* A value at the end of a row. A wrapping label's minimum width is one character, and a row
 * squeezes its suffix to that: short values do not wrap, long ones wrap at a readable width. */
static void
setup_value_label (GtkLabel *label,
                   int       min_chars)
{
  int length = g_utf8_strlen (gtk_label_get_text (label), -1);

  gtk_label_set_wrap (label, length > 28);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (label, MIN (length, min_chars));
  gtk_label_set_max_width_chars (label, 32);
}

static GtkWidget *
value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "dim-label");
  setup_value_label (GTK_LABEL (label), 20);
  return label;
}

static void
update_process_count (TetherServerDetails *self)
{
  g_autofree char *text = NULL;

  if (self->process_list == NULL)
    {
      gtk_label_set_text (self->processes_label, _("Not listed"));
      return;
    }

  text = g_strdup_printf ("%u", tether_process_list_get_n_processes (self->process_list));
  gtk_label_set_text (self->processes_label, text);
}

static void
process_list_n_processes_cb (TetherServerDetails *self,
                             GParamSpec          *pspec,
                             TetherProcessList   *list)
{
  update_process_count (self);
}

static void
server_state_cb (TetherServerDetails *self,
                 GParamSpec          *pspec,
                 TetherServer        *server)
{
  if (tether_server_get_state (server) != TETHER_SERVER_CONNECTED)
    gtk_window_close (GTK_WINDOW (self));
}

static void
add_details (TetherServerDetails *self)
{
  g_auto(GStrv) details = tether_server_dup_details (self->server);
  guint shown = 0;

  for (guint i = 0; details[i] != NULL && details[i + 1] != NULL; i += 2)
    {
      const char *title = details[i];
      GtkWidget *row;

      if (g_strv_contains (hidden_details, details[i]))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (detail_titles); j++)
        if (g_str_equal (detail_titles[j].key, details[i]))
          title = _(detail_titles[j].title);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label (details[i + 1]));
      adw_preferences_group_add (self->details_group, row);
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->details_group), shown > 0);
}

static void
add_caps (TetherServerDetails *self)
{
  TetherServerCaps caps = tether_server_get_caps (self->server);

  for (guint i = 0; i < G_N_ELEMENTS (cap_titles); i++)
    {
      gboolean supported = (caps & cap_titles[i].cap) != 0;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(cap_titles[i].title));
      if (cap_titles[i].subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(cap_titles[i].subtitle));

      icon = gtk_image_new_from_icon_name (supported ? "object-select-symbolic"
                                                     : "action-unavailable-symbolic");
      gtk_widget_set_tooltip_text (icon, supported ? _("Supported") : _("Not supported"));
      gtk_widget_add_css_class (icon, supported ? "success" : "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      if (!supported)
        gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->caps_group, row);
    }
}

static void
add_features (TetherServerDetails *self)
{
  TetherRspConnection *connection = tether_server_get_connection (self->server);
  g_auto(GStrv) names = NULL;
  g_autofree char *count = NULL;

  if (connection == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->features_row), FALSE);
      return;
    }

  names = tether_rsp_connection_dup_feature_names (connection);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = tether_rsp_connection_get_feature (connection, names[i]);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      /* Feature names are protocol words ("qXfer:osdata:read"): not markup, not translated. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      /* "name+" is stored as "+": the name says it all. "name-" is announced as not there. */
      if (g_strcmp0 (value, "-") == 0)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label (_("Not supported")));
          gtk_widget_add_css_class (row, "dim-label");
        }
      else if (value != NULL && *value != '\0' && !g_str_equal (value, "+"))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label (value));
      adw_expander_row_add_row (self->features_row, row);
    }

  /* Translators: the number of protocol features a server announced */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feature", "%u features",
                                        g_strv_length (names)),
                           g_strv_length (names));
  adw_expander_row_add_action (self->features_row, value_label (count));
}

static void
fill (TetherServerDetails *self)
{
  TetherOptions *options = tether_server_get_options (self->server);
  g_autofree char *connection = tether_options_to_string (options);
  const char *kind = tether_server_get_kind_name (self->server);
  gboolean lldb = tether_server_get_kind (self->server) == TETHER_SERVER_KIND_LLDB;

  gtk_label_set_text (self->kind_label, kind != NULL ? kind : _("Not connected"));
  gtk_label_set_text (self->protocol_label,
                      lldb ? _("Remote serial protocol, platform mode")
                           : _("Remote serial protocol, extended mode"));
  gtk_label_set_text (self->transport_label, transport_name (tether_options_get_transport (options)));
  gtk_label_set_text (self->connection_label, connection);
  setup_value_label (self->protocol_label, 20);
  setup_value_label (self->transport_label, 20);
  /* Connection strings have no spaces: up to 32 characters stay on one line. */
  setup_value_label (self->connection_label, 32);

  update_process_count (self);
  add_details (self);
  add_caps (self);
  add_features (self);
}

static void
tether_server_details_constructed (GObject *object)
{
  TetherServerDetails *self = TETHER_SERVER_DETAILS (object);

  G_OBJECT_CLASS (tether_server_details_parent_class)->constructed (object);

  g_assert (self->server != NULL);
  fill (self);

  g_signal_connect_object (self->server, "notify::state", G_CALLBACK (server_state_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->process_list != NULL)
    g_signal_connect_object (self->process_list, "notify::n-processes",
                             G_CALLBACK (process_list_n_processes_cb), self, G_CONNECT_SWAPPED);
}

static void
tether_server_details_dispose (GObject *object)
{
  TetherServerDetails *self = TETHER_SERVER_DETAILS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_SERVER_DETAILS);
  g_clear_object (&self->server);
  g_clear_object (&self->process_list);

  G_OBJECT_CLASS (tether_server_details_parent_class)->dispose (object);
}

static void
tether_server_details_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TetherServerDetails *self = TETHER_SERVER_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_PROCESS_LIST: g_value_set_object (value, self->process_list); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_server_details_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TetherServerDetails *self = TETHER_SERVER_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SERVER: self->server = g_value_dup_object (value); break;
    case PROP_PROCESS_LIST: self->process_list = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_server_details_class_init (TetherServerDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tether_server_details_constructed;
  object_class->dispose = tether_server_details_dispose;
  object_class->get_property = tether_server_details_get_property;
  object_class->set_property = tether_server_details_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TETHER_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROCESS_LIST] =
    g_param_spec_object ("process-list", NULL, NULL, TETHER_TYPE_PROCESS_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-server-details.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherServerDetails, kind_label);
  gtk_widget_class_bind_template_child (widget_class, TetherServerDetails, protocol_label);
  gtk_widget_class_bind_template_child (widget_class, TetherServerDetails, transport_label);
  gtk_widget_class_bind_template_child (widget_class, TetherServerDetails, connection_label);
  gtk_widget_class_bind_template_child (widget_class, TetherServerDetails, processes_label);
  gtk_widget_class_bind_template_child (widget_class, TetherServerDetails, details_group);
  gtk_widget_class_bind_template_child (widget_class, TetherServerDetails, caps_group);
  gtk_widget_class_bind_template_child (widget_class, TetherServerDetails, features_row);
}

static void
tether_server_details_init (TetherServerDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tether_server_details_new:
 * @server: a connected #TetherServer
 * @process_list: (nullable): the list its page shows, for the process count
 *
 * Returns: (transfer floating): a new details window; set its transient parent and present it.
 */
GtkWidget *
tether_server_details_new (TetherServer      *server,
                           TetherProcessList *process_list)
{
  g_return_val_if_fail (TETHER_IS_SERVER (server), NULL);
  g_return_val_if_fail (process_list == NULL || TETHER_IS_PROCESS_LIST (process_list), NULL);

  return g_object_new (TETHER_TYPE_SERVER_DETAILS,
                       "server", server,
                       "process-list", process_list,
                       NULL);
}

TetherServer *
tether_server_details_get_server (TetherServerDetails *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_DETAILS (self), NULL);

  return self->server;
}

TetherProcessList *
tether_server_details_get_process_list (TetherServerDetails *self)
{
  g_return_val_if_fail (TETHER_IS_SERVER_DETAILS (self), NULL);

  return self->process_list;
}
