/* test-create-options.c: TetherCreateOptions, how a process is to be started
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tether-create-options.h"

static char *
join (GPtrArray *strings)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", (char *)g_ptr_array_index (strings, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_create_options_defaults (void)
{
  const char * const argv[] = { "/bin/echo", "a b", "", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);

  /* The argv is copied, exactly: spaces and empty arguments stay as they are. */
  g_assert_cmpstrv (tether_create_options_get_argv (options), argv);
  g_assert_true (tether_create_options_get_argv (options) != argv);
  g_assert_null (tether_create_options_get_cwd (options));
  g_assert_cmpint (tether_create_options_get_environment_base (options), ==,
                   TETHER_ENVIRONMENT_INHERIT);
  g_assert_cmpuint (tether_create_options_get_setenv (options)->len, ==, 0);
  g_assert_cmpuint (tether_create_options_get_unsetenv (options)->len, ==, 0);
  /* A debugger's defaults: stopped at the first instruction, without address randomization. */
  g_assert_true (tether_create_options_get_stopped (options));
  g_assert_true (tether_create_options_get_disable_aslr (options));
  g_assert_false (tether_create_options_get_use_shell (options));
}

static void
test_create_options_environment (void)
{
  const char * const argv[] = { "/usr/bin/env", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autofree char *set = NULL;
  g_autofree char *unset = NULL;

  tether_create_options_setenv (options, "A", "1");
  tether_create_options_setenv (options, "AB", "x=y");
  tether_create_options_unsetenv (options, "LANG");
  tether_create_options_setenv (options, "EMPTY", "");
  /* A later set of the same name replaces the earlier, and moves to the end; a set undoes an
   * unset of the same name and the other way round, so each name is in one list at most. */
  tether_create_options_setenv (options, "A", "2");
  tether_create_options_setenv (options, "LANG", "C");
  tether_create_options_unsetenv (options, "AB");

  set = join (tether_create_options_get_setenv (options));
  unset = join (tether_create_options_get_unsetenv (options));
  g_assert_cmpstr (set, ==, "EMPTY= A=2 LANG=C");
  g_assert_cmpstr (unset, ==, "AB");

  tether_create_options_set_environment_base (options, TETHER_ENVIRONMENT_EMPTY);
  g_assert_cmpint (tether_create_options_get_environment_base (options), ==,
                   TETHER_ENVIRONMENT_EMPTY);
}

static void
test_create_options_copy (void)
{
  const char * const argv[] = { "/bin/sleep", "5", NULL };
  g_autoptr(TetherCreateOptions) options = tether_create_options_new (argv);
  g_autoptr(TetherCreateOptions) copy = NULL;
  g_autofree char *set = NULL;

  tether_create_options_set_cwd (options, "/tmp/a dir");
  tether_create_options_setenv (options, "X", "1");
  tether_create_options_unsetenv (options, "Y");
  tether_create_options_set_use_shell (options, TRUE);
  tether_create_options_set_disable_aslr (options, FALSE);
  tether_create_options_set_stopped (options, FALSE);
  tether_create_options_set_environment_base (options, TETHER_ENVIRONMENT_EMPTY);

  copy = g_boxed_copy (TETHER_TYPE_CREATE_OPTIONS, options);
  /* A deep copy: changing the original afterwards leaves it alone. */
  tether_create_options_setenv (options, "X", "2");
  tether_create_options_set_cwd (options, NULL);

  g_assert_cmpstrv (tether_create_options_get_argv (copy), argv);
  g_assert_cmpstr (tether_create_options_get_cwd (copy), ==, "/tmp/a dir");
  set = join (tether_create_options_get_setenv (copy));
  g_assert_cmpstr (set, ==, "X=1");
  g_assert_cmpuint (tether_create_options_get_unsetenv (copy)->len, ==, 1);
  g_assert_true (tether_create_options_get_use_shell (copy));
  g_assert_false (tether_create_options_get_disable_aslr (copy));
  g_assert_false (tether_create_options_get_stopped (copy));
  g_assert_cmpint (tether_create_options_get_environment_base (copy), ==,
                   TETHER_ENVIRONMENT_EMPTY);
}

/* gdbserver 13's rule: a space, tab or newline needs its shell; the shell's quoting loses empty
 * arguments and single quotes. */
static void
test_create_options_shell_rule (void)
{
  static const struct
  {
    const char *argument;
    gboolean    needs_shell;
    gboolean    lost;
  } cases[] = {
    { "plain", FALSE, FALSE },
    { "two words", TRUE, FALSE },
    { "tab\there", TRUE, FALSE },
    { "line\nbreak", TRUE, FALSE },
    /* gdbserver splits at spaces, tabs and newlines only. */
    { "vertical\vtab", FALSE, FALSE },
    { "carriage\rreturn", FALSE, FALSE },
    { "", FALSE, TRUE },
    { "it's", FALSE, TRUE },
    { "it's here", TRUE, TRUE },
    { "\"double\"", FALSE, FALSE },
    { "caf\xc3\xa9", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("argument “%s”", cases[i].argument);
      g_assert_cmpint (tether_create_options_argument_needs_shell (cases[i].argument), ==,
                       cases[i].needs_shell);
      g_assert_cmpint (tether_create_options_argument_lost_in_shell (cases[i].argument), ==,
                       cases[i].lost);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/create-options/defaults", test_create_options_defaults);
  g_test_add_func ("/create-options/environment", test_create_options_environment);
  g_test_add_func ("/create-options/copy", test_create_options_copy);
  g_test_add_func ("/create-options/shell-rule", test_create_options_shell_rule);

  return g_test_run ();
}
