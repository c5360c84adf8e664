/* tether-process-row.c: a row of TetherProcessList: its identity and its last listing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-process-row.h"

void
tether_process_row_free (gpointer data)
{
  Row *row = data;

  g_object_unref (row->process);
  g_free (row);
}

#define FP_MULTIPLIER G_GUINT64_CONSTANT (0xc6a4a7935bd1e995)
#define FP_SHIFT      47

/* One step of MurmurHash64A. */
static inline guint64
fingerprint_mix (guint64 hash,
                 guint64 word)
{
  word *= FP_MULTIPLIER;
  word ^= word >> FP_SHIFT;
  word *= FP_MULTIPLIER;
  hash ^= word;
  return hash * FP_MULTIPLIER;
}

static guint64
fingerprint_add_string (guint64     hash,
                        const char *string)
{
  gsize length;

  if (string == NULL)
    return fingerprint_mix (hash, G_MAXUINT64);   /* no string is that long */

  length = strlen (string);
  hash = fingerprint_mix (hash, length);   /* the length also separates the fields */
  for (; length >= sizeof (guint64); length -= sizeof (guint64), string += sizeof (guint64))
    {
      guint64 word;

      memcpy (&word, string, sizeof word);
      hash = fingerprint_mix (hash, word);
    }
  if (length > 0)
    {
      guint64 word = 0;

      memcpy (&word, string, length);
      hash = fingerprint_mix (hash, word);
    }

  return hash;
}

/* A 64-bit fingerprint of the listing properties start-ticks excepted: two different listings
 * share one with a probability of about 2^-64, the only way a change could go unseen. */
guint64
tether_process_row_fingerprint (TetherProcess *process)
{
  guint64 hash = G_GUINT64_CONSTANT (0x54657468657221);

  /* User and name are interned (TetherProcess): equal strings are one pointer. */
  hash = fingerprint_mix (hash, (guint64)(guintptr)tether_process_get_user (process));
  hash = fingerprint_mix (hash, (guint64)(guintptr)tether_process_get_name (process));
  hash = fingerprint_add_string (hash, tether_process_get_command_line (process));
  hash ^= hash >> FP_SHIFT;
  hash *= FP_MULTIPLIER;
  return hash ^ (hash >> FP_SHIFT);
}

/* A row's start time, once known, is part of its identity: it never changes. */
guint64
tether_process_row_get_start_ticks (Row *row)
{
  if (row->start_ticks == 0)
    row->start_ticks = tether_process_get_start_ticks (row->process);

  return row->start_ticks;
}

void
tether_process_row_set_presence (Row                   *row,
                                 TetherProcessPresence  presence)
{
  row->presence = presence;
  tether_process_set_presence (row->process, presence);
}

/* Whether @entry is another listing than the last one @row was given (then remembered), or
 * brings a start time the row lacks. Only the entry's strings are read: they are in the cache. */
gboolean
tether_process_row_listing_changed (Row           *row,
                                    TetherProcess *entry)
{
  guint64 fingerprint;

  if (entry == row->process)
    return FALSE;

  fingerprint = tether_process_row_fingerprint (entry);
  if (fingerprint != row->listing_fp)
    {
      row->listing_fp = fingerprint;
      return TRUE;
    }

  return tether_process_get_start_ticks (entry) != 0 &&
         tether_process_row_get_start_ticks (row) == 0;
}

/* Copies the listing properties of @entry into @row's process; returns what changed. */
ChangedProperties
tether_process_row_update (Row           *row,
                           TetherProcess *entry)
{
  TetherProcess *process = row->process;
  ChangedProperties changed = 0;
  const char *value;
  guint64 ticks;

  /* Interned: equal strings are one pointer. */
  value = tether_process_get_user (entry);
  if (value != tether_process_get_user (process))
    {
      tether_process_set_user (process, value);
      changed |= CHANGED_USER;
    }

  value = tether_process_get_name (entry);
  if (value != tether_process_get_name (process))
    {
      tether_process_set_name (process, value);
      changed |= CHANGED_NAME;
    }

  value = tether_process_get_command_line (entry);
  if (g_strcmp0 (value, tether_process_get_command_line (process)) != 0)
    {
      tether_process_set_command_line (process, value);
      changed |= CHANGED_COMMAND_LINE;
    }

  /* Only learnt: an entry that does not know the start time never makes it unknown again, and
   * a different known start time would have been another row. */
  ticks = tether_process_get_start_ticks (entry);
  if (ticks != 0 && tether_process_row_get_start_ticks (row) == 0)
    {
      row->start_ticks = ticks;
      tether_process_set_start_ticks (process, ticks);
      changed |= CHANGED_START_TICKS;
    }

  return changed;
}
