/* tether-backend-gdbserver-create.c: the gdbserver backend: starting processes under the debugger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-rsp-codec.h"
#include "tether-server-private.h"
/* Create */

typedef enum
{
  CREATE_CHECK_PROGRAM,
  CREATE_CHECK_CWD,
  CREATE_READ_ENVIRON,
  CREATE_SETUP,
  CREATE_RUN,
  CREATE_RESUME,
} CreateStage;

typedef struct
{
  TetherCreateOptions *options;
  CreateStage          stage;
  GPtrArray           *packets;
  guint                next;
  gboolean             use_shell;
  gint64               pid;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_clear_pointer (&data->options, tether_create_options_free);
  g_clear_pointer (&data->packets, g_ptr_array_unref);
  g_free (data);
}

static void create_next (GTask *task);

static void
create_build_setup (TetherServer *self,
                    CreateData   *data,
                    GBytes       *server_environ)
{
  TetherCreateOptions *options = data->options;
  GPtrArray *setenv = tether_create_options_get_setenv (options);
  GPtrArray *unsetenv = tether_create_options_get_unsetenv (options);
  const char *cwd = tether_create_options_get_cwd (options);

  /* The server keeps these settings from one vRun to the next: state every one of them. */
  g_ptr_array_add (data->packets, g_strdup ("QEnvironmentReset"));

  if (server_environ != NULL)
    {
      gsize len;
      const char *p = g_bytes_get_data (server_environ, &len);
      const char *end = p + len;

      while (p < end)
        {
          const char *nul = memchr (p, '\0', end - p);
          const char *eq;
          g_autofree char *name = NULL;

          if (nul == NULL)
            nul = end;
          eq = memchr (p, '=', nul - p);
          if (eq != NULL && eq > p)
            {
              name = g_strndup (p, eq - p);
              _tether_backend_add_hex_packet (data->packets, "QEnvironmentUnset:", name);
            }
          p = nul + 1;
        }
    }

  for (guint i = 0; i < setenv->len; i++)
    _tether_backend_add_hex_packet (data->packets, "QEnvironmentHexEncoded:",
                                    g_ptr_array_index (setenv, i));
  for (guint i = 0; i < unsetenv->len; i++)
    _tether_backend_add_hex_packet (data->packets, "QEnvironmentUnset:",
                                    g_ptr_array_index (unsetenv, i));

  if (cwd != NULL)
    _tether_backend_add_hex_packet (data->packets, "QSetWorkingDir:", cwd);
  else
    g_ptr_array_add (data->packets, g_strdup ("QSetWorkingDir:"));

  g_ptr_array_add (data->packets, g_strdup_printf ("QStartupWithShell:%d", data->use_shell));
  g_ptr_array_add (data->packets,
                   g_strdup_printf ("QDisableRandomization:%d",
                                    tether_create_options_get_disable_aslr (options)));
}

static void
create_check_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = tether_create_options_get_argv (data->options)[0];
  const char *cwd = tether_create_options_get_cwd (data->options);

  bytes = tether_host_io_read_file_finish (TETHER_HOST_IO (object), result, &error);

  switch (data->stage)
    {
    case CREATE_CHECK_PROGRAM:
      if (g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND))
        {
          g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                                   _("The program %s does not exist on the server"), program);
          return;
        }
      data->stage = CREATE_CHECK_CWD;
      break;

    case CREATE_CHECK_CWD:
      if (g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND))
        {
          g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_FOUND,
                                   _("The working directory %s does not exist on the server"),
                                   cwd);
          return;
        }
      data->stage = CREATE_READ_ENVIRON;
      break;

    case CREATE_READ_ENVIRON:
      if (bytes == NULL)
        {
          g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                   _("Cannot start with an empty environment: the server's own "
                                     "environment is unreadable (%s)"), error->message);
          return;
        }
      create_build_setup (self, data, bytes);
      data->stage = CREATE_SETUP;
      break;

    case CREATE_SETUP:
    case CREATE_RUN:
    case CREATE_RESUME:
    default:
      g_assert_not_reached ();
    }

  if (error != NULL && g_error_matches (error, TETHER_ERROR, TETHER_ERROR_CLOSED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  create_next (g_steal_pointer (&task));
}

static void
create_reply_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherServer *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;
  const char *program = tether_create_options_get_argv (data->options)[0];

  reply = tether_rsp_connection_request_finish (TETHER_RSP_CONNECTION (object), result, NULL,
                                                &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  switch (data->stage)
    {
    case CREATE_SETUP:
      {
        const char *packet = g_ptr_array_index (data->packets, data->next);

        if (!reply_is (reply, "OK") &&
            !(g_bytes_get_size (reply) == 0 && g_str_has_prefix (packet, "QDisableRandomization")))
          {
            g_autofree char *text = reply_dup_text (reply);

            g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                     _("The server refused to prepare the process (“%s” → “%s”)"),
                                     packet, text);
            return;
          }
        data->next++;
      }
      break;

    case CREATE_RUN:
      {
        g_auto(TetherStopReply) stop = { 0 };

        if (reply_is_error (reply) || g_bytes_get_size (reply) == 0)
          {
            g_autofree char *reason = _tether_gdbserver_dup_reason (self);

            g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                                     _("The server could not start %s%s%s%s"), program,
                                     reason != NULL ? _(": “") : ".",
                                     reason != NULL ? reason : "",
                                     reason != NULL ? "”" : "");
            return;
          }

        if (!tether_stop_reply_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                      &stop, &error) || stop.pid <= 0)
          {
            g_clear_error (&error);
            g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                                     _("The server started %s but did not say its PID"),
                                     program);
            return;
          }

        if (stop.kind != TETHER_STOP_SIGNALLED)
          {
            g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_SERVER,
                                     _("%s exited at once (%s %u)"), program,
                                     stop.kind == TETHER_STOP_EXITED ? _("status") : _("signal"),
                                     stop.kind == TETHER_STOP_EXITED ? stop.exit_code
                                                                     : stop.signal);
            return;
          }

        data->pid = stop.pid;
        _tether_server_hold (self, data->pid, TRUE, TRUE);

        if (tether_create_options_get_stopped (data->options))
          {
            g_task_return_int (task, data->pid);
            return;
          }
        data->stage = CREATE_RESUME;
      }
      break;

    case CREATE_RESUME:
      {
        Held *held = g_hash_table_lookup (self->held, &data->pid);

        if (held != NULL && reply_is (reply, "OK"))
          held->stopped = FALSE;
        g_task_return_int (task, data->pid);
        return;
      }

    case CREATE_CHECK_PROGRAM:
    case CREATE_CHECK_CWD:
    case CREATE_READ_ENVIRON:
    default:
      g_assert_not_reached ();
    }

  create_next (g_steal_pointer (&task));
}

static void
create_next (GTask *task)
{
  TetherServer *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  const char * const *argv = tether_create_options_get_argv (data->options);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (data->stage)
    {
    case CREATE_CHECK_PROGRAM:
      if (argv[0][0] == '/')
        {
          tether_host_io_read_file_async (self->host_io, argv[0], 1, cancellable,
                                          create_check_cb, task);
          return;
        }
      data->stage = CREATE_CHECK_CWD;
      G_GNUC_FALLTHROUGH;

    case CREATE_CHECK_CWD:
      if (tether_create_options_get_cwd (data->options) != NULL)
        {
          tether_host_io_read_file_async (self->host_io,
                                          tether_create_options_get_cwd (data->options), 1,
                                          cancellable, create_check_cb, task);
          return;
        }
      data->stage = CREATE_READ_ENVIRON;
      G_GNUC_FALLTHROUGH;

    case CREATE_READ_ENVIRON:
      if (tether_create_options_get_environment_base (data->options) == TETHER_ENVIRONMENT_EMPTY)
        {
          /* Host I/O runs inside the server: /proc/self is the server, and its environment is
           * what a new process would inherit. */
          tether_host_io_read_file_async (self->host_io, "/proc/self/environ", 1024 * 1024,
                                          cancellable, create_check_cb, task);
          return;
        }
      create_build_setup (self, data, NULL);
      data->stage = CREATE_SETUP;
      G_GNUC_FALLTHROUGH;

    case CREATE_SETUP:
      if (data->next < data->packets->len)
        {
          _tether_server_request (self, task, g_ptr_array_index (data->packets, data->next),
                   TETHER_RSP_REQUEST_DEFAULT, create_reply_cb);
          return;
        }
      data->stage = CREATE_RUN;
      G_GNUC_FALLTHROUGH;

    case CREATE_RUN:
      {
        g_autoptr(GString) packet = g_string_new ("vRun");

        for (guint i = 0; argv[i] != NULL; i++)
          {
            g_autofree char *hex = tether_hex_encode_string (argv[i]);

            g_string_append_c (packet, ';');
            g_string_append (packet, hex);
          }
        _tether_gdbserver_mark_reason (self);
        /* Not cancellable once sent: the new process must be known, to be released. */
        tether_rsp_connection_request_async (self->connection, packet->str,
                                             TETHER_RSP_REQUEST_MAY_RESET, NULL,
                                             create_reply_cb, task);
        return;
      }

    case CREATE_RESUME:
      {
        g_autofree char *packet = g_strdup_printf ("vCont;c:p%" G_GINT64_MODIFIER "x.-1",
                                                   data->pid);

        tether_rsp_connection_request_async (self->connection, packet,
                                             TETHER_RSP_REQUEST_DEFAULT, NULL,
                                             create_reply_cb, task);
        return;
      }

    default:
      g_assert_not_reached ();
    }
}

void
_tether_gdbserver_create_process (TetherServer              *self,
                                  const TetherCreateOptions *options,
                                  GTask                     *task)
{
  CreateData *data;
  const char * const *argv;

  data = g_new0 (CreateData, 1);
  data->options = tether_create_options_copy (options);
  data->packets = g_ptr_array_new_with_free_func (g_free);
  data->use_shell = tether_create_options_get_use_shell (options);
  g_task_set_task_data (task, data, (GDestroyNotify)create_data_free);

  argv = tether_create_options_get_argv (options);

  /* gdbserver 13 refuses arguments with white space unless it starts the program through a
   * shell, and its quoting for the shell turns ' into \' and drops empty arguments. Use the
   * shell only when needed, and refuse what it would pass wrongly rather than run it wrong. */
  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (i > 0 && tether_create_options_argument_needs_shell (argv[i]))
        data->use_shell = TRUE;
    }
  if (data->use_shell)
    {
      for (guint i = 1; argv[i] != NULL; i++)
        {
          if (tether_create_options_argument_lost_in_shell (argv[i]))
            {
              g_task_return_new_error (task, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED,
                                       _("Argument %u (“%s”) cannot be passed exactly: "
                                         "gdbserver starts programs whose arguments contain "
                                         "spaces through a shell, and its quoting loses empty "
                                         "arguments and single quotes. Remove the spaces (and "
                                         "the shell option) or the quotes."), i, argv[i]);
              g_object_unref (task);
              return;
            }
        }
    }

  data->stage = CREATE_CHECK_PROGRAM;
  create_next (task);
}
