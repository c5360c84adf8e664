/* tether-process-list.h: the live process table of one server, refreshed by keyed diffs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-process.h"

G_BEGIN_DECLS

#define TETHER_TYPE_PROCESS_LIST (tether_process_list_get_type ())

G_DECLARE_FINAL_TYPE (TetherProcessList, tether_process_list, TETHER, PROCESS_LIST, GObject)

TetherProcessList *tether_process_list_new              (void);
void               tether_process_list_apply_snapshot   (TetherProcessList *self,
                                                         GPtrArray         *snapshot);
void               tether_process_list_apply_snapshot_at (TetherProcessList *self,
                                                          GPtrArray         *snapshot,
                                                          gint64             now_us);
void               tether_process_list_clear            (TetherProcessList *self);
TetherProcess     *tether_process_list_find             (TetherProcessList *self,
                                                         gint64             pid);
guint              tether_process_list_get_highlight_ms (TetherProcessList *self);
void               tether_process_list_set_highlight_ms (TetherProcessList *self,
                                                         guint              highlight_ms);
guint              tether_process_list_get_linger_ms    (TetherProcessList *self);
void               tether_process_list_set_linger_ms    (TetherProcessList *self,
                                                         guint              linger_ms);
guint              tether_process_list_get_n_processes  (TetherProcessList *self);
guint              tether_process_list_get_last_added   (TetherProcessList *self);
guint              tether_process_list_get_last_exited  (TetherProcessList *self);

G_END_DECLS
