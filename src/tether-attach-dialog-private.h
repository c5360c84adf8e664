/* tether-attach-dialog-private.h: what the files of TetherAttachDialog share
 *
 * TetherAttachDialog is one class in two files: tether-attach-dialog.c (the dialog, by PID, the
 * pre-flight check and the attach) and tether-attach-dialog-find.c (by name, and waiting).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-attach-dialog.h"
#include "tether-process-watch.h"

G_BEGIN_DECLS

struct _TetherAttachDialog
{
  AdwWindow           parent_instance;

  /* Template widgets */
  GtkStack           *mode_stack;
  AdwEntryRow        *target_row;
  AdwComboRow        *rule_row;
  GtkWidget          *matches_group;
  GtkListBox         *matches_list;
  AdwEntryRow        *wait_row;
  AdwComboRow        *wait_rule_row;
  GtkSpinButton      *timeout_spin;
  GtkSwitch          *stop_switch;
  GtkWidget          *waiting_box;
  GtkSpinner         *waiting_spinner;
  GtkLabel           *waiting_label;
  GtkLabel           *explanation_label;
  GtkButton          *attach_button;

  /* Owned */
  TetherServer       *server;
  TetherProcess      *process;         /* the process list's selection, if any */
  GListStore         *matches;
  TetherProcessWatch *watch;
  GCancellable       *cancellable;     /* the job in progress (find, wait, attach) */
  GCancellable       *check_cancellable;
  char               *explanation;
  guint               check_source;
  gboolean            has_error;
  gboolean            busy;
};

void          _tether_attach_dialog_set_explanation  (TetherAttachDialog *self,
                                                      const char         *text,
                                                      gboolean            is_error);
void          _tether_attach_dialog_update_actions   (TetherAttachDialog *self);
void          _tether_attach_dialog_set_busy         (TetherAttachDialog *self,
                                                      gboolean            busy,
                                                      gboolean            waiting);
/* A new job (cancelling the last): its cancellable, owned by the dialog. */
GCancellable *_tether_attach_dialog_start_job        (TetherAttachDialog *self,
                                                      gboolean            waiting);
/* Checks what stands in the way, then attaches to @pid. */
void          _tether_attach_dialog_start_attach     (TetherAttachDialog *self,
                                                      gint64              pid);
/* Attaches at once (for a process that may live only a moment). */
void          _tether_attach_dialog_attach_now       (TetherAttachDialog *self,
                                                      TetherProcess      *process);

void          _tether_attach_dialog_start_find       (TetherAttachDialog *self,
                                                      const char         *name,
                                                      TetherMatchRule     rule);
void          _tether_attach_dialog_start_wait       (TetherAttachDialog *self);
GtkWidget    *_tether_attach_dialog_create_match_row (gpointer            item,
                                                      gpointer            user_data);
void          _tether_attach_dialog_match_activated_cb (GtkListBox       *list,
                                                      GtkListBoxRow      *row,
                                                      TetherAttachDialog *self);
void          _tether_attach_dialog_wait_changed_cb  (TetherAttachDialog *self);

G_END_DECLS
