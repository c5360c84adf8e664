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

static void
tether_profile_row_dispose (GObject *object)
{
  TetherProfileRow *self = (TetherProfileRow *)object;

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
}

static void
tether_profile_row_init (TetherProfileRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
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
