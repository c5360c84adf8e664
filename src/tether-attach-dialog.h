/* tether-attach-dialog.h: attach to a process by PID or name, or wait for one to start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-server.h"
#include "tether-session.h"

G_BEGIN_DECLS

#define TETHER_TYPE_ATTACH_DIALOG (tether_attach_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TetherAttachDialog, tether_attach_dialog, TETHER, ATTACH_DIALOG, AdwWindow)

/**
 * TetherAttachDialog:
 * By process: a PID (checked as you type: what would make the attach fail is explained before
 * you try), or a program's name with one of the three match rules (several matches are listed
 * to choose from). Wait for a new process: a name or a regular expression on the command line,
 * with a timeout; the dialog shows that it waits and Cancel stops it. Emits ::attached with the
 * new session, then closes; a failure stays in the dialog, explained.
 */
TetherAttachDialog *tether_attach_dialog_new             (GtkWindow          *parent,
                                                          TetherServer       *server,
                                                          TetherProcess      *process);
TetherServer       *tether_attach_dialog_get_server      (TetherAttachDialog *self);
/* The text of the PID-or-name entry. */
void                tether_attach_dialog_set_target      (TetherAttachDialog *self,
                                                          const char         *target);
void                tether_attach_dialog_set_rule        (TetherAttachDialog *self,
                                                          TetherMatchRule     rule);
/* "process" or "wait" */
void                tether_attach_dialog_set_mode        (TetherAttachDialog *self,
                                                          const char         *mode);
/* The wait's pattern; @regex: a regular expression on the command line, else a file name. */
void                tether_attach_dialog_set_wait_pattern (TetherAttachDialog *self,
                                                          const char         *pattern,
                                                          gboolean            regex);
void                tether_attach_dialog_set_timeout     (TetherAttachDialog *self,
                                                          guint               seconds);
void                tether_attach_dialog_set_stop        (TetherAttachDialog *self,
                                                          gboolean            stop);
/* What stands in the way, or what happened; NULL when there is nothing to say. */
const char         *tether_attach_dialog_get_explanation (TetherAttachDialog *self);
gboolean            tether_attach_dialog_get_has_error   (TetherAttachDialog *self);
gboolean            tether_attach_dialog_get_waiting     (TetherAttachDialog *self);
gboolean            tether_attach_dialog_get_busy        (TetherAttachDialog *self);
/* The processes to choose from when a name matched several: a GListModel of TetherProcess. */
GListModel         *tether_attach_dialog_get_matches     (TetherAttachDialog *self);

G_END_DECLS
