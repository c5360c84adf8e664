/* tether-profile-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-profile-row.h"

struct _TetherProfileRow
{
  GtkListBoxRow      parent_instance;

  /* Template widgets */
  GtkStack          *state_stack;
  GtkSpinner        *spinner;
  GtkLabel          *name_label;

  /* Owned */
  GtkWidget         *menu;            /* the context menu, a GtkPopoverMenu */
  TetherProfile     *profile;
  char              *error_message;
  TetherServerState  state;
};

G_DEFINE_FINAL_TYPE (TetherProfileRow, tether_profile_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
state_view_name (TetherServerState state)
{
  switch (state)
    {
    case TETHER_SERVER_CONNECTING: return "connecting";
    case TETHER_SERVER_CONNECTED: return "connected";
    case TETHER_SERVER_FAILED: return "failed";
    case TETHER_SERVER_DISCONNECTED:
    default: return "disconnected";
    }
}

static void
update_state (TetherProfileRow *self)
{
  const char *tooltip;

  gtk_stack_set_visible_child_name (self->state_stack, state_view_name (self->state));
  gtk_spinner_set_spinning (self->spinner, self->state == TETHER_SERVER_CONNECTING);

  switch (self->state)
    {
    case TETHER_SERVER_CONNECTING: tooltip = _("Connecting…"); break;
    case TETHER_SERVER_CONNECTED: tooltip = _("Connected"); break;
    case TETHER_SERVER_FAILED:
      tooltip = self->error_message != NULL ? self->error_message : _("Could not connect");
      break;
    case TETHER_SERVER_DISCONNECTED:
    default: tooltip = _("Not connected"); break;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

/* The context menu: the profile's actions, by id. */
static GMenuModel *
create_menu (TetherProfileRow *self)
{
  const char *id = tether_profile_get_id (self->profile);
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) connection = g_menu_new ();
  g_autoptr(GMenu) profile = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;

  item = g_menu_item_new (_("_Connect"), NULL);
  g_menu_item_set_action_and_target (item, "win.connect-profile", "s", id);
  g_menu_append_item (connection, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Disconnect"), NULL);
  g_menu_item_set_action_and_target (item, "win.disconnect-profile", "s", id);
  g_menu_append_item (connection, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (connection));

  g_clear_object (&item);
  item = g_menu_item_new (_("_Edit…"), NULL);
  g_menu_item_set_action_and_target (item, "profile.edit", "s", id);
  g_menu_append_item (profile, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("D_uplicate"), NULL);
  g_menu_item_set_action_and_target (item, "profile.duplicate", "s", id);
  g_menu_append_item (profile, item);
  if (!tether_profile_get_is_builtin (self->profile))
    {
      g_clear_object (&item);
      item = g_menu_item_new (_("_Delete"), NULL);
      g_menu_item_set_action_and_target (item, "profile.delete", "s", id);
      g_menu_append_item (profile, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (profile));

  return G_MENU_MODEL (menu);
}

static void
popup_menu (TetherProfileRow *self,
            double            x,
            double            y)
{
  if (self->menu == NULL)
    {
      g_autoptr(GMenuModel) model = create_menu (self);

      self->menu = gtk_popover_menu_new_from_model (model);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                               &(GdkRectangle){ (int)x, (int)y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
secondary_click_cb (GtkGestureClick  *gesture,
                    int               n_press,
                    double            x,
                    double            y,
                    TetherProfileRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu (self, x, y);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               TetherProfileRow    *self)
{
  popup_menu (self, x, y);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  popup_menu (TETHER_PROFILE_ROW (widget), gtk_widget_get_width (widget) / 2.0,
              gtk_widget_get_height (widget) / 2.0);
}

static void
tether_profile_row_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  TetherProfileRow *self = TETHER_PROFILE_ROW (widget);

  GTK_WIDGET_CLASS (tether_profile_row_parent_class)->size_allocate (widget, width, height,
                                                                     baseline);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
tether_profile_row_dispose (GObject *object)
{
  TetherProfileRow *self = (TetherProfileRow *)object;

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), TETHER_TYPE_PROFILE_ROW);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (tether_profile_row_parent_class)->dispose (object);
}

static void
tether_profile_row_finalize (GObject *object)
{
  TetherProfileRow *self = (TetherProfileRow *)object;

  g_free (self->error_message);

  G_OBJECT_CLASS (tether_profile_row_parent_class)->finalize (object);
}

static void
tether_profile_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TetherProfileRow *self = TETHER_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROFILE: g_value_set_object (value, self->profile); break;
    case PROP_STATE: g_value_set_uint (value, self->state); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_profile_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TetherProfileRow *self = TETHER_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROFILE: self->profile = g_value_dup_object (value); break;
    case PROP_STATE: tether_profile_row_set_state (self, g_value_get_uint (value)); break;
    case PROP_ERROR_MESSAGE:
      tether_profile_row_set_error_message (self, g_value_get_string (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_profile_row_class_init (TetherProfileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tether_profile_row_dispose;
  object_class->finalize = tether_profile_row_finalize;
  object_class->get_property = tether_profile_row_get_property;
  object_class->set_property = tether_profile_row_set_property;
  widget_class->size_allocate = tether_profile_row_size_allocate;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, TETHER_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A TetherServerState. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, TETHER_SERVER_FAILED, TETHER_SERVER_DISCONNECTED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TETHER_TYPE_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tether/Tether/tether-profile-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TetherProfileRow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, TetherProfileRow, name_label);

  gtk_widget_class_install_action (widget_class, "row.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "row.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "row.menu", NULL);
}

static void
tether_profile_row_init (TetherProfileRow *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
tether_profile_row_new (TetherProfile *profile)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (profile), NULL);

  return g_object_new (TETHER_TYPE_PROFILE_ROW, "profile", profile, NULL);
}

TetherProfile *
tether_profile_row_get_profile (TetherProfileRow *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_ROW (self), NULL);

  return self->profile;
}

TetherServerState
tether_profile_row_get_state (TetherProfileRow *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_ROW (self), TETHER_SERVER_DISCONNECTED);

  return self->state;
}

void
tether_profile_row_set_state (TetherProfileRow  *self,
                              TetherServerState  state)
{
  g_return_if_fail (TETHER_IS_PROFILE_ROW (self));

  if (self->state == state)
    return;

  self->state = state;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
tether_profile_row_get_error_message (TetherProfileRow *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE_ROW (self), NULL);

  return self->error_message;
}

void
tether_profile_row_set_error_message (TetherProfileRow *self,
                                      const char       *error_message)
{
  g_return_if_fail (TETHER_IS_PROFILE_ROW (self));

  if (g_strcmp0 (self->error_message, error_message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (error_message);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}
