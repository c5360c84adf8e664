/* tether-profile-file.h: reads and writes files in the profiles.json format, safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-profile.h"

G_BEGIN_DECLS

typedef enum
{
  TETHER_PROFILE_FILE_OK,         /* read and parsed */
  TETHER_PROFILE_FILE_SAME,       /* its bytes have the checksum given: not parsed again */
  TETHER_PROFILE_FILE_MISSING,    /* no such file (or a parent is a file) */
  TETHER_PROFILE_FILE_FAILED,     /* could not be read */
  TETHER_PROFILE_FILE_TOO_LARGE,  /* over TETHER_PROFILE_STORE_MAX_FILE_SIZE: not read whole */
  TETHER_PROFILE_FILE_CORRUPT,    /* not UTF-8, not JSON, or not the right shape */
  TETHER_PROFILE_FILE_NEWER,      /* written by a newer version of Tether */
} TetherProfileFileRead;

/* What a profiles file holds. */
typedef struct
{
  GPtrArray  *profiles;  /* TetherProfile */
  JsonObject *extra;     /* top-level members this version does not know, or NULL */
  char       *checksum;  /* SHA-256 of the bytes read, or NULL if there were none */
} TetherProfileFileContents;

/* Holds the descriptor of "NAME.lock"; -1 when not locked. */
typedef int TetherProfileFileLock;

/*
 * Stateless: TetherProfileSync keeps what the file last held. Reads are capped at
 * TETHER_PROFILE_STORE_MAX_FILE_SIZE. @error gives the reason on FAILED, TOO_LARGE, CORRUPT and
 * NEWER, as a phrase to put in a sentence ("line 3, column 5: …"). With @with_builtin, the built-in
 * profile is first in @out_contents, added if missing.
 */
TetherProfileFileRead tether_profile_file_read       (GFile                      *file,
                                                     const char                 *known_checksum,
                                                     gboolean                    with_builtin,
                                                     TetherProfileFileContents **out_contents,
                                                     GError                    **error);
char                 *tether_profile_file_serialize  (GPtrArray                  *profiles,
                                                     JsonObject                 *extra);
gboolean              tether_profile_file_write      (GFile                      *file,
                                                     const char                 *data,
                                                     GError                    **error);
gboolean              tether_profile_file_lock       (GFile                      *file,
                                                     TetherProfileFileLock      *out_lock,
                                                     GError                    **error);
void                  tether_profile_file_unlock     (TetherProfileFileLock       lock);
GFile                *tether_profile_file_move_aside (GFile                      *file,
                                                     GError                    **error);

/* Whole operations on any file in the profiles format, with messages for people. */
GPtrArray            *tether_profile_file_import     (GFile                      *file,
                                                     GError                    **error);
gboolean              tether_profile_file_export     (GFile                      *file,
                                                     GPtrArray                  *profiles,
                                                     GError                    **error);

TetherProfileFileContents *tether_profile_file_contents_new_empty (void);
void                       tether_profile_file_contents_free      (TetherProfileFileContents *self);

/* How profile names compare, in a file and in a store: trimmed, normalized, ignoring case. */
char *tether_profile_file_name_key    (const char *name);
char *tether_profile_file_unique_name (GHashTable *taken,
                                       const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherProfileFileContents, tether_profile_file_contents_free)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (TetherProfileFileLock, tether_profile_file_unlock, -1)

G_END_DECLS
