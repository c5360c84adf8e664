/* tether-inspector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tether-error.h"
#include "tether-inspector.h"
#include "tether-procfs.h"

/* Linux reports times in clock ticks of USER_HZ, 100 on every architecture it supports today. */
#define TICKS_PER_SECOND 100
#define MAX_PROC_FILE    (1024 * 1024)
#define MAX_PASSWD_FILE  (4 * 1024 * 1024)

struct _TetherInspector
{
  GObject       parent_instance;

  TetherHostIo *host_io;

  /* Facts about the server's machine that do not change while connected. */
  gboolean      have_host_facts;
  guint64       boot_time;
  GHashTable   *user_names;       /* uid -> name */
  gint64        server_pid;
  gint64        server_uid;
  gint          ptrace_scope;     /* -1: no Yama */
};

G_DEFINE_FINAL_TYPE (TetherInspector, tether_inspector, G_TYPE_OBJECT)

/* A batch of files read one after the other (the protocol has one request in flight at a time). A
 * file that cannot be read is recorded, not fatal: the caller decides what it means. */
typedef struct
{
  char    *path;
  gboolean is_link;
  GBytes  *data;
  char    *target;
  GError  *error;
} Fetch;

typedef void (*FetchDoneFunc) (GTask *task);

typedef struct
{
  GPtrArray     *fetches;
  guint          next;
  FetchDoneFunc  done;
  TetherProcess *process;         /* describe */
  gint64         pid;             /* check_attach */
  gboolean       tracer_lookup;   /* check_attach: a second round for the tracer's name */
} Job;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->path);
  g_clear_pointer (&fetch->data, g_bytes_unref);
  g_free (fetch->target);
  g_clear_error (&fetch->error);
  g_free (fetch);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->fetches, g_ptr_array_unref);
  g_clear_object (&job->process);
  g_free (job);
}

static Job *
job_new (FetchDoneFunc done)
{
  Job *job = g_new0 (Job, 1);

  job->fetches = g_ptr_array_new_with_free_func ((GDestroyNotify)fetch_free);
  job->done = done;
  return job;
}

static void
job_add (Job        *job,
         gboolean    is_link,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
job_add (Job        *job,
         gboolean    is_link,
         const char *format,
         ...)
{
  Fetch *fetch = g_new0 (Fetch, 1);
  va_list args;

  va_start (args, format);
  fetch->path = g_strdup_vprintf (format, args);
  va_end (args);
  fetch->is_link = is_link;
  g_ptr_array_add (job->fetches, fetch);
}

static Fetch *
job_get (Job        *job,
         const char *path)
{
  for (guint i = 0; i < job->fetches->len; i++)
    {
      Fetch *fetch = g_ptr_array_index (job->fetches, i);

      if (g_str_equal (fetch->path, path))
        return fetch;
    }

  return NULL;
}

/* A fetch the job was built with: always there. */
static Fetch *
job_expect (Job        *job,
            const char *path)
{
  Fetch *fetch = job_get (job, path);

  if (fetch == NULL)
    g_error ("no fetch for %s", path);
  return fetch;
}

static void
add_host_facts (TetherInspector *self,
                Job             *job)
{
  if (self->have_host_facts)
    return;

  job_add (job, FALSE, "/proc/stat");
  job_add (job, FALSE, "/etc/passwd");
  job_add (job, TRUE, "/proc/self");
  job_add (job, FALSE, "/proc/self/status");
  job_add (job, FALSE, "/proc/sys/kernel/yama/ptrace_scope");
}

static void
take_host_facts (TetherInspector *self,
                 Job             *job)
{
  Fetch *fetch;

  if (self->have_host_facts)
    return;
  self->have_host_facts = TRUE;

  if ((fetch = job_get (job, "/proc/stat")) != NULL && fetch->data != NULL)
    tether_proc_boot_time_parse (g_bytes_get_data (fetch->data, NULL),
                                 g_bytes_get_size (fetch->data), &self->boot_time);

  if ((fetch = job_get (job, "/etc/passwd")) != NULL && fetch->data != NULL)
    {
      g_clear_pointer (&self->user_names, g_hash_table_unref);
      self->user_names = tether_passwd_parse (g_bytes_get_data (fetch->data, NULL),
                                              g_bytes_get_size (fetch->data));
    }

  if ((fetch = job_get (job, "/proc/self")) != NULL && fetch->target != NULL)
    self->server_pid = g_ascii_strtoll (fetch->target, NULL, 10);

  if ((fetch = job_get (job, "/proc/self/status")) != NULL && fetch->data != NULL)
    {
      g_auto(TetherProcStatus) status = { 0 };

      if (tether_proc_status_parse (g_bytes_get_data (fetch->data, NULL),
                                    g_bytes_get_size (fetch->data), &status, NULL))
        self->server_uid = status.uid_effective;
    }

  self->ptrace_scope = -1;
  if ((fetch = job_get (job, "/proc/sys/kernel/yama/ptrace_scope")) != NULL && fetch->data != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (fetch->data, NULL),
                                         g_bytes_get_size (fetch->data));

      self->ptrace_scope = (gint)g_ascii_strtoll (text, NULL, 10);
    }
}

static void fetch_next (GTask *task);

static gboolean
is_fatal (const GError *error)
{
  /* Errors of the link, not of the file: nothing more can be read. */
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, TETHER_ERROR, TETHER_ERROR_CLOSED) ||
         g_error_matches (error, TETHER_ERROR, TETHER_ERROR_TIMED_OUT) ||
         g_error_matches (error, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED) ||
         g_error_matches (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  Fetch *fetch = g_ptr_array_index (job->fetches, job->next);

  if (fetch->is_link)
    fetch->target = tether_host_io_readlink_finish (TETHER_HOST_IO (object), result, &fetch->error);
  else
    fetch->data = tether_host_io_read_file_finish (TETHER_HOST_IO (object), result, &fetch->error);

  /* lldb-server has host I/O but no vFile:readlink: the executable's path is then left to the
   * caller. */
  if (fetch->error != NULL && is_fatal (fetch->error) &&
      !(fetch->is_link && g_error_matches (fetch->error, TETHER_ERROR, TETHER_ERROR_NOT_SUPPORTED)))
    {
      g_task_return_error (task, g_steal_pointer (&fetch->error));
      return;
    }

  job->next++;
  fetch_next (g_steal_pointer (&task));
}

static void
fetch_next (GTask *task)
{
  TetherInspector *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  Fetch *fetch;

  if (job->next >= job->fetches->len)
    {
      job->done (task);
      g_object_unref (task);
      return;
    }

  fetch = g_ptr_array_index (job->fetches, job->next);
  if (fetch->is_link)
    tether_host_io_readlink_async (self->host_io, fetch->path, g_task_get_cancellable (task),
                                   fetch_cb, task);
  else
    tether_host_io_read_file_async (self->host_io, fetch->path,
                                    g_str_equal (fetch->path, "/etc/passwd") ? MAX_PASSWD_FILE
                                                                             : MAX_PROC_FILE,
                                    g_task_get_cancellable (task), fetch_cb, task);
}

static GError *
no_such_process (gint64 pid)
{
  return g_error_new (TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS,
                      _("There is no process %d on the server: it may have "
                        "exited. Refresh the list."), (int)pid);
}

/* Describe */

static void
describe_done (GTask *task)
{
  TetherInspector *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  TetherProcess *process = job->process;
  gint64 pid = tether_process_get_pid (process);
  g_auto(TetherProcStat) stat = { 0 };
  g_auto(TetherProcStatus) status = { 0 };
  g_autofree char *path = NULL;
  Fetch *fetch;
  GError *error = NULL;

  take_host_facts (self, job);

  path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  fetch = job_expect (job, path);
  if (fetch->data == NULL)
    {
      if (g_error_matches (fetch->error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND))
        g_task_return_error (task, no_such_process (pid));
      else
        g_task_return_error (task, g_error_copy (fetch->error));
      return;
    }
  if (!tether_proc_stat_parse (g_bytes_get_data (fetch->data, NULL),
                               g_bytes_get_size (fetch->data), &stat, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_object_freeze_notify (G_OBJECT (process));

  tether_process_set_ppid (process, stat.ppid);
  {
    char state[2] = { stat.state, 0 };

    tether_process_set_state (process, state);
  }
  tether_process_set_threads (process, stat.num_threads);
  tether_process_set_start_ticks (process, stat.start_time_ticks);
  tether_process_set_cpu_time_ms (process, (stat.utime_ticks + stat.stime_ticks) *
                                           (1000 / TICKS_PER_SECOND));
  if (self->boot_time != 0)
    tether_process_set_start_time (process, self->boot_time +
                                            stat.start_time_ticks / TICKS_PER_SECOND);
  if (tether_process_get_name (process) == NULL)
    tether_process_set_name (process, stat.comm);

  g_free (path);
  path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/status", pid);
  fetch = job_expect (job, path);
  if (fetch->data != NULL &&
      tether_proc_status_parse (g_bytes_get_data (fetch->data, NULL),
                                g_bytes_get_size (fetch->data), &status, NULL))
    {
      tether_process_set_uid (process, status.uid_real);
      tether_process_set_tracer_pid (process, status.tracer_pid);
      tether_process_set_rss_bytes (process, status.vm_rss_bytes);
      if (self->user_names != NULL && status.uid_real >= 0)
        {
          const char *user = g_hash_table_lookup (self->user_names,
                                                  GINT_TO_POINTER ((gint)status.uid_real));
          g_autofree char *numeric = g_strdup_printf ("%" G_GINT64_FORMAT, status.uid_real);

          tether_process_set_user (process, user != NULL ? user : numeric);
        }
    }

  g_free (path);
  path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/cmdline", pid);
  fetch = job_expect (job, path);
  if (fetch->data != NULL)
    {
      g_auto(GStrv) argv = tether_proc_cmdline_parse (g_bytes_get_data (fetch->data, NULL),
                                                      g_bytes_get_size (fetch->data));

      tether_process_set_argv (process, (const char * const *)argv);
      if (tether_process_get_command_line (process) == NULL && argv[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (" ", argv);

          tether_process_set_command_line (process, joined);
        }
    }

  g_free (path);
  path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/exe", pid);
  fetch = job_expect (job, path);
  if (fetch->target != NULL)
    {
      /* The kernel marks a replaced or removed executable; the path is what the user wants. */
      if (g_str_has_suffix (fetch->target, " (deleted)"))
        fetch->target[strlen (fetch->target) - strlen (" (deleted)")] = '\0';
      tether_process_set_exe (process, fetch->target);
    }

  tether_process_set_has_details (process, TRUE);
  g_object_thaw_notify (G_OBJECT (process));

  g_task_return_boolean (task, TRUE);
}

void
tether_inspector_describe_async (TetherInspector     *self,
                                 TetherProcess       *process,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  Job *job;
  gint64 pid;

  g_return_if_fail (TETHER_IS_INSPECTOR (self));
  g_return_if_fail (TETHER_IS_PROCESS (process));

  pid = tether_process_get_pid (process);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_inspector_describe_async);

  job = job_new (describe_done);
  job->process = g_object_ref (process);
  add_host_facts (self, job);
  job_add (job, FALSE, "/proc/%" G_GINT64_FORMAT "/stat", pid);
  job_add (job, FALSE, "/proc/%" G_GINT64_FORMAT "/status", pid);
  job_add (job, FALSE, "/proc/%" G_GINT64_FORMAT "/cmdline", pid);
  job_add (job, TRUE, "/proc/%" G_GINT64_FORMAT "/exe", pid);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);

  fetch_next (task);
}

gboolean
tether_inspector_describe_finish (TetherInspector  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (TETHER_IS_INSPECTOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Attach pre-flight */

static const char *
user_name (TetherInspector *self,
           gint64           uid,
           char            *buffer,
           gsize            size)
{
  const char *name = NULL;

  if (self->user_names != NULL)
    name = g_hash_table_lookup (self->user_names, GINT_TO_POINTER ((gint)uid));
  if (name != NULL)
    g_snprintf (buffer, size, "%s (uid %" G_GINT64_FORMAT ")", name, uid);
  else
    g_snprintf (buffer, size, "uid %" G_GINT64_FORMAT, uid);
  return buffer;
}

static void check_attach_done (GTask *task);

static void
check_attach_done (GTask *task)
{
  TetherInspector *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_auto(TetherProcStatus) status = { 0 };
  g_autofree char *path = NULL;
  char owner[128];
  char server_user[128];
  Fetch *fetch;
  GError *error = NULL;

  take_host_facts (self, job);

  path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/status", job->pid);
  fetch = job_expect (job, path);
  if (fetch->data == NULL)
    {
      if (g_error_matches (fetch->error, TETHER_ERROR, TETHER_ERROR_NOT_FOUND))
        g_task_return_error (task, no_such_process (job->pid));
      else
        g_task_return_error (task, g_error_copy (fetch->error));
      return;
    }
  if (!tether_proc_status_parse (g_bytes_get_data (fetch->data, NULL),
                                 g_bytes_get_size (fetch->data), &status, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->pid == self->server_pid)
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_PERMISSION,
                         _("Process %d is the server itself; it cannot debug "
                           "itself."), (int)job->pid);
  else if (status.state == 'Z')
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_NO_SUCH_PROCESS,
                         _("Process %d (%s) has exited and is a zombie waiting "
                           "for its parent; there is nothing left to debug."), (int)job->pid, status.name);
  else if (job->pid == 2 || status.ppid == 2)
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_PERMISSION,
                         _("Process %d (%s) is a kernel thread; kernel threads "
                           "cannot be debugged."), (int)job->pid, status.name);
  else if (status.tracer_pid > 0)
    {
      g_autofree char *tracer_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/comm",
                                                      status.tracer_pid);
      Fetch *tracer = job_get (job, tracer_path);
      g_autofree char *tracer_name = NULL;

      if (!job->tracer_lookup)
        {
          /* One more round trip, for a message that names the other debugger. */
          job->tracer_lookup = TRUE;
          job_add (job, FALSE, "%s", tracer_path);
          g_object_ref (task);
          fetch_next (task);
          return;
        }

      if (tracer != NULL && tracer->data != NULL)
        tracer_name = g_strstrip (g_strndup (g_bytes_get_data (tracer->data, NULL),
                                             g_bytes_get_size (tracer->data)));
      error = g_error_new (TETHER_ERROR, TETHER_ERROR_ALREADY_TRACED,
                           _("Process %d (%s) is already being debugged by "
                             "process %d (%s). Detach that debugger first."), (int)job->pid, status.name, (int)status.tracer_pid,
                           tracer_name != NULL ? tracer_name : _("unknown"));
    }
  else if (self->server_uid > 0 && status.uid_real != self->server_uid)
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_PERMISSION,
                         _("Process %d (%s) belongs to %s, but the server runs "
                           "as %s. Run gdbserver as that user, or as root."), (int)job->pid, status.name,
                         user_name (self, status.uid_real, owner, sizeof owner),
                         user_name (self, self->server_uid, server_user, sizeof server_user));
  else if (self->ptrace_scope >= 3)
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_PERMISSION,
                         _("Attaching is disabled on the server's machine "
                           "(kernel.yama.ptrace_scope = 3) until it reboots. Start the program "
                           "under the debugger instead."));
  else if (self->ptrace_scope == 2 && self->server_uid != 0)
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_PERMISSION,
                         _("Only root may attach on the server's machine "
                           "(kernel.yama.ptrace_scope = 2). Run gdbserver as root."));
  else if (self->ptrace_scope == 1 && self->server_uid != 0 && status.ppid != self->server_pid)
    error = g_error_new (TETHER_ERROR, TETHER_ERROR_PERMISSION,
                         _("The server's machine only lets a debugger attach to its own child "
                           "processes (kernel.yama.ptrace_scope = 1). Run “sudo sysctl "
                           "kernel.yama.ptrace_scope=0” there, run gdbserver as root, or start "
                           "the program under the debugger."));

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
tether_inspector_check_attach_async (TetherInspector     *self,
                                     gint64               pid,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (TETHER_IS_INSPECTOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_inspector_check_attach_async);

  job = job_new (check_attach_done);
  job->pid = pid;
  add_host_facts (self, job);
  job_add (job, FALSE, "/proc/%" G_GINT64_FORMAT "/status", pid);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);

  fetch_next (task);
}

gboolean
tether_inspector_check_attach_finish (TetherInspector  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (TETHER_IS_INSPECTOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
tether_inspector_dispose (GObject *object)
{
  TetherInspector *self = (TetherInspector *)object;

  g_clear_object (&self->host_io);

  G_OBJECT_CLASS (tether_inspector_parent_class)->dispose (object);
}

static void
tether_inspector_finalize (GObject *object)
{
  TetherInspector *self = (TetherInspector *)object;

  g_clear_pointer (&self->user_names, g_hash_table_unref);

  G_OBJECT_CLASS (tether_inspector_parent_class)->finalize (object);
}

static void
tether_inspector_class_init (TetherInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_inspector_dispose;
  object_class->finalize = tether_inspector_finalize;
}

static void
tether_inspector_init (TetherInspector *self)
{
  self->server_uid = -1;
  self->server_pid = -1;
  self->ptrace_scope = -1;
}

TetherInspector *
tether_inspector_new (TetherHostIo *host_io)
{
  TetherInspector *self;

  g_return_val_if_fail (TETHER_IS_HOST_IO (host_io), NULL);

  self = g_object_new (TETHER_TYPE_INSPECTOR, NULL);
  self->host_io = g_object_ref (host_io);
  return self;
}
