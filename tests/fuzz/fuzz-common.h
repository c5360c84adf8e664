/* fuzz-common.h: what every libFuzzer target of tests/fuzz shares
 *
 * Each target is one LLVMFuzzerTestOneInput() over one engine parser. A crash, a sanitizer report,
 * a leak, a GLib critical or warning, or a failed invariant (FUZZ_CHECK) is a finding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* An invariant of the code under test: abort (a finding, with its input saved) when it fails. */
#define FUZZ_CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        fprintf (stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

/* GSlice would hide leaks from LeakSanitizer; criticals and warnings are findings too. */
static inline void
fuzz_init_glib (void)
{
  setenv ("G_SLICE", "always-malloc", 1);
  setenv ("G_DEBUG", "gc-friendly", 1);
  setenv ("LC_ALL", "C.UTF-8", 1);
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* A deterministic chunking from a seed: sizes 1..max_chunk. */
static inline gsize
fuzz_next_chunk (guint32 *state,
                 gsize    max_chunk)
{
  *state = *state * 1103515245u + 12345u;
  return 1 + (*state >> 16) % max_chunk;
}
