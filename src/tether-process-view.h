/* tether-process-view.h: the live process table (columns, cells, sorters, filter, selection)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tether-process-list.h"

G_BEGIN_DECLS

/* The columns, named after the TetherProcess properties they show, in their order on screen. */
#define TETHER_PROCESS_VIEW_COLUMNS \
  "pid", "user", "name", "command-line", "cpu-percent", "rss-bytes", "state", "threads", "start-time"

#define TETHER_TYPE_PROCESS_VIEW (tether_process_view_get_type ())

G_DECLARE_FINAL_TYPE (TetherProcessView, tether_process_view, TETHER, PROCESS_VIEW, GtkWidget)

GtkWidget          *tether_process_view_new                   (void);
TetherProcessList  *tether_process_view_get_process_list      (TetherProcessView  *self);
GtkColumnView      *tether_process_view_get_column_view       (TetherProcessView  *self);
GtkColumnViewColumn *tether_process_view_get_column           (TetherProcessView  *self,
                                                               const char         *id);
const char         *tether_process_view_get_filter_text       (TetherProcessView  *self);
void                tether_process_view_set_filter_text       (TetherProcessView  *self,
                                                               const char         *filter_text);
guint               tether_process_view_get_n_matching        (TetherProcessView  *self);
TetherProcess      *tether_process_view_get_selected_process  (TetherProcessView  *self);
/* The ids of the columns shown (see TETHER_PROCESS_VIEW_COLUMNS); unknown ids are ignored. */
char              **tether_process_view_dup_visible_columns   (TetherProcessView  *self);
void                tether_process_view_set_visible_columns   (TetherProcessView  *self,
                                                               const char * const *columns);
/* Whether any shown column needs details from /proc (CPU %, memory, state, threads, started). */
gboolean            tether_process_view_get_shows_details     (TetherProcessView  *self);
/* The processes whose rows are on screen now, and the selected one: those worth describing. */
GPtrArray          *tether_process_view_dup_shown_processes   (TetherProcessView  *self);
/* Details changed in place: re-sorts once if the table is sorted by a detail column. */
void                tether_process_view_details_changed       (TetherProcessView  *self);

G_END_DECLS
