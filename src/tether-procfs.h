/* tether-procfs.h: parsers for the /proc files the engine reads through the server's host I/O
 *
 * Pure code: no I/O. Text comes from a remote machine: never trust it, never crash on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64   pid;
  char    *comm;             /* between the first '(' and the LAST ')'; made valid UTF-8 */
  char     state;            /* 'R', 'S', 'D', 't', 'T', 'Z', 'X', 'I', … */
  gint64   ppid;
  guint64  utime_ticks;
  guint64  stime_ticks;
  gint64   num_threads;
  guint64  start_time_ticks; /* since boot, in clock ticks */
  guint64  vsize_bytes;
  gint64   rss_pages;
} TetherProcStat;

/* /proc/PID/stat. The comm field may contain spaces and ')' characters. */
gboolean tether_proc_stat_parse   (const char      *text,
                                   gsize            len,
                                   TetherProcStat  *out,
                                   GError         **error);
void     tether_proc_stat_clear   (TetherProcStat  *stat);

typedef struct
{
  char    *name;             /* NULL if missing; kernel escapes (\n, \\) undone; valid UTF-8 */
  char     state;            /* 0 if missing */
  gint64   ppid;
  gint64   tracer_pid;
  gint64   uid_real;         /* -1 if missing */
  gint64   uid_effective;
  gint64   threads;
  guint64  vm_rss_bytes;     /* 0 for kernel threads */
} TetherProcStatus;

/* /proc/PID/status: "Key:\tvalue" lines; unknown keys are ignored, missing ones left at -1 / 0. */
gboolean tether_proc_status_parse (const char        *text,
                                   gsize              len,
                                   TetherProcStatus  *out,
                                   GError           **error);
void     tether_proc_status_clear (TetherProcStatus  *status);

/* /proc/PID/cmdline: NUL-separated argv (a trailing NUL is optional). Returns an empty vector for an
 * empty file (a kernel thread or a zombie). Arguments that are not UTF-8 are kept as they are. Only
 * the final NUL is a terminator: other NULs separate arguments, even empty ones ("a\0\0" is
 * {"a", ""}), so padding left by a process that rewrote its argv shows as empty arguments. */
char   **tether_proc_cmdline_parse (const guint8 *data,
                                    gsize         len);

/* The "btime" line of /proc/stat: boot time in seconds since the epoch. */
gboolean tether_proc_boot_time_parse (const char *text,
                                      gsize       len,
                                      guint64    *btime);

/* /etc/passwd into a table of uid (GINT_TO_POINTER) -> user name (char *). Bad lines, and uids
 * above G_MAXINT, are skipped; the first line for a uid wins. */
GHashTable *tether_passwd_parse (const char *text,
                                 gsize       len);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TetherProcStat, tether_proc_stat_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TetherProcStatus, tether_proc_status_clear)

G_END_DECLS
