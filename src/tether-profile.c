/* tether-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-profile.h"

/* Member names of a profile object in profiles.json; any other member is kept in "extra". */
#define KEY_ID                 "id"
#define KEY_NAME               "name"
#define KEY_SERVER             "server"
#define KEY_DESCRIPTION        "description"
#define KEY_CONNECT_AT_STARTUP "connect_at_startup"
#define KEY_REFRESH_INTERVAL   "refresh_interval_ms"
#define KEY_CREATED            "created"
#define KEY_LAST_CONNECTED     "last_connected"

struct _TetherProfile
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *server;
  char       *description;
  gboolean    connect_at_startup;
  guint       refresh_interval;
  gint64      created;
  gint64      last_connected;

  /* Members of the JSON object this profile was read from that this version does not know. */
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (TetherProfile, tether_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_IS_BUILTIN,
  PROP_NAME,
  PROP_SERVER,
  PROP_DESCRIPTION,
  PROP_CONNECT_AT_STARTUP,
  PROP_REFRESH_INTERVAL,
  PROP_CREATED,
  PROP_LAST_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const known_keys[] = {
  KEY_ID, KEY_NAME, KEY_SERVER, KEY_DESCRIPTION, KEY_CONNECT_AT_STARTUP, KEY_REFRESH_INTERVAL,
  KEY_CREATED, KEY_LAST_CONNECTED, NULL
};

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (value == NULL)
    value = "";

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
tether_profile_constructed (GObject *object)
{
  TetherProfile *self = (TetherProfile *)object;

  G_OBJECT_CLASS (tether_profile_parent_class)->constructed (object);

  if (self->id == NULL || self->id[0] == '\0')
    {
      g_free (self->id);
      self->id = g_uuid_string_random ();
    }
}

static void
tether_profile_finalize (GObject *object)
{
  TetherProfile *self = (TetherProfile *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->server);
  g_free (self->description);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (tether_profile_parent_class)->finalize (object);
}

static void
tether_profile_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TetherProfile *self = TETHER_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_IS_BUILTIN: g_value_set_boolean (value, tether_profile_get_is_builtin (self)); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SERVER: g_value_set_string (value, self->server); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_CONNECT_AT_STARTUP: g_value_set_boolean (value, self->connect_at_startup); break;
    case PROP_REFRESH_INTERVAL: g_value_set_uint (value, self->refresh_interval); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_LAST_CONNECTED: g_value_set_int64 (value, self->last_connected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_profile_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TetherProfile *self = TETHER_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_NAME: tether_profile_set_name (self, g_value_get_string (value)); break;
    case PROP_SERVER: tether_profile_set_server (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION:
      tether_profile_set_description (self, g_value_get_string (value));
      break;
    case PROP_CONNECT_AT_STARTUP:
      tether_profile_set_connect_at_startup (self, g_value_get_boolean (value));
      break;
    case PROP_REFRESH_INTERVAL:
      tether_profile_set_refresh_interval (self, g_value_get_uint (value));
      break;
    case PROP_CREATED: tether_profile_set_created (self, g_value_get_int64 (value)); break;
    case PROP_LAST_CONNECTED:
      tether_profile_set_last_connected (self, g_value_get_int64 (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
tether_profile_class_init (TetherProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tether_profile_constructed;
  object_class->finalize = tether_profile_finalize;
  object_class->get_property = tether_profile_get_property;
  object_class->set_property = tether_profile_set_property;

  /* NULL or "" at construction: a new random UUID. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_BUILTIN] =
    g_param_spec_boolean ("is-builtin", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", RW_FLAGS);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, "", RW_FLAGS);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, "", RW_FLAGS);
  properties[PROP_CONNECT_AT_STARTUP] =
    g_param_spec_boolean ("connect-at-startup", NULL, NULL, FALSE, RW_FLAGS);
  /* Milliseconds; 0: use the application's default. */
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 0, G_MAXUINT, 0, RW_FLAGS);
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, RW_FLAGS);
  properties[PROP_LAST_CONNECTED] =
    g_param_spec_int64 ("last-connected", NULL, NULL, 0, G_MAXINT64, 0, RW_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_profile_init (TetherProfile *self)
{
  self->name = g_strdup ("");
  self->server = g_strdup ("");
  self->description = g_strdup ("");
}

/**
 * tether_profile_new:
 * A profile with a new random id, created now.
 */
TetherProfile *
tether_profile_new (const char *name,
                    const char *server)
{
  return g_object_new (TETHER_TYPE_PROFILE,
                       "name", name,
                       "server", server,
                       "created", g_get_real_time () / G_USEC_PER_SEC,
                       NULL);
}

/**
 * tether_profile_new_builtin:
 * The "This computer" profile with its default settings. Its creation time is unknown (0) so that
 * every process builds the same default.
 */
TetherProfile *
tether_profile_new_builtin (void)
{
  return g_object_new (TETHER_TYPE_PROFILE,
                       "id", TETHER_PROFILE_BUILTIN_ID,
                       "name", _(TETHER_PROFILE_BUILTIN_NAME),
                       "server", TETHER_PROFILE_BUILTIN_SERVER,
                       NULL);
}

static gboolean
get_optional_member (JsonObject  *object,
                     const char  *key,
                     GType        type,
                     const char  *type_text,
                     JsonNode   **out_node,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out_node = NULL;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("“%s” must be %s"), key, type_text);
      return FALSE;
    }

  *out_node = node;
  return TRUE;
}

static gboolean
get_int_member (JsonObject  *object,
                const char  *key,
                gint64       max,
                gint64      *out_value,
                GError     **error)
{
  JsonNode *node;
  gint64 value;

  if (!get_optional_member (object, key, G_TYPE_INT64, _("a whole number"), &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  value = json_node_get_int (node);
  if (value < 0 || value > max)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("“%s” must be between 0 and %lld, not %lld"),
                   key, (long long)max, (long long)value);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/**
 * tether_profile_new_from_json:
 * @node: a JSON object as written by tether_profile_to_json()
 *
 * Reads a profile. "id", "name" and "server" are required strings; the other known members are
 * optional but must have the right type. Members it does not know are kept and written back by
 * tether_profile_to_json(). Fails with %TETHER_ERROR_PROFILES_FILE and a message naming the member.
 */
TetherProfile *
tether_profile_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(TetherProfile) self = NULL;
  JsonObject *object;
  JsonNode *id_node;
  JsonNode *name_node;
  JsonNode *server_node;
  JsonNode *description_node;
  JsonNode *startup_node;
  gint64 refresh_interval = 0;
  gint64 created = 0;
  gint64 last_connected = 0;
  GList *members;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("a profile must be a JSON object, not %s"),
                   JSON_NODE_HOLDS_ARRAY (node) ? _("an array") : _("a single value"));
      return NULL;
    }

  object = json_node_get_object (node);

  if (!get_optional_member (object, KEY_ID, G_TYPE_STRING, _("a string"), &id_node, error) ||
      !get_optional_member (object, KEY_NAME, G_TYPE_STRING, _("a string"), &name_node, error) ||
      !get_optional_member (object, KEY_SERVER, G_TYPE_STRING, _("a string"), &server_node,
                            error) ||
      !get_optional_member (object, KEY_DESCRIPTION, G_TYPE_STRING, _("a string"),
                            &description_node, error) ||
      !get_optional_member (object, KEY_CONNECT_AT_STARTUP, G_TYPE_BOOLEAN, _("true or false"),
                            &startup_node, error) ||
      !get_int_member (object, KEY_REFRESH_INTERVAL, G_MAXUINT, &refresh_interval, error) ||
      !get_int_member (object, KEY_CREATED, G_MAXINT64, &created, error) ||
      !get_int_member (object, KEY_LAST_CONNECTED, G_MAXINT64, &last_connected, error))
    return NULL;

  if (id_node == NULL || json_node_get_string (id_node)[0] == '\0' ||
      name_node == NULL || server_node == NULL)
    {
      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROFILES_FILE,
                   _("a profile needs “%s”, “%s” and “%s”"), KEY_ID, KEY_NAME, KEY_SERVER);
      return NULL;
    }

  self = g_object_new (TETHER_TYPE_PROFILE,
                       "id", json_node_get_string (id_node),
                       "name", json_node_get_string (name_node),
                       "server", json_node_get_string (server_node),
                       "description",
                       description_node != NULL ? json_node_get_string (description_node) : "",
                       "connect-at-startup",
                       startup_node != NULL ? json_node_get_boolean (startup_node) : FALSE,
                       "refresh-interval", (guint)refresh_interval,
                       "created", created,
                       "last-connected", last_connected,
                       NULL);

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (g_strv_contains (known_keys, key))
        continue;

      if (self->extra == NULL)
        self->extra = json_object_new ();
      json_object_set_member (self->extra, key,
                              json_node_copy (json_object_get_member (object, key)));
    }
  g_list_free (members);

  return g_steal_pointer (&self);
}

/**
 * tether_profile_to_json:
 * Every field, defaults included, followed by the members read from the file that this version does
 * not know. Returns: (transfer full): a JSON object node.
 */
JsonNode *
tether_profile_to_json (TetherProfile *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (TETHER_IS_PROFILE (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, KEY_ID);
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, KEY_NAME);
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, KEY_SERVER);
  json_builder_add_string_value (builder, self->server);
  json_builder_set_member_name (builder, KEY_DESCRIPTION);
  json_builder_add_string_value (builder, self->description);
  json_builder_set_member_name (builder, KEY_CONNECT_AT_STARTUP);
  json_builder_add_boolean_value (builder, self->connect_at_startup);
  json_builder_set_member_name (builder, KEY_REFRESH_INTERVAL);
  json_builder_add_int_value (builder, self->refresh_interval);
  json_builder_set_member_name (builder, KEY_CREATED);
  json_builder_add_int_value (builder, self->created);
  json_builder_set_member_name (builder, KEY_LAST_CONNECTED);
  json_builder_add_int_value (builder, self->last_connected);

  if (self->extra != NULL)
    {
      GList *members = json_object_get_members (self->extra);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_value (builder,
                                  json_node_copy (json_object_get_member (self->extra, l->data)));
        }
      g_list_free (members);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
extra_equal (JsonObject *a,
             JsonObject *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || json_object_get_size (a) == 0) &&
           (b == NULL || json_object_get_size (b) == 0);

  return json_object_equal (a, b);
}

/**
 * tether_profile_equal:
 * Whether two profiles have the same id and the same value in every field, unknown members
 * included.
 */
gboolean
tether_profile_equal (TetherProfile *a,
                      TetherProfile *b)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (a), FALSE);
  g_return_val_if_fail (TETHER_IS_PROFILE (b), FALSE);

  return g_str_equal (a->id, b->id) &&
         g_str_equal (a->name, b->name) &&
         g_str_equal (a->server, b->server) &&
         g_str_equal (a->description, b->description) &&
         a->connect_at_startup == b->connect_at_startup &&
         a->refresh_interval == b->refresh_interval &&
         a->created == b->created &&
         a->last_connected == b->last_connected &&
         extra_equal (a->extra, b->extra);
}

/**
 * tether_profile_copy_settings:
 * @source: the profile to copy from
 *
 * Gives @self every field of @source except the id, unknown JSON members included, notifying each
 * property that changes. Returns: whether anything changed.
 */
gboolean
tether_profile_copy_settings (TetherProfile *self,
                              TetherProfile *source)
{
  gboolean changed;

  g_return_val_if_fail (TETHER_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (TETHER_IS_PROFILE (source), FALSE);

  if (self == source)
    return FALSE;

  changed = !extra_equal (self->extra, source->extra);
  if (changed)
    {
      g_clear_pointer (&self->extra, json_object_unref);
      /* "extra" is never modified once read, so the two profiles can share it. */
      if (source->extra != NULL)
        self->extra = json_object_ref (source->extra);
    }

  g_object_freeze_notify (G_OBJECT (self));
  changed |= !g_str_equal (self->name, source->name);
  tether_profile_set_name (self, source->name);
  changed |= !g_str_equal (self->server, source->server);
  tether_profile_set_server (self, source->server);
  changed |= !g_str_equal (self->description, source->description);
  tether_profile_set_description (self, source->description);
  changed |= self->connect_at_startup != source->connect_at_startup;
  tether_profile_set_connect_at_startup (self, source->connect_at_startup);
  changed |= self->refresh_interval != source->refresh_interval;
  tether_profile_set_refresh_interval (self, source->refresh_interval);
  changed |= self->created != source->created;
  tether_profile_set_created (self, source->created);
  changed |= self->last_connected != source->last_connected;
  tether_profile_set_last_connected (self, source->last_connected);
  g_object_thaw_notify (G_OBJECT (self));

  return changed;
}

const char *
tether_profile_get_id (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), NULL);

  return self->id;
}

gboolean
tether_profile_get_is_builtin (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), FALSE);

  return g_strcmp0 (self->id, TETHER_PROFILE_BUILTIN_ID) == 0;
}

const char *
tether_profile_get_name (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), NULL);

  return self->name;
}

void
tether_profile_set_name (TetherProfile *self,
                         const char    *name)
{
  g_return_if_fail (TETHER_IS_PROFILE (self));

  if (replace_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
tether_profile_get_server (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), NULL);

  return self->server;
}

void
tether_profile_set_server (TetherProfile *self,
                           const char    *server)
{
  g_return_if_fail (TETHER_IS_PROFILE (self));

  if (replace_string (&self->server, server))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
}

const char *
tether_profile_get_description (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), NULL);

  return self->description;
}

void
tether_profile_set_description (TetherProfile *self,
                                const char    *description)
{
  g_return_if_fail (TETHER_IS_PROFILE (self));

  if (replace_string (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

gboolean
tether_profile_get_connect_at_startup (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), FALSE);

  return self->connect_at_startup;
}

void
tether_profile_set_connect_at_startup (TetherProfile *self,
                                       gboolean       connect_at_startup)
{
  g_return_if_fail (TETHER_IS_PROFILE (self));

  connect_at_startup = !!connect_at_startup;
  if (self->connect_at_startup == connect_at_startup)
    return;

  self->connect_at_startup = connect_at_startup;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_AT_STARTUP]);
}

/**
 * tether_profile_get_refresh_interval:
 * The process-list refresh interval of this profile in milliseconds; 0: the application default.
 */
guint
tether_profile_get_refresh_interval (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), 0);

  return self->refresh_interval;
}

void
tether_profile_set_refresh_interval (TetherProfile *self,
                                     guint          refresh_interval_ms)
{
  g_return_if_fail (TETHER_IS_PROFILE (self));

  if (self->refresh_interval == refresh_interval_ms)
    return;

  self->refresh_interval = refresh_interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

gint64
tether_profile_get_created (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), 0);

  return self->created;
}

void
tether_profile_set_created (TetherProfile *self,
                            gint64         created)
{
  g_return_if_fail (TETHER_IS_PROFILE (self));
  g_return_if_fail (created >= 0);

  if (self->created == created)
    return;

  self->created = created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

gint64
tether_profile_get_last_connected (TetherProfile *self)
{
  g_return_val_if_fail (TETHER_IS_PROFILE (self), 0);

  return self->last_connected;
}

void
tether_profile_set_last_connected (TetherProfile *self,
                                   gint64         last_connected)
{
  g_return_if_fail (TETHER_IS_PROFILE (self));
  g_return_if_fail (last_connected >= 0);

  if (self->last_connected == last_connected)
    return;

  self->last_connected = last_connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CONNECTED]);
}
