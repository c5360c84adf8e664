/* tether-test-profile.h: what the profile store's tests share: a fixture folder, the files in it,
 * and a store on them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "tether-profile-store.h"

G_BEGIN_DECLS

#define WAIT_TIMEOUT_MS 10000

typedef struct
{
  guint n_signals;
  guint n_items;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

/* Each test has its own folder; the profiles file is ROOT/tether/profiles.json. */
typedef struct
{
  char *root;
  char *dir;
  char *path;
} Fixture;

void                profile_fixture_set_up    (Fixture            *f,
                                               gconstpointer       data);
/* Removes the folder (making it writable first), and fails if anything is left. */
void                profile_fixture_tear_down (Fixture            *f,
                                               gconstpointer       data);

/* Counts @store's items-changed into @counter, checking each against the model. */
void                watch_items               (TetherProfileStore *store,
                                               ItemsChanged       *counter);
/* Runs the main context until @counter saw at least @n_signals items-changed, or fails. */
void                wait_for_items_changed    (ItemsChanged       *counter,
                                               guint               n_signals);
/* A GSourceFunc: sets the gboolean at @user_data. */
gboolean            timed_out_cb              (gpointer            user_data);
/* A notify handler: counts into the guint at @count. */
void                count_notify_cb           (GObject            *object,
                                               GParamSpec         *pspec,
                                               guint              *count);
/* Runs the main context for @ms milliseconds. */
void                run_for                   (guint               ms);

/* Writes @path (making its folder), failing the test on error; @length -1 for a string. */
void                write_file                (const char         *path,
                                               const char         *data,
                                               gssize              length);
char               *read_file                 (const char         *path);
/* The SHA-256 of @path, to tell whether a file was left untouched. */
char               *checksum_file             (const char         *path);
JsonObject         *read_json_object          (const char         *path);
/* Names of the files next to profiles.json that were set aside, sorted. */
GPtrArray          *list_aside                (const char         *dir_path);

TetherProfileStore *new_store_for_path        (const char         *path);
TetherProfileStore *new_store                 (Fixture            *f);
/* A store on the fixture's file, loaded; fails the test if loading fails. */
TetherProfileStore *load_store                (Fixture            *f);
void                save_store                (TetherProfileStore *store);
/* Adds a new profile; returns it borrowed (the store holds it). */
TetherProfile      *add_profile               (TetherProfileStore *store,
                                               const char         *name,
                                               const char         *server);
/* The profile at @position, borrowed. */
TetherProfile      *get_profile               (TetherProfileStore *store,
                                               guint               position);
/* Compares the names of the whole model ("This computer|Build box|…") at once. */
void                assert_names              (TetherProfileStore *store,
                                               const char         *expected);
void                assert_contains           (const char         *haystack,
                                               const char         *needle);

G_END_DECLS
