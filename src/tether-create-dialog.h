/* tether-create-dialog.h: start a process on a server under the debugger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tether-server.h"
#include "tether-session.h"

G_BEGIN_DECLS

#define TETHER_TYPE_CREATE_DIALOG (tether_create_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TetherCreateDialog, tether_create_dialog, TETHER, CREATE_DIALOG, AdwWindow)

/**
 * TetherCreateDialog:
 * Program, arguments (one row each, with a preview of exactly what is sent), working directory
 * (checked on the server as you type), environment (the server's or empty, with variables set and
 * unset), stop at the first instruction, through a shell, without address randomization. Emits
 * ::created with the new session, then closes; a failure stays in the dialog.
 */
TetherCreateDialog  *tether_create_dialog_new              (GtkWindow          *parent,
                                                            TetherServer       *server);
void                 tether_create_dialog_set_program      (TetherCreateDialog *self,
                                                            const char         *program);
void                 tether_create_dialog_add_argument     (TetherCreateDialog *self,
                                                            const char         *argument);
void                 tether_create_dialog_set_cwd          (TetherCreateDialog *self,
                                                            const char         *cwd);
/* A row of the environment: set @name to @value; @value NULL: unset @name; @name NULL: a set
 * row whose text is @value as typed ("NAME=value"). */
void                 tether_create_dialog_add_variable     (TetherCreateDialog *self,
                                                            const char         *name,
                                                            const char         *value);
void                 tether_create_dialog_set_empty_environment (TetherCreateDialog *self,
                                                            gboolean            empty);
void                 tether_create_dialog_set_stopped      (TetherCreateDialog *self,
                                                            gboolean            stopped);
/* The options the dialog would start the process with, or NULL (and the reason) when its
 * contents are not valid. */
TetherCreateOptions *tether_create_dialog_dup_options      (TetherCreateDialog *self,
                                                            GError            **error);
const char          *tether_create_dialog_get_preview      (TetherCreateDialog *self);
/* What is wrong with the working directory (checked on the server), or NULL. */
const char          *tether_create_dialog_get_cwd_error    (TetherCreateDialog *self);
const char          *tether_create_dialog_get_explanation  (TetherCreateDialog *self);
gboolean             tether_create_dialog_get_can_start    (TetherCreateDialog *self);
gboolean             tether_create_dialog_get_busy         (TetherCreateDialog *self);

G_END_DECLS
