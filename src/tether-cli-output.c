/* tether-cli-output.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "tether-cli-output.h"

int
tether_cli_fail (const GError *error)
{
  g_printerr ("tether-cli: %s\n", error->message);
  return EXIT_FAILURE;
}

void
tether_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}
