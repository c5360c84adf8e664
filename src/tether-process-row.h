/* tether-process-row.h: a row of TetherProcessList (private to it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-process.h"

G_BEGIN_DECLS

typedef struct _Row Row;

/* At 50,000 rows the cost of a refresh is memory traffic: the strings of the rows, scattered over
 * the heap, cost more to read than all the rest of the diff. So a row keeps a fingerprint of the
 * listing it was last given and compares the next listing with that, not with the process's
 * strings; and the passes after matching read only rows, so the presence (owned by the list) is
 * cached here too. */
struct _Row
{
  gint64                 pid;          /* the index key, equal to the process's pid */
  guint64                start_ticks;  /* the process's once known (then fixed); 0: ask it */
  guint64                listing_fp;   /* tether_process_row_fingerprint() of the last listing */
  Row                   *next;         /* the next row with the same pid, newest first */
  gint64                 since_us;     /* when the row became new or exited */
  guint                  serial;       /* the last snapshot that listed this row */
  TetherProcessPresence  presence;     /* the process's, cached */
  TetherProcess         *process;      /* owned */
};

typedef enum
{
  CHANGED_USER         = 1 << 0,
  CHANGED_NAME         = 1 << 1,
  CHANGED_COMMAND_LINE = 1 << 2,
  CHANGED_START_TICKS  = 1 << 3,
  CHANGED_PRESENCE     = 1 << 4,
} ChangedProperties;

void              tether_process_row_free              (gpointer       data);
guint64           tether_process_row_fingerprint       (TetherProcess *process);
guint64           tether_process_row_get_start_ticks   (Row           *row);
void              tether_process_row_set_presence      (Row           *row,
                                                        TetherProcessPresence presence);
gboolean          tether_process_row_listing_changed   (Row           *row,
                                                        TetherProcess *entry);
ChangedProperties tether_process_row_update            (Row           *row,
                                                        TetherProcess *entry);

G_END_DECLS
