/* tether-process-columns.h: the process table's columns: titles, cell text, sorters, cell factories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tether-process.h"

G_BEGIN_DECLS

#define TETHER_PROCESS_N_COLUMNS 9

typedef struct
{
  const char *id;           /* the TetherProcess property shown */
  const char *title;        /* untranslated (N_()) */
  int         fixed_width;  /* -1: the column expands */
  gboolean    numeric;      /* right-aligned, tabular figures */
  gboolean    detail;       /* filled by describe, not by the listing */
  char     *(*format)       (TetherProcess *process);   /* NULL: the string property itself */
} TetherProcessColumn;

/* The TETHER_PROCESS_N_COLUMNS columns, in their order on screen. */
const TetherProcessColumn *tether_process_columns_get            (guint                     *n_columns);
/* The text of @column's cell for @process; NULL for an unknown value. */
char                      *tether_process_column_format          (const TetherProcessColumn *column,
                                                                  TetherProcess             *process);
GtkSorter                 *tether_process_column_create_sorter   (const TetherProcessColumn *column);
/* Cells are GtkInscriptions showing their process's property, tinted when new and greyed when
 * exited. While bound, a cell is in @bound_cells with its process as its "tether-process" data;
 * they follow changes of the process when tether_process_column_update_cell() is called. */
GtkListItemFactory        *tether_process_column_create_factory  (const TetherProcessColumn *column,
                                                                  GHashTable                *bound_cells);

void                       tether_process_column_update_cell     (GtkWidget                 *cell);

G_END_DECLS
