/* tether-test-util.h: real servers and real processes for the integration tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tether-rsp-connection.h"
#include "tether-server.h"

/* Defined in a build with AddressSanitizer (GCC or clang), whose quarantine keeps freed memory. */
#if defined(__SANITIZE_ADDRESS__)
#define TETHER_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TETHER_TEST_UNDER_ASAN 1
#endif
#endif

G_BEGIN_DECLS

/* A real "gdbserver --multi 127.0.0.1:0" (it picks its own free port and says which). */
typedef struct
{
  GSubprocess *process;
  GPid         pid;
  guint16      port;
  char        *options;   /* "tcp:server=127.0.0.1,port=N" */
} TetherTestGdbserver;

TetherTestGdbserver *tether_test_gdbserver_start (void);
/* The same, running as the unprivileged user "nobody" (through setpriv; the test must be root). */
TetherTestGdbserver *tether_test_gdbserver_start_as_nobody (void);
/* A gdbserver started with @argv, which must make it listen on "127.0.0.1:0". */
TetherTestGdbserver *tether_test_gdbserver_start_argv (const char * const *argv);
/* Kills it by PID and waits for it. */
void                 tether_test_gdbserver_stop  (TetherTestGdbserver *server);

/* A real "lldb-server platform --server --listen 127.0.0.1:0" (it picks its own port and writes it
 * to --socket-file). NULL, and the test marked skipped, if lldb-server is not installed. */
typedef struct
{
  GSubprocess *process;
  GPid         pid;
  guint16      port;
  char        *dir;       /* for the port file */
  char        *options;   /* "tcp:server=127.0.0.1,port=N" (no kind=: detection decides) */
} TetherTestLldbPlatform;

/* The lldb-server program (lldb-server, lldb-server-14, …), or NULL. */
char                   *tether_test_find_lldb_server   (void);
TetherTestLldbPlatform *tether_test_lldb_platform_start (void);
/* Kills it by PID and waits for it. */
void                    tether_test_lldb_platform_stop  (TetherTestLldbPlatform *platform);

/* A long-running process (a copy of sleep) whose path has spaces, <&>"' and non-ASCII characters.
 * Killed and reaped by tether_test_victim_stop(). */
typedef struct
{
  GSubprocess *process;
  GPid         pid;
  char        *dir;
  char        *path;      /* the executable */
  char        *name;      /* its file name */
} TetherTestVictim;

TetherTestVictim *tether_test_victim_start (const char *seconds);
void              tether_test_victim_stop  (TetherTestVictim *victim);

/* Iterates the default main context until *slot is set; fails the test after @timeout_ms. */
GAsyncResult     *tether_test_wait         (GAsyncResult **slot,
                                            guint          timeout_ms);
/* A GAsyncReadyCallback that stores a reference to the result in user_data (a GAsyncResult **). */
void              tether_test_store_result (GObject       *object,
                                            GAsyncResult  *result,
                                            gpointer       user_data);
/* A new server for @options (a connection string), not connected; its requests time out after
 * @timeout_ms (0: the server's default). */
TetherServer     *tether_test_new_server   (const char    *options,
                                            guint          timeout_ms);
/* Connects @server (waiting 20 s at most); FALSE with @error set on failure. */
gboolean          tether_test_try_connect  (TetherServer  *server,
                                            GError       **error);
/* Connects a new server to @options (a connection string) or fails the test. */
TetherServer     *tether_test_connect      (const char    *options);
/* The same, its requests (the handshake included) timing out after @timeout_ms. */
TetherServer     *tether_test_connect_timeout (const char *options,
                                               guint       timeout_ms);
/* Disconnects (releasing what it holds) and checks the server finalizes. */
void              tether_test_disconnect   (TetherServer  *server);
/* A field of /proc/PID/status ("TracerPid", "State"), or NULL if the process is gone. */
char             *tether_test_proc_status  (GPid           pid,
                                            const char    *field);
/* A field of this process's /proc/self/status given in kB ("VmRSS", "VmHWM"); fails the test if
 * it is missing. */
guint64           tether_test_self_status_kb (const char *field);
/* TRUE once /proc/PID/status shows @state ('S', 't', …); waits up to @timeout_ms. A process just
 * resumed runs ('R') for a moment before it sleeps again. */
gboolean          tether_test_wait_state   (GPid           pid,
                                            char           state,
                                            guint          timeout_ms);
/* TRUE once /proc/PID is gone or a zombie; waits up to @timeout_ms. */
gboolean          tether_test_wait_gone    (GPid           pid,
                                            guint          timeout_ms);
/* Iterates the main loop for @ms milliseconds. */
void              tether_test_spin         (guint          ms);
/* The main loop's heartbeat: a 10 ms timer that counts its ticks and notes the longest gap
 * between them (the first counted from the start). */
typedef struct
{
  guint  id;
  guint  ticks;
  gint64 start_us;
  gint64 last_us;
  gint64 longest_gap_us;
} TetherTestHeartbeat;

void              tether_test_heartbeat_start (TetherTestHeartbeat *beat);
/* Stops the timer; returns the milliseconds since the start. */
gint64            tether_test_heartbeat_stop  (TetherTestHeartbeat *beat);
/* Milliseconds since @start_us (a g_get_monotonic_time() value). */
gint64            tether_test_elapsed_ms   (gint64         start_us);

/* A condition for tether_test_poll_until(). */
typedef gboolean (*TetherTestCondition) (gpointer data);

/* Iterates the main loop until @condition holds or @timeout_ms pass; returns whether it holds.
 * A 10 ms tick wakes the loop up now and then, so the deadline is checked even if nothing
 * happens. */
gboolean          tether_test_poll_until   (TetherTestCondition condition,
                                            gpointer            data,
                                            guint               timeout_ms);
/* Conditions: @data is a GIOStream that is closed; GINT_TO_POINTER (pid) of a process whose
 * /proc/PID is gone or a zombie. */
gboolean          tether_test_stream_is_closed (gpointer   data);
gboolean          tether_test_pid_is_gone      (gpointer   data);

/* Dials 127.0.0.1:@port; NULL with @error set on failure. */
GIOStream        *tether_test_try_dial     (guint16        port,
                                            GError       **error);
/* The same, or fails the test. */
GIOStream        *tether_test_dial         (guint16        port);
/* Runs the RSP handshake on @connection (with its own timeout). */
void              tether_test_handshake    (TetherRspConnection    *connection,
                                            GError                **error);
/* Sends @packet and waits for its reply; NULL with @error set on failure. */
GBytes           *tether_test_request      (TetherRspConnection    *connection,
                                            const char             *packet,
                                            TetherRspRequestFlags   flags,
                                            GError                **error);

/* Requests to a server and the checks the gdbserver and lldb suites share (tether-test-server.c). */

/* Lists @server's processes (waiting 20 s at most); NULL with @error set on failure. */
GPtrArray        *tether_test_try_list       (TetherServer  *server,
                                              GError       **error);
/* TetherServer requests that must succeed within 20 s (or fail the test): the process listing
 * (a new array), describing @process, controlling a held process. */
GPtrArray        *tether_test_list_processes (TetherServer  *server);
void              tether_test_describe       (TetherServer  *server,
                                              TetherProcess *process);
void              tether_test_control        (TetherServer  *server,
                                              gint64         pid,
                                              TetherControl  what);
/* Requests whose failure the test checks: attaching to @pid, creating a process. */
gboolean          tether_test_attach         (TetherServer  *server,
                                              gint64         pid,
                                              gboolean       resume,
                                              GError       **error);
gint64            tether_test_create         (TetherServer              *server,
                                              const TetherCreateOptions *options,
                                              GError                   **error);
/* Checks tether_server_find_process() on two copies of a victim: by name, by path, and that
 * TETHER_MATCH_ONLY names both PIDs when both match. */
void              tether_test_check_find     (TetherServer  *server);
/* Checks a process @pid that @server holds stopped: it lists its one thread, continues it
 * (sleeping), stops it (traced, stopped) and detaches from it. */
void              tether_test_check_held     (TetherServer  *server,
                                              gint64         pid);
/* The process with @pid in @processes, or NULL. */
TetherProcess    *tether_test_find_pid       (GPtrArray     *processes,
                                              gint64         pid);
/* Waits (a little) for /proc/PID to show state @expected ('S' sleeping, 't' traced and stopped,
 * …) and returns the state it settled in; fails the test if the process is gone. */
char              tether_test_proc_state     (GPid           pid,
                                              char           expected);
/* The TracerPid of @pid; fails the test if the process is gone. */
gint64            tether_test_tracer_of      (GPid           pid);

/* The value of @name in /proc/PID/environ (a new string), or NULL if it is not set there. */
char             *tether_test_environ_var    (gint64         pid,
                                              const char    *name);

/* gdbserver 13.1 (Debian 12) can spin forever in commandline_from_pid() (gdb/nat/linux-osdata.c)
 * when a process ends between its opening /proc/PID/cmdline and reading it, so that a process
 * listing never gets an answer. Other suites start and end processes all the time: when a listing
 * times out, this tells whether that hang is the cause (the server @pid still holds the dead
 * process's cmdline open). */
gboolean          tether_test_gdbserver_stuck (GPid          pid);
/* Marks the test skipped, and returns TRUE, if @error is a timeout caused by that hang of the
 * gdbserver @pid; FALSE (and nothing done) otherwise. */
gboolean          tether_test_skip_if_gdbserver_hung (GPid          pid,
                                                      const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestGdbserver, tether_test_gdbserver_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestVictim, tether_test_victim_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherTestLldbPlatform, tether_test_lldb_platform_stop)

G_END_DECLS
