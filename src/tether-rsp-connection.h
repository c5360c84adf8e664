/* tether-rsp-connection.h: a GDB remote serial protocol connection over any GIOStream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TETHER_TYPE_RSP_CONNECTION (tether_rsp_connection_get_type ())

G_DECLARE_FINAL_TYPE (TetherRspConnection, tether_rsp_connection, TETHER, RSP_CONNECTION, GObject)

typedef enum
{
  TETHER_RSP_REQUEST_DEFAULT = 0,
  /* "O<hex>" packets before the final reply are console output (qRcmd): collect them. */
  TETHER_RSP_REQUEST_OUTPUT  = 1 << 0,
  /* A request that may make gdbserver reset its session state when it fails (vAttach, vRun): an
   * error reply is followed by a probe and, if needed, a new handshake before the next request. */
  TETHER_RSP_REQUEST_MAY_RESET = 1 << 1,
  /* An all-stop resume ("c", "vCont;c"): its reply is the next stop reply, however long the
   * target runs, so no timeout applies; "O<hex>" packets meanwhile are the program's output and
   * are emitted at once as the "output" signal. */
  TETHER_RSP_REQUEST_RESUME = 1 << 2,
  /* In no-ack mode, consecutive requests with this flag are sent without waiting for each other's
   * replies (up to a window), and answered in order: for servers that answer strictly in order
   * and one packet per reply, such as lldb-server's qsProcessInfo. */
  TETHER_RSP_REQUEST_PIPELINE = 1 << 3,
} TetherRspRequestFlags;

typedef enum
{
  TETHER_RSP_LOG_SENT,
  TETHER_RSP_LOG_RECEIVED,
  TETHER_RSP_LOG_NOTIFICATION,
} TetherRspLogDirection;

/**
 * TetherRspConnection:
 * Frames requests, matches replies (one request is in flight at a time, as the protocol requires),
 * switches to no-ack and non-stop mode in the handshake, drains %Stop notifications with vStopped,
 * times requests out, and notices when gdbserver silently resets the session (a '+' in no-ack mode)
 * and handshakes again before the next request. It never reports a cancelled request's late reply
 * as another request's reply. Any timeout or framing loss closes the connection: the protocol has no
 * request ids, so a stream that lost sync cannot be trusted again.
 */
TetherRspConnection *tether_rsp_connection_new              (GIOStream            *stream);
void                 tether_rsp_connection_handshake_async  (TetherRspConnection  *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean             tether_rsp_connection_handshake_finish (TetherRspConnection  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                 tether_rsp_connection_request_async    (TetherRspConnection  *self,
                                                             const char           *packet,
                                                             TetherRspRequestFlags flags,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
/* Returns the reply payload; @output, if given, receives the collected console output (decoded from
 * hex) of a TETHER_RSP_REQUEST_OUTPUT request. An empty reply means "not supported" and is returned
 * as such, not as an error; "Exx" replies are returned as they are for the caller to explain. */
GBytes              *tether_rsp_connection_request_finish   (TetherRspConnection  *self,
                                                             GAsyncResult         *result,
                                                             GBytes              **output,
                                                             GError              **error);
/* Sends the interrupt byte (0x03), outside the request queue: in all-stop mode it stops the
 * running target, whose stop reply then answers the in-flight resume request. If a resume request
 * is still waiting its turn, the byte goes out right after it instead. */
void                 tether_rsp_connection_interrupt        (TetherRspConnection  *self);
/* Whether the server accepted extended mode ("!"); lldb-server answers it with "not supported". */
gboolean             tether_rsp_connection_get_extended     (TetherRspConnection  *self);
void                 tether_rsp_connection_close            (TetherRspConnection  *self,
                                                             const GError         *reason);
gboolean             tether_rsp_connection_is_closed        (TetherRspConnection  *self);
/* A feature from the qSupported reply: "+" / "-" / "?" for flags, the value for "name=value" ones,
 * NULL if the server did not mention it. */
const char          *tether_rsp_connection_get_feature      (TetherRspConnection  *self,
                                                             const char           *name);
gboolean             tether_rsp_connection_has_feature      (TetherRspConnection  *self,
                                                             const char           *name);
/* Names of all features, sorted, for the capabilities view. */
char               **tether_rsp_connection_dup_feature_names (TetherRspConnection *self);
gsize                tether_rsp_connection_get_packet_size  (TetherRspConnection  *self);
gboolean             tether_rsp_connection_get_non_stop     (TetherRspConnection  *self);
guint                tether_rsp_connection_get_timeout      (TetherRspConnection  *self);
void                 tether_rsp_connection_set_timeout      (TetherRspConnection  *self,
                                                             guint                 timeout_ms);
guint                tether_rsp_connection_get_session_resets (TetherRspConnection *self);
gsize                tether_rsp_connection_get_max_packet   (TetherRspConnection  *self);
void                 tether_rsp_connection_set_max_packet   (TetherRspConnection  *self,
                                                             gsize                 max_packet);

G_END_DECLS
