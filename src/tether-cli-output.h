/* tether-cli-output.h: how tether-cli reports, shared by its commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Prints "tether-cli: MESSAGE" on stderr; returns the failure exit status (1). */
int  tether_cli_fail       (const GError *error);
/* Prints @node as pretty JSON on stdout. */
void tether_cli_print_json (JsonNode     *node);

G_END_DECLS
