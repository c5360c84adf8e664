/* tether-create-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-create-options.h"

struct _TetherCreateOptions
{
  char                 **argv;
  char                  *cwd;
  TetherEnvironmentBase  environment_base;
  GPtrArray             *setenv;    /* "NAME=value" */
  GPtrArray             *unsetenv;  /* "NAME" */
  gboolean               use_shell;
  gboolean               disable_aslr;
  gboolean               stopped;
};

G_DEFINE_BOXED_TYPE (TetherCreateOptions, tether_create_options,
                     tether_create_options_copy, tether_create_options_free)

TetherCreateOptions *
tether_create_options_new (const char * const *argv)
{
  TetherCreateOptions *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  self = g_new0 (TetherCreateOptions, 1);
  self->argv = g_strdupv ((char **)argv);
  self->setenv = g_ptr_array_new_with_free_func (g_free);
  self->unsetenv = g_ptr_array_new_with_free_func (g_free);
  self->stopped = TRUE;
  self->disable_aslr = TRUE;
  return self;
}

static GPtrArray *
copy_strings (GPtrArray *array)
{
  GPtrArray *copy = g_ptr_array_new_full (array->len, g_free);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (array, i)));
  return copy;
}

TetherCreateOptions *
tether_create_options_copy (const TetherCreateOptions *self)
{
  TetherCreateOptions *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TetherCreateOptions, 1);
  copy->argv = g_strdupv (self->argv);
  copy->cwd = g_strdup (self->cwd);
  copy->environment_base = self->environment_base;
  copy->setenv = copy_strings (self->setenv);
  copy->unsetenv = copy_strings (self->unsetenv);
  copy->use_shell = self->use_shell;
  copy->disable_aslr = self->disable_aslr;
  copy->stopped = self->stopped;
  return copy;
}

void
tether_create_options_free (TetherCreateOptions *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->argv);
  g_free (self->cwd);
  g_ptr_array_unref (self->setenv);
  g_ptr_array_unref (self->unsetenv);
  g_free (self);
}

void
tether_create_options_set_cwd (TetherCreateOptions *self,
                               const char          *cwd)
{
  g_return_if_fail (self != NULL);

  g_free (self->cwd);
  self->cwd = cwd != NULL && *cwd != '\0' ? g_strdup (cwd) : NULL;
}

void
tether_create_options_set_environment_base (TetherCreateOptions   *self,
                                            TetherEnvironmentBase  base)
{
  g_return_if_fail (self != NULL);

  self->environment_base = base;
}

static void
remove_name (GPtrArray  *array,
             const char *name,
             gboolean    with_value)
{
  gsize len = strlen (name);

  for (guint i = array->len; i > 0; i--)
    {
      const char *item = g_ptr_array_index (array, i - 1);

      if (strncmp (item, name, len) == 0 && item[len] == (with_value ? '=' : '\0'))
        g_ptr_array_remove_index (array, i - 1);
    }
}

void
tether_create_options_setenv (TetherCreateOptions *self,
                              const char          *name,
                              const char          *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0' && strchr (name, '=') == NULL);
  g_return_if_fail (value != NULL);

  remove_name (self->setenv, name, TRUE);
  remove_name (self->unsetenv, name, FALSE);
  g_ptr_array_add (self->setenv, g_strconcat (name, "=", value, NULL));
}

void
tether_create_options_unsetenv (TetherCreateOptions *self,
                                const char          *name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0' && strchr (name, '=') == NULL);

  remove_name (self->setenv, name, TRUE);
  remove_name (self->unsetenv, name, FALSE);
  g_ptr_array_add (self->unsetenv, g_strdup (name));
}

void
tether_create_options_set_use_shell (TetherCreateOptions *self,
                                     gboolean             use_shell)
{
  g_return_if_fail (self != NULL);

  self->use_shell = !!use_shell;
}

void
tether_create_options_set_disable_aslr (TetherCreateOptions *self,
                                        gboolean             disable_aslr)
{
  g_return_if_fail (self != NULL);

  self->disable_aslr = !!disable_aslr;
}

void
tether_create_options_set_stopped (TetherCreateOptions *self,
                                   gboolean             stopped)
{
  g_return_if_fail (self != NULL);

  self->stopped = !!stopped;
}

const char * const *
tether_create_options_get_argv (const TetherCreateOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->argv;
}

gboolean
tether_create_options_get_use_shell (const TetherCreateOptions *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->use_shell;
}

gboolean
tether_create_options_get_disable_aslr (const TetherCreateOptions *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->disable_aslr;
}

gboolean
tether_create_options_get_stopped (const TetherCreateOptions *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->stopped;
}

const char *
tether_create_options_get_cwd (const TetherCreateOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cwd;
}

TetherEnvironmentBase
tether_create_options_get_environment_base (const TetherCreateOptions *self)
{
  g_return_val_if_fail (self != NULL, TETHER_ENVIRONMENT_INHERIT);

  return self->environment_base;
}

GPtrArray *
tether_create_options_get_setenv (const TetherCreateOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->setenv;
}

GPtrArray *
tether_create_options_get_unsetenv (const TetherCreateOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->unsetenv;
}

gboolean
tether_create_options_argument_needs_shell (const char *argument)
{
  g_return_val_if_fail (argument != NULL, FALSE);

  /* Without a shell, gdbserver joins the arguments with spaces and splits them again at spaces,
   * tabs and newlines (breakup_args() in gdb/nat/fork-inferior.c): those, and only those, would
   * cut an argument in two. */
  return strpbrk (argument, " \t\n") != NULL;
}

gboolean
tether_create_options_argument_lost_in_shell (const char *argument)
{
  g_return_val_if_fail (argument != NULL, FALSE);

  return argument[0] == '\0' || strchr (argument, '\'') != NULL;
}
