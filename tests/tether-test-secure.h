/* tether-test-secure.h: throwaway keys, certificates and servers for the ssh: and ssl: tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-server.h"

G_BEGIN_DECLS

/* A new private directory for keys and configuration; tether_test_scratch_remove() empties and
 * removes it (it holds plain files only). */
char         *tether_test_scratch_new      (const char  *prefix);
void          tether_test_scratch_remove   (char        *dir);
/* Whether @program is in PATH. */
gboolean      tether_test_has_program      (const char  *program);
/* Runs @argv to completion; fails the test, with its output, unless it exits with status 0. */
void          tether_test_run              (const char * const *argv);
/* Writes @contents to @dir/@name (mode 0600) and returns the path. */
char         *tether_test_write            (const char  *dir,
                                            const char  *name,
                                            const char  *contents);
/* A TCP port on 127.0.0.1 that was free a moment ago (bound, then closed): a server told to use it
 * may still find it taken, so callers retry. */
guint16       tether_test_free_port        (void);
/* Starts @argv with its standard error piped, and waits until something accepts connections on
 * 127.0.0.1:@port. NULL (the child reaped, its standard error in @error) if it exits first. */
GSubprocess  *tether_test_start_listener   (const char * const *argv,
                                            guint16      port,
                                            GError     **error);
/* Kills it by PID and reaps it. */
void          tether_test_stop_listener    (GSubprocess *process);
/* Connects a new server to @options and expects that to fail: returns the error. */
GError       *tether_test_connect_error    (const char  *options);
/* Asserts that @error is TETHER_ERROR @code and that its message holds each of the NULL-ended
 * strings. */
void          tether_test_assert_message   (const GError *error,
                                            int           code,
                                            ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
