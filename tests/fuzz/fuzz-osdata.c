/* fuzz-osdata.c: the osdata and threads XML parsers (qXfer replies)
 *
 * Input: byte 0 picks the expected document type and when the item callback stops the parse; the
 * rest is the XML a server sent. Invariants: a failure sets an error with a message, a success
 * sets none; every item has named columns whose names and values are valid UTF-8; parsing stops
 * when the callback says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tether-osdata.h"

typedef struct
{
  guint items;
  guint stop_after;   /* 0: never stop */
} Items;

static gboolean
item_cb (const char * const *names,
         const char * const *values,
         guint               n_columns,
         gpointer            user_data)
{
  Items *items = user_data;

  FUZZ_CHECK (items->stop_after == 0 || items->items < items->stop_after);
  FUZZ_CHECK (n_columns > 0);
  FUZZ_CHECK (names[n_columns] == NULL && values[n_columns] == NULL);
  for (guint i = 0; i < n_columns; i++)
    {
      FUZZ_CHECK (names[i] != NULL && values[i] != NULL);
      FUZZ_CHECK (g_utf8_validate (names[i], -1, NULL));
      FUZZ_CHECK (g_utf8_validate (values[i], -1, NULL));
    }

  items->items++;
  return items->stop_after == 0 || items->items < items->stop_after;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const types[] = { NULL, "processes", "threads", "cpus" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) threads = NULL;
  Items items = { 0 };
  const char *xml;
  gsize len;
  gboolean ok;

  if (size < 1)
    return 0;

  xml = (const char *)data + 1;
  len = size - 1;
  items.stop_after = (data[0] >> 2) % 8;

  ok = tether_osdata_parse (xml, len, types[data[0] % G_N_ELEMENTS (types)], item_cb, &items,
                            &error);
  FUZZ_CHECK (ok == (error == NULL));
  if (!ok)
    FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
  g_clear_error (&error);

  threads = tether_threads_xml_parse (xml, len, &error);
  FUZZ_CHECK ((threads != NULL) == (error == NULL));
  if (threads != NULL)
    {
      for (guint i = 0; i < threads->len; i++)
        {
          TetherThreadInfo *info = &g_array_index (threads, TetherThreadInfo, i);

          FUZZ_CHECK (info->core >= -1);
          FUZZ_CHECK (info->name == NULL || g_utf8_validate (info->name, -1, NULL));
        }
    }

  return 0;
}
