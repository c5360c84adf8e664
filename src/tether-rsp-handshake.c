/* tether-rsp-handshake.c: TetherRspConnection: the handshake, its features, and the handshake again after a reset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-rsp-connection-private.h"

/* Handshake: qSupported, QStartNoAckMode, "!", QNonStop:1; again after a session reset. */

static void handshake_step (TetherRspConnection *self);

static void
handshake_finish (TetherRspConnection *self,
                  const GError        *error)
{
  self->handshaking = FALSE;
  if (self->handshake_cancel != NULL)
    {
      g_source_destroy (self->handshake_cancel);
      g_clear_pointer (&self->handshake_cancel, g_source_unref);
    }

  if (error != NULL)
    {
      g_autoptr(GError) copy = g_error_copy (error);
      g_autoptr(GTask) task = g_steal_pointer (&self->handshake_task);

      if (task != NULL)
        g_task_return_error (task, g_error_copy (error));
      tether_rsp_connection_close (self, copy);
      return;
    }

  if (self->handshake_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->handshake_task);

      g_task_return_boolean (task, TRUE);
    }
  _tether_rsp_connection_send_next (self);
}

static void
parse_features (TetherRspConnection *self,
                GBytes              *reply)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  g_auto(GStrv) items = g_strsplit (text, ";", -1);

  g_hash_table_remove_all (self->features);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = items[i];
      char *eq = strchr (item, '=');
      gsize len = strlen (item);

      if (len == 0)
        continue;
      if (eq != NULL)
        g_hash_table_insert (self->features, g_strndup (item, eq - item), g_strdup (eq + 1));
      else if (item[len - 1] == '+' || item[len - 1] == '-' || item[len - 1] == '?')
        g_hash_table_insert (self->features, g_strndup (item, len - 1),
                             g_strndup (item + len - 1, 1));
      else
        g_hash_table_insert (self->features, g_strdup (item), g_strdup ("+"));
    }
}

static void
handshake_reply (TetherRspConnection *self,
                 Request             *request,
                 GBytes              *reply,
                 const GError        *error)
{
  gsize len = 0;
  const char *data = reply != NULL ? g_bytes_get_data (reply, &len) : NULL;
  gboolean ok = len == 2 && memcmp (data, "OK", 2) == 0;
  g_autoptr(GError) local_error = NULL;

  if (error != NULL)
    {
      handshake_finish (self, error);
      return;
    }

  switch (self->handshake_step)
    {
    case 0: /* qSupported */
      if (len == 0 || _tether_rsp_is_error_reply (reply))
        local_error = g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                   _("The server did not answer qSupported: it is not a "
                                     "gdbserver, or a very old one"));
      else
        parse_features (self, reply);
      break;

    case 1: /* QStartNoAckMode */
      if (ok)
        self->no_ack = TRUE;
      break;

    case 2: /* ! */
      /* lldb-server (platform or debug server) does not know "!": the process server decides
       * whether it can do without. An error is a refusal. */
      self->extended = ok;
      if (!ok && len > 0)
        local_error = g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                   _("The server refused extended mode: start gdbserver with "
                                     "--multi"));
      break;

    case 3: /* QNonStop:1 */
      if (ok)
        {
          _tether_rsp_connection_set_non_stop (self, TRUE);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (local_error != NULL)
    {
      handshake_finish (self, local_error);
      return;
    }

  self->handshake_step++;
  handshake_step (self);
}

static void
handshake_step (TetherRspConnection *self)
{
  Request *request;
  const char *packet = NULL;

  switch (self->handshake_step)
    {
    case 0:
      packet = QSUPPORTED_PACKET;
      break;

    case 1:
      if (tether_rsp_connection_has_feature (self, "QStartNoAckMode"))
        packet = "QStartNoAckMode";
      else
        self->handshake_step++;
      G_GNUC_FALLTHROUGH;

    case 2:
      if (packet == NULL)
        packet = "!";
      break;

    case 3:
      if (tether_rsp_connection_has_feature (self, "QNonStop"))
        packet = "QNonStop:1";
      break;

    default:
      break;
    }

  if (packet == NULL)
    {
      handshake_finish (self, NULL);
      return;
    }

  /* Straight to the front: nothing else may go out between two steps. */
  request = _tether_rsp_request_new (packet, TETHER_RSP_REQUEST_DEFAULT);
  request->reply_func = handshake_reply;
  g_queue_push_head (&self->internal, request);
  _tether_rsp_connection_send_next (self);
}

void
_tether_rsp_connection_start_handshake (TetherRspConnection *self)
{
  self->handshaking = TRUE;
  self->rehandshake_needed = FALSE;
  self->handshake_step = 0;
  handshake_step (self);
}

static gboolean
handshake_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  TetherRspConnection *self = user_data;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 _("The handshake was cancelled"));

  g_clear_pointer (&self->handshake_cancel, g_source_unref);
  tether_rsp_connection_close (self, error);
  return G_SOURCE_REMOVE;
}

void
tether_rsp_connection_handshake_async (TetherRspConnection *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TETHER_IS_RSP_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_rsp_connection_handshake_async);

  if (self->closed)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_CLOSED,
                               _("The connection to the server is closed"));
      return;
    }
  if (self->handshake_task != NULL || self->handshaking)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_BUSY,
                               _("A handshake is already running"));
      return;
    }

  /* A fresh link may hold a reply a previous client never read; an initial '+' is what gdb sends
   * too, and is harmless in every state. */
  _tether_rsp_connection_send_ack (self, '+');
  self->handshake_task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      /* A cancelled handshake leaves the link in an unknown state: it closes the connection. */
      self->handshake_cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->handshake_cancel, G_SOURCE_FUNC (handshake_cancelled_cb), self,
                             NULL);
      g_source_attach (self->handshake_cancel, g_main_context_get_thread_default ());
    }
  _tether_rsp_connection_start_handshake (self);
}

gboolean
tether_rsp_connection_handshake_finish (TetherRspConnection  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
tether_rsp_connection_get_feature (TetherRspConnection *self,
                                   const char          *name)
{
  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), NULL);

  return g_hash_table_lookup (self->features, name);
}

gboolean
tether_rsp_connection_has_feature (TetherRspConnection *self,
                                   const char          *name)
{
  const char *value = tether_rsp_connection_get_feature (self, name);

  return value != NULL && !g_str_equal (value, "-");
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

char **
tether_rsp_connection_dup_feature_names (TetherRspConnection *self)
{
  g_autofree const char **keys = NULL;
  char **names;
  guint n = 0;

  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), NULL);

  keys = (const char **)g_hash_table_get_keys_as_array (self->features, &n);
  names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (keys[i]);
  qsort (names, n, sizeof (char *), compare_names);
  return names;
}

gsize
tether_rsp_connection_get_packet_size (TetherRspConnection *self)
{
  const char *value;
  guint64 size = 0;

  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (self), DEFAULT_PACKET_SIZE);

  value = tether_rsp_connection_get_feature (self, "PacketSize");
  if (value == NULL || !tether_hex_parse_uint64 (value, -1, &size) || size < 64)
    return DEFAULT_PACKET_SIZE;

  return MIN (size, self->max_packet);
}
