/* main.c: the Tether desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tether-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TetherApplication) application = NULL;

#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, TETHER_MMAP_THRESHOLD);
#endif
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = tether_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
