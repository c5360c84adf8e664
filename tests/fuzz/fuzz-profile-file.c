/* fuzz-profile-file.c: loading a profiles file (profiles.json)
 *
 * Input: the bytes of a profiles file (byte 0 says whether the built-in profile is asked for).
 * They are written to a private temporary directory made for this run, never near the user's own
 * profiles, and read with tether_profile_file_read(), as the store loads its file. Invariants: an
 * error comes with every failure and with no success; a loaded file saves (serialize) to text that
 * loads again into equal profiles and saves to the same text; the built-in profile comes first
 * when asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "tether-error.h"
#include "tether-profile-file.h"

static char *work_dir;

static void
remove_work_dir (void)
{
  g_autofree char *input = g_build_filename (work_dir, "profiles.json", NULL);
  g_autofree char *saved = g_build_filename (work_dir, "saved.json", NULL);

  g_unlink (input);
  g_unlink (saved);
  g_rmdir (work_dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *template = NULL;

  fuzz_init_glib ();
  /* Nothing may reach the user's configuration, even by mistake. */
  template = g_build_filename (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm"
                                                                         : g_get_tmp_dir (),
                               "tether-fuzz-profiles-XXXXXX", NULL);
  work_dir = g_mkdtemp (template) != NULL ? g_steal_pointer (&template) : NULL;
  FUZZ_CHECK (work_dir != NULL);
  atexit (remove_work_dir);
  return 0;
}

static GFile *
write_file (const char   *name,
            const guint8 *data,
            gsize         size)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *)data, size, &error))
    {
      fprintf (stderr, "could not write %s: %s\n", path, error->message);
      abort ();
    }
  return g_file_new_for_path (path);
}

static TetherProfileFileRead
read_file (GFile                      *file,
           gboolean                    with_builtin,
           TetherProfileFileContents **contents)
{
  g_autoptr(GError) error = NULL;
  TetherProfileFileRead result = tether_profile_file_read (file, NULL, with_builtin, contents,
                                                           &error);

  if (result == TETHER_PROFILE_FILE_OK)
    {
      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (*contents != NULL && (*contents)->profiles != NULL);
      FUZZ_CHECK ((*contents)->checksum != NULL);
    }
  else
    {
      FUZZ_CHECK (*contents == NULL);
      FUZZ_CHECK (error != NULL && error->message[0] != '\0');
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
    }
  return result;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TetherProfileFileContents) contents = NULL;
  g_autoptr(TetherProfileFileContents) reloaded = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  gboolean with_builtin;

  if (size < 1)
    return 0;

  with_builtin = data[0] & 1;
  input = write_file ("profiles.json", data + 1, size - 1);
  if (read_file (input, with_builtin, &contents) != TETHER_PROFILE_FILE_OK)
    return 0;

  if (with_builtin)
    {
      FUZZ_CHECK (contents->profiles->len >= 1);
      FUZZ_CHECK (tether_profile_get_is_builtin (g_ptr_array_index (contents->profiles, 0)));
    }

  /* What was loaded saves, and loads back the same. */
  text = tether_profile_file_serialize (contents->profiles, contents->extra);
  FUZZ_CHECK (text != NULL && g_utf8_validate (text, -1, NULL));
  saved = write_file ("saved.json", (const guint8 *)text, strlen (text));
  if (read_file (saved, with_builtin, &reloaded) != TETHER_PROFILE_FILE_OK)
    {
      fprintf (stderr, "a loaded file saved as text that does not load:\n%s\n", text);
      abort ();
    }
  FUZZ_CHECK (reloaded->profiles->len == contents->profiles->len);
  for (guint i = 0; i < contents->profiles->len; i++)
    FUZZ_CHECK (tether_profile_equal (g_ptr_array_index (contents->profiles, i),
                                      g_ptr_array_index (reloaded->profiles, i)));
  text_again = tether_profile_file_serialize (reloaded->profiles, reloaded->extra);
  FUZZ_CHECK (strcmp (text, text_again) == 0);

  return 0;
}
