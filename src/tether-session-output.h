/* tether-session-output.h: a session's program output, as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-session.h"

G_BEGIN_DECLS

/* The view keeps about this many characters; the oldest lines go first. */
#define TETHER_SESSION_OUTPUT_MAX_CHARS (256 * 1024)

#define TETHER_TYPE_SESSION_OUTPUT (tether_session_output_get_type ())

G_DECLARE_FINAL_TYPE (TetherSessionOutput, tether_session_output, TETHER, SESSION_OUTPUT, AdwBin)

GtkWidget     *tether_session_output_new           (TetherSession        *session);
TetherSession *tether_session_output_get_session   (TetherSessionOutput  *self);
/* TRUE when the server forwards program output (lldb-server); else the widget says where it goes. */
gboolean       tether_session_output_get_available (TetherSessionOutput  *self);
/* The text shown: valid UTF-8, LF line ends. */
char          *tether_session_output_dup_text      (TetherSessionOutput  *self);
/* Empties the view and the session's kept output. */
void           tether_session_output_clear         (TetherSessionOutput  *self);

/* @data as display text: CR LF → LF, invalid UTF-8 replaced. A trailing CR or an incomplete UTF-8
 * sequence is left in @pending (prepended next time) so that pieces split anywhere read the same. */
char          *tether_session_output_decode        (GByteArray           *pending,
                                                    const guint8         *data,
                                                    gsize                 len);

G_END_DECLS
