/* tether-backend-util.c: small pieces both kinds of backend use (tether-backend.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-backend.h"
#include "tether-rsp-codec.h"

void
_tether_backend_add_hex_packet (GPtrArray  *packets,
                                const char *prefix,
                                const char *text)
{
  g_autofree char *hex = tether_hex_encode_string (text);

  g_ptr_array_add (packets, g_strconcat (prefix, hex, NULL));
}

void
_tether_backend_ignore_reply_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) reply = NULL;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                NULL);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}
