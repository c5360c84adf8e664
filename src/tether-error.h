/* tether-error.h: the one error domain of the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TETHER_ERROR (tether_error_quark ())

/**
 * TetherError:
 * Every failure the engine reports carries one of these codes and a message that a person can act on.
 * Cancellation is reported as G_IO_ERROR_CANCELLED, never as one of these.
 */
typedef enum
{
  TETHER_ERROR_FAILED,            /* anything not covered below */
  TETHER_ERROR_INVALID_OPTIONS,   /* a connection string that does not parse */
  TETHER_ERROR_CONNECT,           /* the transport could not be opened */
  TETHER_ERROR_TIMED_OUT,         /* the server did not answer in time */
  TETHER_ERROR_CLOSED,            /* the connection ended (EOF, reset, server gone) */
  TETHER_ERROR_PROTOCOL,          /* the server sent something that is not valid RSP */
  TETHER_ERROR_TOO_LARGE,         /* a packet larger than the configured bound */
  TETHER_ERROR_NOT_SUPPORTED,     /* the server does not support the request */
  TETHER_ERROR_SERVER,            /* an Exx reply with no better explanation */
  TETHER_ERROR_NO_SUCH_PROCESS,   /* the PID does not exist (any more) */
  TETHER_ERROR_PERMISSION,        /* another user's process, or a refused ptrace */
  TETHER_ERROR_ALREADY_TRACED,    /* another debugger traces the process */
  TETHER_ERROR_NOT_FOUND,         /* no process matches a name; a file that is missing */
  TETHER_ERROR_AMBIGUOUS,         /* several processes match and only one may */
  TETHER_ERROR_BUSY,              /* the operation conflicts with one in progress */
  TETHER_ERROR_PROFILES_FILE,     /* the profiles file cannot be read, parsed or written */
  TETHER_ERROR_INVALID_PROFILE,   /* a profile name that is empty or taken; the built-in cannot go */
  TETHER_ERROR_AUTHENTICATION,    /* the server's identity could not be verified (ssh host key, TLS
                                   * certificate or pin), or it refused ours (ssh key) */
} TetherError;

GQuark tether_error_quark (void);

G_END_DECLS
