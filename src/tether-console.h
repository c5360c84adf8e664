/* tether-console.h: a server's console: monitor commands and the packet log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-server.h"

G_BEGIN_DECLS

/* The packet log keeps this many lines; older ones go first. */
#define TETHER_CONSOLE_MAX_LOG_LINES 5000

#define TETHER_TYPE_CONSOLE (tether_console_get_type ())

G_DECLARE_FINAL_TYPE (TetherConsole, tether_console, TETHER, CONSOLE, AdwBin)

GtkWidget    *tether_console_new              (TetherServer   *server);
TetherServer *tether_console_get_server       (TetherConsole  *self);
/* Runs "monitor @command" on the server; its output (or the error) goes to the output view. */
void          tether_console_run_command      (TetherConsole  *self,
                                               const char     *command);
char         *tether_console_dup_output       (TetherConsole  *self);
/* The packet log: one GtkStringObject per packet, "→ packet", "← 0.21 ms packet", "⇠ %notification". */
GListModel   *tether_console_get_log          (TetherConsole  *self);
void          tether_console_save_log_async   (TetherConsole  *self,
                                               GFile          *file,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
gboolean      tether_console_save_log_finish  (TetherConsole  *self,
                                               GAsyncResult   *result,
                                               GError        **error);

G_END_DECLS
