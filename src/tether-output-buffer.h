/* tether-output-buffer.h: the last bytes a program wrote, bounded, dropping whole lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TetherOutputBuffer:
 * Raw program output (any bytes; not necessarily UTF-8), at most max_size bytes. When an append
 * goes over, the oldest whole lines are dropped (or, for one overlong line, its oldest bytes) and
 * counted in tether_output_buffer_get_dropped().
 */
typedef struct _TetherOutputBuffer TetherOutputBuffer;

TetherOutputBuffer *tether_output_buffer_new          (gsize                max_size);
void                tether_output_buffer_free         (TetherOutputBuffer  *self);
void                tether_output_buffer_append       (TetherOutputBuffer  *self,
                                                       const guint8        *data,
                                                       gsize                len);
/* The bytes held now, oldest first. */
GBytes             *tether_output_buffer_dup_bytes    (TetherOutputBuffer  *self);
gsize               tether_output_buffer_get_size     (TetherOutputBuffer  *self);
/* How many bytes were dropped to keep the bound, since creation or the last clear. */
guint64             tether_output_buffer_get_dropped  (TetherOutputBuffer  *self);
void                tether_output_buffer_clear        (TetherOutputBuffer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherOutputBuffer, tether_output_buffer_free)

G_END_DECLS
