/* tether-create-options.h: how to start a process under the debugger (CreateProcess2's options)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  TETHER_ENVIRONMENT_INHERIT,  /* the server's own environment, then the changes */
  TETHER_ENVIRONMENT_EMPTY,    /* nothing but the variables set */
} TetherEnvironmentBase;

typedef struct _TetherCreateOptions TetherCreateOptions;

#define TETHER_TYPE_CREATE_OPTIONS (tether_create_options_get_type ())

GType                tether_create_options_get_type        (void) G_GNUC_CONST;
/* @argv: the program (a path on the server) and its arguments, passed exactly. */
TetherCreateOptions *tether_create_options_new             (const char * const   *argv);
TetherCreateOptions *tether_create_options_copy            (const TetherCreateOptions *self);
void                 tether_create_options_free            (TetherCreateOptions  *self);
void                 tether_create_options_set_cwd         (TetherCreateOptions  *self,
                                                            const char           *cwd);
void                 tether_create_options_set_environment_base (TetherCreateOptions *self,
                                                            TetherEnvironmentBase base);
void                 tether_create_options_setenv          (TetherCreateOptions  *self,
                                                            const char           *name,
                                                            const char           *value);
void                 tether_create_options_unsetenv        (TetherCreateOptions  *self,
                                                            const char           *name);
void                 tether_create_options_set_use_shell   (TetherCreateOptions  *self,
                                                            gboolean              use_shell);
void                 tether_create_options_set_disable_aslr (TetherCreateOptions *self,
                                                            gboolean              disable_aslr);
void                 tether_create_options_set_stopped     (TetherCreateOptions  *self,
                                                            gboolean              stopped);
const char * const  *tether_create_options_get_argv        (const TetherCreateOptions *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherCreateOptions, tether_create_options_free)

gboolean             tether_create_options_get_use_shell   (const TetherCreateOptions *self);
gboolean             tether_create_options_get_disable_aslr (const TetherCreateOptions *self);
gboolean             tether_create_options_get_stopped     (const TetherCreateOptions *self);
const char          *tether_create_options_get_cwd         (const TetherCreateOptions *self);
TetherEnvironmentBase tether_create_options_get_environment_base (const TetherCreateOptions *self);
/* "NAME=value" strings, in the order set (a later set of the same name replaces the earlier). */
GPtrArray           *tether_create_options_get_setenv      (const TetherCreateOptions *self);
GPtrArray           *tether_create_options_get_unsetenv    (const TetherCreateOptions *self);

/* gdbserver 13 passes an argument with a space, tab or newline only through a shell (so it needs
 * one), and its quoting for that shell loses empty arguments and single quotes. */
gboolean             tether_create_options_argument_needs_shell   (const char *argument);
gboolean             tether_create_options_argument_lost_in_shell (const char *argument);

G_END_DECLS
