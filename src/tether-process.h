/* tether-process.h: one process on a process server, as the list and the details show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * TetherProcessPresence:
 * @TETHER_PROCESS_PRESENCE_NEW: appeared in the latest refreshes; the view highlights it for a moment
 * @TETHER_PROCESS_PRESENCE_PRESENT: listed by the server
 * @TETHER_PROCESS_PRESENCE_EXITED: no longer listed; the view greys it out until the list drops it
 *
 * Where a process stands in the live list (see TetherProcessList).
 */
typedef enum
{
  TETHER_PROCESS_PRESENCE_NEW,
  TETHER_PROCESS_PRESENCE_PRESENT,
  TETHER_PROCESS_PRESENCE_EXITED,
} TetherProcessPresence;

#define TETHER_TYPE_PROCESS_PRESENCE (tether_process_presence_get_type ())
GType tether_process_presence_get_type (void) G_GNUC_CONST;

#define TETHER_TYPE_PROCESS (tether_process_get_type ())

G_DECLARE_FINAL_TYPE (TetherProcess, tether_process, TETHER, PROCESS, GObject)

/**
 * TetherProcess:
 * What the server told about a process. The listing fills pid, user, command-line and name; details from
 * /proc (tether_server_describe_process_async()) fill the rest and set has-details. Unknown numbers are
 * -1 (or 0 for times and sizes); unknown strings are NULL. Every field is a property so views bind to it.
 */
/* @pid: 0 to G_MAXUINT32 (any system's pid fits; the row stays 64 bytes) */
TetherProcess *tether_process_new               (gint64          pid);
gint64         tether_process_get_pid           (TetherProcess  *self);
const char    *tether_process_get_user          (TetherProcess  *self);
void           tether_process_set_user          (TetherProcess  *self,
                                                 const char     *user);
const char    *tether_process_get_name          (TetherProcess  *self);
void           tether_process_set_name          (TetherProcess  *self,
                                                 const char     *name);
const char    *tether_process_get_command_line  (TetherProcess  *self);
void           tether_process_set_command_line  (TetherProcess  *self,
                                                 const char     *command_line);
const char * const *tether_process_get_argv     (TetherProcess  *self);
void           tether_process_set_argv          (TetherProcess  *self,
                                                 const char * const *argv);
const char    *tether_process_get_exe           (TetherProcess  *self);
void           tether_process_set_exe           (TetherProcess  *self,
                                                 const char     *exe);
gint64         tether_process_get_ppid          (TetherProcess  *self);
void           tether_process_set_ppid          (TetherProcess  *self,
                                                 gint64          ppid);
gint64         tether_process_get_uid           (TetherProcess  *self);
void           tether_process_set_uid           (TetherProcess  *self,
                                                 gint64          uid);
const char    *tether_process_get_state         (TetherProcess  *self);
void           tether_process_set_state         (TetherProcess  *self,
                                                 const char     *state);
gint64         tether_process_get_threads       (TetherProcess  *self);
void           tether_process_set_threads       (TetherProcess  *self,
                                                 gint64          threads);
guint64        tether_process_get_rss_bytes     (TetherProcess  *self);
void           tether_process_set_rss_bytes     (TetherProcess  *self,
                                                 guint64         rss_bytes);
guint64        tether_process_get_cpu_time_ms   (TetherProcess  *self);
void           tether_process_set_cpu_time_ms   (TetherProcess  *self,
                                                 guint64         cpu_time_ms);
double         tether_process_get_cpu_percent   (TetherProcess  *self);
void           tether_process_set_cpu_percent   (TetherProcess  *self,
                                                 double          cpu_percent);
guint64        tether_process_get_start_ticks   (TetherProcess  *self);
void           tether_process_set_start_ticks   (TetherProcess  *self,
                                                 guint64         start_ticks);
gint64         tether_process_get_start_time    (TetherProcess  *self);
void           tether_process_set_start_time    (TetherProcess  *self,
                                                 gint64          start_time);
gint64         tether_process_get_tracer_pid    (TetherProcess  *self);
void           tether_process_set_tracer_pid    (TetherProcess  *self,
                                                 gint64          tracer_pid);
gboolean       tether_process_get_has_details   (TetherProcess  *self);
void           tether_process_set_has_details   (TetherProcess  *self,
                                                 gboolean        has_details);
TetherProcessPresence tether_process_get_presence (TetherProcess *self);
void           tether_process_set_presence      (TetherProcess  *self,
                                                 TetherProcessPresence presence);

/* Orders by the listing's strings (strcmp(), NULL first), for the process table's sorters: no
 * type checks, as a sort of 50,000 rows makes a million of these calls. */
int            tether_process_compare_user         (TetherProcess  *a,
                                                    TetherProcess  *b);
int            tether_process_compare_name         (TetherProcess  *a,
                                                    TetherProcess  *b);
int            tether_process_compare_command_line (TetherProcess  *a,
                                                    TetherProcess  *b);
/* Ascending PIDs, for g_ptr_array_sort() of TetherProcess pointers. */
int            tether_process_compare_pids         (gconstpointer   a,
                                                    gconstpointer   b);

/* Finding by executable name (tether_server_find_process_async(), TetherProcessWatch). */
/* Could this listed process run @name? Its command line has @name's file name, ending a path or
 * standing alone, followed by a space or the end. */
gboolean       tether_process_may_run              (TetherProcess  *self,
                                                    const char     *name);
/* Does it run @name? Its executable's path when the server may read it (argv[0] otherwise) is
 * @name, or, unless @whole_path, ends in "/" and @name. */
gboolean       tether_process_runs                 (TetherProcess  *self,
                                                    const char     *name,
                                                    gboolean        whole_path);

G_END_DECLS
