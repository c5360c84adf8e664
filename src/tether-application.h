/* tether-application.h: the single-instance application, its actions and its window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TETHER_TYPE_APPLICATION (tether_application_get_type ())

/* glibc's M_MMAP_THRESHOLD for the app (set in main()): GtkSortListModel reallocates arrays of
 * n_items pointers on every change of a big list; with glibc's adaptive threshold they end up in
 * the heap and fragment it. A fixed 64 KiB keeps them in mmap()ed blocks, returned when freed:
 * at 50,000 rows this saves ~15 MB of RSS and a fifth of a sorted refresh's time (README). */
#define TETHER_MMAP_THRESHOLD (64 * 1024)

G_DECLARE_FINAL_TYPE (TetherApplication, tether_application, TETHER, APPLICATION, AdwApplication)

TetherApplication *tether_application_new (void);

G_END_DECLS
