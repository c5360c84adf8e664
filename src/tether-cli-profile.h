/* tether-cli-profile.h: "tether-cli profile …", the saved connection profiles from a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-profile.h"

G_BEGIN_DECLS

/*
 * @argv[0] is "profile" and @argv[1] the subcommand: list, show, add, edit, remove, import, export.
 * Returns the exit status: 0 success, 1 failure (message on stderr), 2 usage error.
 */
int            tether_cli_profile_main   (int          argc,
                                          char       **argv,
                                          gboolean     json);

/* Loads the default profiles file and finds a profile by id, or by name ignoring case. */
TetherProfile *tether_cli_profile_lookup (const char  *name_or_id,
                                          GError     **error);

/* Warns on stderr when @server is a plain tcp: to a host that is not loopback: gdbserver has no
 * authentication. Says nothing for a string that does not parse (the caller reports that). */
void           tether_cli_warn_if_unauthenticated (const char *server);

G_END_DECLS
