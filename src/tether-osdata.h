/* tether-osdata.h: parsers for the XML documents gdbserver returns through qXfer
 *
 * Pure code: no I/O. Each parser reports errors as TETHER_ERROR_PROTOCOL with the position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Called once per <item>: @names[i] is a column's name attribute, @values[i] its text (entities
 * decoded). Both arrays are borrowed for the call only and NULL-terminated after @n_columns.
 * Return FALSE to stop parsing (no error). Items with no column are not reported; a column with no
 * name attribute is an error. Strings are UTF-8: invalid bytes in the document (gdbserver copies
 * command lines raw) become U+FFFD rather than failing the whole listing. */
typedef gboolean (*TetherOsdataItemFunc) (const char * const *names,
                                          const char * const *values,
                                          guint               n_columns,
                                          gpointer            user_data);

/* Parses a whole <osdata type="…"> document (qXfer:osdata:read:TYPE). Fails if the root's type is not
 * @expected_type (when non-NULL) or the XML is malformed. */
gboolean tether_osdata_parse (const char           *xml,
                              gsize                 len,
                              const char           *expected_type,
                              TetherOsdataItemFunc  func,
                              gpointer              user_data,
                              GError              **error);

typedef struct
{
  gint64  pid;       /* -1 if the id had no process part */
  gint64  tid;
  gint    core;      /* -1 if not given */
  char   *name;      /* NULL if not given */
} TetherThreadInfo;

/* Parses qXfer:threads:read's <threads><thread id="pP.T" core="N" name="…"/>…</threads> into a
 * GArray of TetherThreadInfo (with a clear func set). */
GArray  *tether_threads_xml_parse (const char  *xml,
                                   gsize        len,
                                   GError     **error);

G_END_DECLS
