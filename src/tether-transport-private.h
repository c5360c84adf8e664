/* tether-transport-private.h: what TetherTransport's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-transport.h"

G_BEGIN_DECLS

/* local:kind=lldb (tether-transport-lldb.c): starts "lldb-server platform" on 127.0.0.1 with a
 * port it picks, and connects to it. The finish returns the connection and the child, whose
 * standard error is a pipe. */
void       _tether_transport_start_lldb_platform_async  (TetherOptions        *options,
                                                         guint                 timeout_ms,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GIOStream *_tether_transport_start_lldb_platform_finish (GAsyncResult         *result,
                                                         GSubprocess         **subprocess,
                                                         GError              **error);

G_END_DECLS
