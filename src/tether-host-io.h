/* tether-host-io.h: reading files on the server's machine through the vFile packets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-rsp-connection.h"

G_BEGIN_DECLS

#define TETHER_TYPE_HOST_IO (tether_host_io_get_type ())

G_DECLARE_FINAL_TYPE (TetherHostIo, tether_host_io, TETHER, HOST_IO, GObject)

/**
 * TetherHostIo:
 * Reads files and symbolic links on the server's machine, as the server's user sees them (/proc
 * above all). Errors are TETHER_ERROR_NOT_FOUND (ENOENT, ESRCH), TETHER_ERROR_PERMISSION (EACCES,
 * EPERM), TETHER_ERROR_TOO_LARGE (over the caller's limit), TETHER_ERROR_NOT_SUPPORTED (a server
 * without host I/O) or TETHER_ERROR_SERVER, with the path in the message.
 */
TetherHostIo *tether_host_io_new             (TetherRspConnection  *connection);
void          tether_host_io_read_file_async (TetherHostIo         *self,
                                              const char           *path,
                                              gsize                 max_size,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GBytes       *tether_host_io_read_file_finish (TetherHostIo        *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void          tether_host_io_readlink_async  (TetherHostIo         *self,
                                              const char           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char         *tether_host_io_readlink_finish (TetherHostIo         *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
