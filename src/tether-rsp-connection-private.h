/* tether-rsp-connection-private.h: what the files of TetherRspConnection share
 *
 * TetherRspConnection is one class in four files: tether-rsp-connection.c (the request queue,
 * replies, notifications, cancellation), tether-rsp-connection-send.c (sending, timeouts,
 * pipelining, interrupts), tether-rsp-connection-io.c (reading, writing and acknowledging bytes)
 * and tether-rsp-handshake.c (qSupported, no-ack, extended and non-stop mode,
 * and the handshake again after the server silently resets its session).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tether-error.h"
#include "tether-rsp-codec.h"
#include "tether-rsp-connection.h"

G_BEGIN_DECLS

#define DEFAULT_TIMEOUT_MS   10000
#define DEFAULT_PACKET_SIZE  400
#define READ_BUFFER_SIZE     (64 * 1024)
#define MAX_RETRANSMITS      3
#define PIPELINE_WINDOW      32
#define QSUPPORTED_PACKET \
  "qSupported:multiprocess+;vContSupported+;QThreadEvents+;no-resumed+;swbreak+;hwbreak+"

typedef struct _Request Request;

/* An internal request (handshake steps, vStopped) is answered through a plain callback, at once, so
 * that no other request can slip in between two steps. */
typedef void (*ReplyFunc) (TetherRspConnection *self,
                           Request             *request,
                           GBytes              *reply,
                           const GError        *error);

struct _Request
{
  GTask                 *task;            /* NULL for internal requests and once abandoned */
  ReplyFunc              reply_func;
  char                  *packet;
  TetherRspRequestFlags  flags;
  GByteArray            *output;
  GSource               *cancel_source;
  gint64                 sent_at;
  gboolean               abandoned;       /* the caller cancelled after it was sent */
};

/* What the I/O callbacks hold on to, so that a pending read never keeps the connection alive and
 * never touches it after it is gone. */
typedef struct
{
  GWeakRef      self;
  GIOStream    *stream;
  GCancellable *cancellable;
  guint8       *buffer;
  GBytes       *writing;
} Io;

struct _TetherRspConnection
{
  GObject           parent_instance;

  Io               *io;
  TetherRspDecoder *decoder;
  GByteArray       *outgoing;
  GBytes           *last_sent;       /* for retransmission on '-' in ack mode */
  guint             retransmits;

  GQueue            internal;        /* Request*: handshake steps and vStopped, sent first */
  GQueue            pending;         /* Request*: callers' requests */
  Request          *in_flight;
  GQueue            ahead;           /* Request*: pipelined, sent after in_flight, not answered */
  GSource          *timeout_source;

  GHashTable       *features;
  GTask            *handshake_task;  /* the caller's handshake, while it runs */
  GSource          *handshake_cancel; /* watches that handshake's cancellable */
  guint             handshake_step;
  gboolean          handshaking;
  gboolean          rehandshake_needed;
  gboolean          draining;

  gboolean          no_ack;
  gboolean          extended;
  gboolean          interrupt_queued;  /* for the resume request not sent yet */
  gboolean          non_stop;
  gboolean          closed;
  guint             timeout_ms;
  guint             session_resets;
  gsize             max_packet;
};

/* Sending (tether-rsp-connection-send.c) */
void     _tether_rsp_connection_arm_timeout      (TetherRspConnection   *self);

/* Queue and replies (tether-rsp-connection.c) */
Request *_tether_rsp_request_new                 (const char            *packet,
                                                  TetherRspRequestFlags  flags);
void     _tether_rsp_connection_send_next        (TetherRspConnection   *self);
void     _tether_rsp_connection_handle_event     (TetherRspConnection   *self,
                                                  TetherRspEvent        *event);
void     _tether_rsp_connection_close_with       (TetherRspConnection   *self,
                                                  TetherError            code,
                                                  const char            *format,
                                                  ...) G_GNUC_PRINTF (3, 4);
void     _tether_rsp_connection_log_packet       (TetherRspConnection   *self,
                                                  TetherRspLogDirection  direction,
                                                  const guint8          *data,
                                                  gsize                  len,
                                                  gint64                 elapsed_us);
void     _tether_rsp_connection_set_non_stop     (TetherRspConnection   *self,
                                                  gboolean               non_stop);
gboolean _tether_rsp_is_error_reply              (GBytes                *reply);

/* Bytes (tether-rsp-connection-io.c) */
Io      *_tether_rsp_io_new                      (TetherRspConnection   *self,
                                                  GIOStream             *stream);
void     _tether_rsp_io_unref                    (Io                    *io);
void     _tether_rsp_connection_start_read       (TetherRspConnection   *self);
void     _tether_rsp_connection_flush            (TetherRspConnection   *self);
void     _tether_rsp_connection_send_ack         (TetherRspConnection   *self,
                                                  char                   ack);

/* Handshake (tether-rsp-handshake.c) */
void     _tether_rsp_connection_start_handshake  (TetherRspConnection   *self);

G_END_DECLS
