/* tether-cli-private.h: what tether-cli's files share: the program's state and its helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-server.h"

G_BEGIN_DECLS

/* The exit status of a usage error (bad arguments, unknown command). */
#define EXIT_USAGE 2

typedef struct
{
  char         *server_string;
  char         *profile;
  gboolean      json;
  double        timeout;
  TetherServer *server;          /* connected before a command runs */
  GCancellable *cancellable;     /* cancelled by Ctrl+C and SIGTERM */
  gboolean      interrupted;
} TetherCli;

/* The one program state, set up by main() in tether-cli.c. */
extern TetherCli cli;

/* The engine is asynchronous; the commands wait for each step in turn while the main loop turns.
 * Pass tether_cli_store_result_cb with a GAsyncResult ** set to NULL, then wait for it. */
void          tether_cli_store_result_cb (GObject       *object,
                                          GAsyncResult  *result,
                                          gpointer       user_data);
GAsyncResult *tether_cli_wait_for        (GAsyncResult **slot);
/* Prints the message and a hint on stderr; returns EXIT_USAGE. */
int           tether_cli_usage_error     (const char    *format,
                                          ...) G_GNUC_PRINTF (1, 2);
gboolean      tether_cli_parse_pid       (const char    *text,
                                          gint64        *pid);

/* tether-cli-control.c: the commands that take hold of processes. @argv[0] is the command's
 * name; each returns the exit status. */
int           tether_cli_command_attach  (int            argc,
                                          char         **argv);
int           tether_cli_command_launch  (int            argc,
                                          char         **argv);
int           tether_cli_command_kill    (int            argc,
                                          char         **argv);
int           tether_cli_command_monitor (int            argc,
                                          char         **argv);

G_END_DECLS
