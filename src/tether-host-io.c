/* tether-host-io.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-host-io.h"
#include "tether-rsp-codec.h"

/* GDB's File-I/O errno values (not the host's). */
#define FILEIO_EPERM   1
#define FILEIO_ENOENT  2
#define FILEIO_ESRCH   3
#define FILEIO_EACCES 13

struct _TetherHostIo
{
  GObject              parent_instance;

  TetherRspConnection *connection;
  gboolean             setfs_done;
};

G_DEFINE_FINAL_TYPE (TetherHostIo, tether_host_io, G_TYPE_OBJECT)

typedef enum
{
  STEP_SETFS,
  STEP_OPEN,
  STEP_PREAD,
  STEP_CLOSE,
  STEP_READLINK,
} Step;

typedef struct
{
  char       *path;
  gsize       max_size;
  Step        step;
  gint64      fd;
  GByteArray *data;
  GError     *deferred;   /* an error to report once the file is closed */
} FileOp;

static void
file_op_free (FileOp *op)
{
  g_free (op->path);
  g_clear_pointer (&op->data, g_byte_array_unref);
  g_clear_error (&op->deferred);
  g_free (op);
}

static void
tether_host_io_dispose (GObject *object)
{
  TetherHostIo *self = (TetherHostIo *)object;

  g_clear_object (&self->connection);

  G_OBJECT_CLASS (tether_host_io_parent_class)->dispose (object);
}

static void
tether_host_io_class_init (TetherHostIoClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tether_host_io_dispose;
}

static void
tether_host_io_init (TetherHostIo *self)
{
}

TetherHostIo *
tether_host_io_new (TetherRspConnection *connection)
{
  TetherHostIo *self;

  g_return_val_if_fail (TETHER_IS_RSP_CONNECTION (connection), NULL);

  self = g_object_new (TETHER_TYPE_HOST_IO, NULL);
  self->connection = g_object_ref (connection);
  return self;
}

/* Parses "F<hex result>[,<hex errno>][;<attachment>]". */
static gboolean
parse_f_reply (GBytes        *reply,
               gint64        *result,
               guint64       *fileio_errno,
               const guint8 **attachment,
               gsize         *attachment_len)
{
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);
  const char *end = data + len;
  const char *p;
  const char *stop;
  gboolean negative = FALSE;
  guint64 value;

  if (len < 2 || data[0] != 'F')
    return FALSE;

  p = data + 1;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (stop = p; stop < end && *stop != ',' && *stop != ';'; stop++)
    ;
  if (!tether_hex_parse_uint64 (p, stop - p, &value) || value > G_MAXINT64)
    return FALSE;
  *result = negative ? -(gint64)value : (gint64)value;
  *fileio_errno = 0;

  if (stop < end && *stop == ',')
    {
      const char *errno_start = stop + 1;

      for (stop = errno_start; stop < end && *stop != ';'; stop++)
        ;
      if (!tether_hex_parse_uint64 (errno_start, stop - errno_start, fileio_errno))
        return FALSE;
    }

  *attachment = stop < end ? (const guint8 *)stop + 1 : NULL;
  *attachment_len = stop < end ? (gsize)(end - stop - 1) : 0;
  return TRUE;
}

static GError *
fileio_error (const char *path,
              guint64     fileio_errno)
{
  switch (fileio_errno)
    {
    case FILEIO_ENOENT:
    case FILEIO_ESRCH:
      return g_error_new (TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                          _("%s does not exist on the server"), path);
    case FILEIO_EPERM:
    case FILEIO_EACCES:
      return g_error_new (TETHER_ERROR, TETHER_ERROR_PERMISSION,
                          _("The server's user may not read %s"), path);
    default:
      return g_error_new (TETHER_ERROR, TETHER_ERROR_SERVER,
                          _("The server could not read %s (file error %u)"),
                          path, (unsigned)fileio_errno);
    }
}

static void send_step (GTask *task);

static void
step_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherHostIo *self = g_task_get_source_object (task);
  FileOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  gint64 value = 0;
  guint64 fileio_errno = 0;
  const guint8 *attachment = NULL;
  gsize attachment_len = 0;

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (op->step == STEP_SETFS)
    {
      /* An empty reply (no setfs) is fine: the server then reads its own filesystem anyway. */
      self->setfs_done = TRUE;
      op->step = op->data != NULL ? STEP_OPEN : STEP_READLINK;
      send_step (g_steal_pointer (&task));
      return;
    }

  if (g_bytes_get_size (reply) == 0)
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                               _("This server cannot read files on its machine (no host I/O)"));
      return;
    }

  if (!parse_f_reply (reply, &value, &fileio_errno, &attachment, &attachment_len))
    {
      g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                               _("The server sent a malformed reply while reading %s"), op->path);
      return;
    }

  switch (op->step)
    {
    case STEP_OPEN:
      if (value < 0)
        {
          g_task_return_error (task, fileio_error (op->path, fileio_errno));
          return;
        }
      op->fd = value;
      op->step = STEP_PREAD;
      break;

    case STEP_PREAD:
      if (value < 0)
        {
          op->deferred = fileio_error (op->path, fileio_errno);
          op->step = STEP_CLOSE;
        }
      else if (value == 0)
        op->step = STEP_CLOSE;
      else if ((gsize)value != attachment_len)
        {
          op->deferred = g_error_new (TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                                      _("The server sent %zu bytes of %s but "
                                        "announced %d"),
                                      attachment_len, op->path, (int)value);
          op->step = STEP_CLOSE;
        }
      else if (op->data->len + attachment_len > op->max_size)
        {
          op->deferred = g_error_new (TETHER_ERROR, TETHER_ERROR_TOO_LARGE,
                                      _("%s is larger than %zu bytes"),
                                      op->path, op->max_size);
          op->step = STEP_CLOSE;
        }
      else
        g_byte_array_append (op->data, attachment, attachment_len);
      break;

    case STEP_CLOSE:
      if (op->deferred != NULL)
        g_task_return_error (task, g_steal_pointer (&op->deferred));
      else
        g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&op->data)),
                               (GDestroyNotify)g_bytes_unref);
      return;

    case STEP_READLINK:
      if (value < 0)
        g_task_return_error (task, fileio_error (op->path, fileio_errno));
      else
        g_task_return_pointer (task, g_strndup ((const char *)attachment, attachment_len),
                               g_free);
      return;

    case STEP_SETFS:
    default:
      g_assert_not_reached ();
    }

  send_step (g_steal_pointer (&task));
}

static void
send_step (GTask *task)
{
  TetherHostIo *self = g_task_get_source_object (task);
  FileOp *op = g_task_get_task_data (task);
  g_autofree char *hex_path = NULL;
  g_autofree char *packet = NULL;
  gsize chunk;

  switch (op->step)
    {
    case STEP_SETFS:
      packet = g_strdup ("vFile:setfs:0");
      break;

    case STEP_OPEN:
      hex_path = tether_hex_encode_string (op->path);
      packet = g_strdup_printf ("vFile:open:%s,0,0", hex_path);
      break;

    case STEP_PREAD:
      /* Binary replies may double in size when escaped: ask for what surely fits. */
      chunk = (tether_rsp_connection_get_packet_size (self->connection) - 32) / 2;
      packet = g_strdup_printf ("vFile:pread:%" G_GINT64_MODIFIER "x,%" G_GSIZE_MODIFIER "x,%x",
                                op->fd, chunk, op->data->len);
      break;

    case STEP_CLOSE:
      packet = g_strdup_printf ("vFile:close:%" G_GINT64_MODIFIER "x", op->fd);
      break;

    case STEP_READLINK:
      hex_path = tether_hex_encode_string (op->path);
      packet = g_strdup_printf ("vFile:readlink:%s", hex_path);
      break;

    default:
      g_assert_not_reached ();
    }

  /* A cancelled read still closes its file: the close goes out without the cancellable. */
  tether_rsp_connection_request_async (self->connection, packet, TETHER_RSP_REQUEST_DEFAULT,
                                       op->step == STEP_CLOSE ? NULL
                                                              : g_task_get_cancellable (task),
                                       step_cb, task);
}

static void
start_op (TetherHostIo *self,
          GTask        *task,
          FileOp       *op,
          Step          first)
{
  op->step = self->setfs_done ? first : STEP_SETFS;
  g_task_set_task_data (task, op, (GDestroyNotify)file_op_free);
  send_step (task);
}

void
tether_host_io_read_file_async (TetherHostIo        *self,
                                const char          *path,
                                gsize                max_size,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  FileOp *op;

  g_return_if_fail (TETHER_IS_HOST_IO (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_host_io_read_file_async);

  op = g_new0 (FileOp, 1);
  op->path = g_strdup (path);
  op->max_size = max_size;
  op->fd = -1;
  op->data = g_byte_array_new ();
  start_op (self, task, op, STEP_OPEN);
}

GBytes *
tether_host_io_read_file_finish (TetherHostIo  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (TETHER_IS_HOST_IO (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tether_host_io_readlink_async (TetherHostIo        *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  FileOp *op;

  g_return_if_fail (TETHER_IS_HOST_IO (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_host_io_readlink_async);

  op = g_new0 (FileOp, 1);
  op->path = g_strdup (path);
  op->fd = -1;
  start_op (self, task, op, STEP_READLINK);
}

char *
tether_host_io_readlink_finish (TetherHostIo  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (TETHER_IS_HOST_IO (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
