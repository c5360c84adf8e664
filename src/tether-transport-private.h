/* tether-transport-private.h: what the files of TetherTransport share
 *
 * TetherTransport is one class in four files: tether-transport.c (the object, opening with its
 * timeout, TCP, clicon and serial lines), tether-transport-spawn.c (servers started over pipes,
 * local: and ssh:, their standard error and their end), tether-transport-tls.c (ssl:) and
 * tether-transport-lldb.c (a local lldb-server platform).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-error.h"
#include "tether-transport.h"

G_BEGIN_DECLS

typedef struct _StderrLog StderrLog;

struct _TetherTransport
{
  GObject        parent_instance;

  TetherOptions *options;
  GIOStream     *stream;
  GSubprocess   *subprocess;
  StderrLog     *stderr_log;
  gboolean       opening;
};

/* The state of one open: the task data of tether_transport_open_async(). */
typedef struct
{
  GCancellable    *op_cancellable;   /* cancelled by the timeout or by the caller's cancellable */
  GCancellable    *caller_cancellable;
  gulong           caller_handler;
  GSource         *timeout_source;
  gboolean         timed_out;
  guint            timeout_ms;
  GSocketListener *listener;
  GList           *allowed_peers;    /* clicon: GInetAddress list the server may dial from */
  /* ssh: the pipes, handed out once gdbserver says it is up */
  GIOStream       *pending_stream;
  GSource         *cancel_source;
  /* ssl: the authorities of cafile=, and what the certificate check found */
  GTlsDatabase    *tls_database;
  GTlsCertificateFlags cert_errors;
  char            *peer_sha256;
  gboolean         cert_checked;
} OpenData;

/* Expands a leading "~/" of a file named in a connection string. */
char      *_tether_transport_expand_path  (const char      *path);
void       _tether_transport_return_stream (GTask          *task,
                                            GIOStream      *stream);
/* Takes @error: a failed connect or accept, turned into the error the user sees. */
void       _tether_transport_return_error (GTask           *task,
                                           GError          *error);
void       _tether_transport_fail         (GTask           *task,
                                           TetherError      code,
                                           const char      *format,
                                           ...) G_GNUC_PRINTF (3, 4);
void       _tether_transport_set_nodelay  (GSocketConnection *connection);

/* tether-transport-spawn.c */
StderrLog *_tether_stderr_log_new         (void);
void       _tether_stderr_log_unref       (StderrLog       *log);
void       _tether_transport_open_local   (TetherTransport *self,
                                           GTask           *task);
void       _tether_transport_open_ssh     (TetherTransport *self,
                                           GTask           *task);
/* Stops reading the child's stderr and ends the child (SIGKILL after @grace_ms). */
void       _tether_transport_end_child    (TetherTransport *self,
                                           guint            grace_ms);
/* Why ssh (run as below, to @host) failed, from its exit status (255: ssh itself; 127 and 126: the
 * remote shell could not run gdbserver) and the last lines of its standard error. */
GError    *_tether_transport_explain_ssh  (TetherOptions   *options,
                                           int              exit_status,
                                           const char      *stderr_text);

/* tether-transport-tls.c */
void       _tether_transport_open_ssl     (TetherTransport *self,
                                           GTask           *task);

/* tether-transport-lldb.c: local:kind=lldb starts "lldb-server platform" on 127.0.0.1 with a port
 * it picks, and connects to it. The finish returns the connection and the child, whose standard
 * error is a pipe. */
void       _tether_transport_start_lldb_platform_async  (TetherOptions        *options,
                                                         guint                 timeout_ms,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GIOStream *_tether_transport_start_lldb_platform_finish (GAsyncResult         *result,
                                                         GSubprocess         **subprocess,
                                                         GError              **error);

G_END_DECLS
