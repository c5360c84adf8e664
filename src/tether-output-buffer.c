/* tether-output-buffer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-output-buffer.h"

struct _TetherOutputBuffer
{
  GByteArray *bytes;
  gsize       max_size;
  guint64     dropped;
};

TetherOutputBuffer *
tether_output_buffer_new (gsize max_size)
{
  TetherOutputBuffer *self;

  g_return_val_if_fail (max_size > 0, NULL);

  self = g_new0 (TetherOutputBuffer, 1);
  self->bytes = g_byte_array_new ();
  self->max_size = max_size;
  return self;
}

void
tether_output_buffer_free (TetherOutputBuffer *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->bytes);
  g_free (self);
}

void
tether_output_buffer_append (TetherOutputBuffer *self,
                             const guint8       *data,
                             gsize               len)
{
  gsize excess;
  gsize cut;
  const guint8 *newline;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);

  /* More than the whole bound at once: only its tail can stay. */
  if (len > self->max_size)
    {
      self->dropped += self->bytes->len + (len - self->max_size);
      g_byte_array_set_size (self->bytes, 0);
      data += len - self->max_size;
      len = self->max_size;
    }
  g_byte_array_append (self->bytes, data, len);
  if (self->bytes->len <= self->max_size)
    return;

  /* Drop up to the end of the line the bound falls in, so that what stays starts a line. */
  excess = self->bytes->len - self->max_size;
  newline = memchr (self->bytes->data + excess, '\n', self->bytes->len - excess);
  cut = newline != NULL ? (gsize)(newline - self->bytes->data) + 1 : excess;
  g_byte_array_remove_range (self->bytes, 0, cut);
  self->dropped += cut;
}

GBytes *
tether_output_buffer_dup_bytes (TetherOutputBuffer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_bytes_new (self->bytes->data, self->bytes->len);
}

gsize
tether_output_buffer_get_size (TetherOutputBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes->len;
}

guint64
tether_output_buffer_get_dropped (TetherOutputBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->dropped;
}

void
tether_output_buffer_clear (TetherOutputBuffer *self)
{
  g_return_if_fail (self != NULL);

  g_byte_array_set_size (self->bytes, 0);
  self->dropped = 0;
}
