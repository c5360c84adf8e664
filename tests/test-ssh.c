/* test-ssh.c: ssh: end to end against a real OpenSSH server on a loopback port, with throwaway keys
 *
 * The test generates a host key and user keys with ssh-keygen in a scratch directory, starts
 * "sshd -D -e -f CONFIG" as the current user on a free 127.0.0.1 port (key logins only, no
 * passwords, AuthorizedKeysFile in the scratch directory), and hands ssh a generated ssh_config
 * through config= (its own known_hosts, strict host key checking) and the key through identity=.
 * Then gdbserver runs through it; wrong host keys, a refused key, a far side without gdbserver and
 * a closed port give their own errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-server.h"
#include "tether-test-secure.h"
#include "tether-test-util.h"
#include "tether-transport-private.h"

static struct
{
  char        *dir;
  guint16      port;
  GSubprocess *sshd;
  GPid         sshd_pid;
  char        *user_key;      /* authorized */
  char        *nopath_key;    /* authorized, but its sessions have PATH=/nonexistent */
  char        *other_key;     /* not authorized */
  char        *config;        /* known_hosts holds the real host key */
  char        *config_wrong;  /* known_hosts holds another key for the same host and port */
  char        *config_empty;  /* known_hosts knows nothing */
  char        *skip_reason;
} ssh;

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (text);
}

static char *
keygen (const char *name)
{
  g_autofree char *path = g_build_filename (ssh.dir, name, NULL);
  const char *argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path,
                         NULL };

  tether_test_run (argv);
  return g_steal_pointer (&path);
}

static char *
write_client_config (const char *name,
                     const char *known_hosts)
{
  g_autofree char *known_hosts_path = NULL;
  g_autofree char *name_known = g_strconcat (name, ".known_hosts", NULL);
  g_autofree char *text = NULL;

  known_hosts_path = tether_test_write (ssh.dir, name_known, known_hosts);
  text = g_strdup_printf ("Host *\n"
                          "  UserKnownHostsFile %s\n"
                          "  GlobalKnownHostsFile /dev/null\n"
                          "  StrictHostKeyChecking yes\n"
                          "  PasswordAuthentication no\n"
                          "  KbdInteractiveAuthentication no\n"
                          "  ForwardAgent no\n",
                          known_hosts_path);
  return tether_test_write (ssh.dir, name, text);
}

/* Sets the fixture up, or says in ssh.skip_reason why it cannot be. */
static void
start_sshd (void)
{
  g_autofree char *host_key = NULL;
  g_autofree char *wrong_host_key = NULL;
  g_autofree char *sshd_config = NULL;
  g_autofree char *host_pub = NULL;
  g_autofree char *wrong_pub = NULL;
  g_autofree char *user_pub = NULL;
  g_autofree char *nopath_pub = NULL;
  g_autofree char *authorized = NULL;
  g_autofree char *known = NULL;
  g_autofree char *known_wrong = NULL;
  g_autofree char *pub_path = NULL;
  g_autoptr(GError) last_error = NULL;

  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE) ||
      !tether_test_has_program ("ssh-keygen") || !tether_test_has_program ("ssh"))
    {
      ssh.skip_reason = g_strdup ("needs OpenSSH (openssh-server and openssh-client)");
      return;
    }

  /* sshd run by another user than root can log in that user only, and only if it has a shell. */
  {
    struct passwd *entry = getpwuid (getuid ());

    if (entry == NULL || entry->pw_shell == NULL || g_str_has_suffix (entry->pw_shell, "nologin") ||
        g_str_has_suffix (entry->pw_shell, "/false"))
      {
        ssh.skip_reason = g_strdup_printf ("user %s has no login shell for sshd to run gdbserver "
                                           "with", g_get_user_name ());
        return;
      }
  }

  /* sshd run by root checks its privilege separation directory. */
  if (getuid () == 0 && !g_file_test ("/run/sshd", G_FILE_TEST_IS_DIR))
    g_mkdir_with_parents ("/run/sshd", 0755);

  ssh.dir = tether_test_scratch_new ("tether-ssh");
  host_key = keygen ("host_key");
  wrong_host_key = keygen ("wrong_host_key");
  ssh.user_key = keygen ("user_key");
  ssh.nopath_key = keygen ("nopath_key");
  ssh.other_key = keygen ("other_key");

  pub_path = g_strconcat (ssh.user_key, ".pub", NULL);
  user_pub = read_text (pub_path);
  g_free (pub_path);
  pub_path = g_strconcat (ssh.nopath_key, ".pub", NULL);
  nopath_pub = read_text (pub_path);
  g_free (pub_path);
  pub_path = g_strconcat (host_key, ".pub", NULL);
  host_pub = read_text (pub_path);
  g_free (pub_path);
  pub_path = g_strconcat (wrong_host_key, ".pub", NULL);
  wrong_pub = read_text (pub_path);

  authorized = g_strdup_printf ("%s\nenvironment=\"PATH=/nonexistent\" %s\n", user_pub,
                                nopath_pub);
  g_free (tether_test_write (ssh.dir, "authorized_keys", authorized));

  for (guint attempt = 0; attempt < 5 && ssh.sshd == NULL; attempt++)
    {
      g_autofree char *authorized_path = g_build_filename (ssh.dir, "authorized_keys", NULL);
      g_autofree char *text = NULL;
      const char *argv[] = { "/usr/sbin/sshd", "-D", "-e", "-f", NULL, NULL };

      ssh.port = tether_test_free_port ();
      text = g_strdup_printf ("Port %u\n"
                              "ListenAddress 127.0.0.1\n"
                              "HostKey %s\n"
                              "PidFile none\n"
                              "AuthorizedKeysFile %s\n"
                              "StrictModes no\n"
                              "PubkeyAuthentication yes\n"
                              "PasswordAuthentication no\n"
                              "KbdInteractiveAuthentication no\n"
                              "PermitRootLogin prohibit-password\n"
                              "PermitUserEnvironment PATH\n"
                              "UsePAM no\n"
                              "AllowTcpForwarding no\n"
                              "X11Forwarding no\n"
                              "PrintMotd no\n",
                              ssh.port, host_key, authorized_path);
      g_free (sshd_config);
      sshd_config = tether_test_write (ssh.dir, "sshd_config", text);
      argv[4] = sshd_config;
      g_clear_error (&last_error);
      ssh.sshd = tether_test_start_listener (argv, ssh.port, &last_error);
    }
  if (ssh.sshd == NULL)
    {
      ssh.skip_reason = g_strdup_printf ("sshd did not start as user %s: %s",
                                         g_get_user_name (), last_error->message);
      return;
    }
  ssh.sshd_pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (ssh.sshd), NULL, 10);

  known = g_strdup_printf ("[127.0.0.1]:%u %s\n", ssh.port, host_pub);
  known_wrong = g_strdup_printf ("[127.0.0.1]:%u %s\n", ssh.port, wrong_pub);
  ssh.config = write_client_config ("ssh_config", known);
  ssh.config_wrong = write_client_config ("ssh_config_wrong", known_wrong);
  ssh.config_empty = write_client_config ("ssh_config_empty", "");
}

static void
stop_sshd (void)
{
  tether_test_stop_listener (g_steal_pointer (&ssh.sshd));
  tether_test_scratch_remove (g_steal_pointer (&ssh.dir));
  g_clear_pointer (&ssh.user_key, g_free);
  g_clear_pointer (&ssh.nopath_key, g_free);
  g_clear_pointer (&ssh.other_key, g_free);
  g_clear_pointer (&ssh.config, g_free);
  g_clear_pointer (&ssh.config_wrong, g_free);
  g_clear_pointer (&ssh.config_empty, g_free);
  g_clear_pointer (&ssh.skip_reason, g_free);
}

static gboolean
skip_without_sshd (void)
{
  if (ssh.skip_reason == NULL)
    return FALSE;
  g_test_skip (ssh.skip_reason);
  return TRUE;
}

/* ssh:host=127.0.0.1,port=N,user=ME,identity=KEY,config=CONFIG, quoted where needed. */
static char *
connection_string (const char *key,
                   const char *config,
                   const char *extra)
{
  return g_strdup_printf ("ssh:host=127.0.0.1,port=%u,user=%s,identity=\"%s\",config=\"%s\"%s",
                          ssh.port, g_get_user_name (), key, config, extra != NULL ? extra : "");
}

/* Connects with @key, @config and @extra options and expects that to fail: returns the error. */
static GError *
connect_error (const char *key,
               const char *config,
               const char *extra)
{
  g_autofree char *options = connection_string (key, config, extra);

  return tether_test_connect_error (options);
}

static GPid
parent_of (GPid pid)
{
  g_autofree char *ppid = tether_test_proc_status (pid, "PPid");

  return ppid != NULL ? (GPid)g_ascii_strtoll (ppid, NULL, 10) : 0;
}

/* The live (not zombie) descendant of @ancestor whose name is @name, or 0. */
static GPid
find_descendant (GPid        ancestor,
                 const char *name)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *entry;

  g_assert_nonnull (proc);
  while ((entry = g_dir_read_name (proc)) != NULL)
    {
      GPid pid = (GPid)g_ascii_strtoll (entry, NULL, 10);
      g_autofree char *comm = NULL;
      g_autofree char *state = NULL;

      if (pid <= 0)
        continue;
      comm = tether_test_proc_status (pid, "Name");
      state = tether_test_proc_status (pid, "State");
      if (g_strcmp0 (comm, name) != 0 || state == NULL || state[0] == 'Z')
        continue;
      for (GPid p = parent_of (pid); p > 1; p = parent_of (p))
        if (p == ancestor)
          return pid;
    }
  return 0;
}

static void
test_list_and_find (void)
{
  g_autofree char *options = NULL;
  g_autoptr(TetherTestVictim) victim = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(TetherProcess) found = NULL;
  g_autoptr(GError) error = NULL;
  TetherServer *server;
  GPid remote_gdbserver;
  gboolean listed = FALSE;

  if (skip_without_sshd ())
    return;

  options = connection_string (ssh.user_key, ssh.config, NULL);
  victim = tether_test_victim_start ("600");
  server = tether_test_connect (options);

  /* gdbserver runs on the far side of sshd, as this user. */
  remote_gdbserver = find_descendant (ssh.sshd_pid, "gdbserver");
  g_assert_cmpint (remote_gdbserver, >, 0);

  tether_server_list_processes_async (server, NULL, tether_test_store_result, &result);
  processes = tether_server_list_processes_finish (server, tether_test_wait (&result, 30000),
                                                   &error);
  g_clear_object (&result);
  if (tether_test_skip_if_gdbserver_hung (remote_gdbserver, error))
    {
      tether_test_disconnect (server);
      return;
    }
  g_assert_no_error (error);
  for (guint i = 0; i < processes->len; i++)
    {
      TetherProcess *process = g_ptr_array_index (processes, i);

      if (tether_process_get_pid (process) == victim->pid)
        {
          g_assert_true (g_str_has_prefix (tether_process_get_command_line (process),
                                           victim->path));
          listed = TRUE;
        }
    }
  g_assert_true (listed);

  tether_server_find_process_async (server, victim->name, TETHER_MATCH_ONLY, NULL,
                                    tether_test_store_result, &result);
  found = tether_server_find_process_finish (server, tether_test_wait (&result, 30000), NULL,
                                             &error);
  g_clear_object (&result);
  if (tether_test_skip_if_gdbserver_hung (remote_gdbserver, error))
    {
      tether_test_disconnect (server);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (tether_process_get_pid (found), ==, victim->pid);

  /* Disconnecting ends the remote gdbserver too. */
  tether_test_disconnect (server);
  g_assert_true (tether_test_wait_gone (remote_gdbserver, 20000));
}

/* Without --once, gdbserver must still end when the link goes: sshd closes its pipes and its
 * next write (to standard error) kills it. */
static void
test_link_cut (void)
{
  g_autofree char *options = NULL;
  TetherServer *server;
  GPid remote_gdbserver;
  GPid ssh_client;

  if (skip_without_sshd ())
    return;

  options = connection_string (ssh.user_key, ssh.config, NULL);
  server = tether_test_connect (options);
  remote_gdbserver = find_descendant (ssh.sshd_pid, "gdbserver");
  ssh_client = find_descendant (getpid (), "ssh");
  g_assert_cmpint (remote_gdbserver, >, 0);
  g_assert_cmpint (ssh_client, >, 0);

  kill (ssh_client, SIGKILL);
  g_assert_true (tether_test_wait_gone (remote_gdbserver, 20000));

  g_object_unref (server);
}

static void
test_host_key_changed (void)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_sshd ())
    return;

  error = connect_error (ssh.user_key, ssh.config_wrong, NULL);
  tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION,
                              "The host key of 127.0.0.1 has changed", "intercepting",
                              "ssh-keygen -R 127.0.0.1", "connect once by hand", NULL);
}

static void
test_host_key_unknown (void)
{
  g_autofree char *by_hand = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_sshd ())
    return;

  error = connect_error (ssh.user_key, ssh.config_empty, NULL);
  by_hand = g_strdup_printf ("-p %u %s@127.0.0.1", ssh.port, g_get_user_name ());
  tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION,
                              "The host key of 127.0.0.1 could not be verified",
                              "not in your known_hosts file", "Connect once by hand", by_hand,
                              NULL);
}

static void
test_wrong_identity (void)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_sshd ())
    return;

  error = connect_error (ssh.other_key, ssh.config, NULL);
  tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION,
                              "127.0.0.1 refused the login", "Permission denied (publickey",
                              "identity=FILE", "authorized_keys", NULL);
}

static void
test_no_gdbserver (void)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_sshd ())
    return;

  /* This key's sessions have PATH=/nonexistent: the far side has no gdbserver to run. */
  error = connect_error (ssh.nopath_key, ssh.config, NULL);
  tether_test_assert_message (error, TETHER_ERROR_NOT_FOUND,
                              "gdbserver is not installed on 127.0.0.1: install the gdbserver "
                              "package there", NULL);
}

static void
test_gdbserver_path_missing (void)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_sshd ())
    return;

  error = connect_error (ssh.user_key, ssh.config, ",gdbserver=/nonexistent/gdbserver");
  tether_test_assert_message (error, TETHER_ERROR_NOT_FOUND,
                              "“/nonexistent/gdbserver” was not found on 127.0.0.1",
                              "gdbserver=", NULL);
}

static void
test_connection_refused (void)
{
  g_autofree char *options = NULL;
  g_autofree char *port = NULL;
  g_autoptr(GError) error = NULL;
  guint16 closed;

  if (skip_without_sshd ())
    return;

  closed = tether_test_free_port ();
  options = g_strdup_printf ("ssh:host=127.0.0.1,port=%u,identity=\"%s\",config=\"%s\"", closed,
                             ssh.user_key, ssh.config);
  error = tether_test_connect_error (options);
  port = g_strdup_printf ("on port %u", closed);
  tether_test_assert_message (error, TETHER_ERROR_CONNECT, "refused the SSH connection", port,
                              NULL);
}

static void
test_missing_files (void)
{
  g_autofree char *absent = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_sshd ())
    return;

  absent = g_build_filename (ssh.dir, "absent_key", NULL);
  error = connect_error (absent, ssh.config, NULL);
  tether_test_assert_message (error, TETHER_ERROR_NOT_FOUND, absent, "identity=", NULL);
  g_clear_error (&error);

  error = connect_error (ssh.user_key, absent, NULL);
  tether_test_assert_message (error, TETHER_ERROR_NOT_FOUND, absent, "config=", NULL);
}

/* A peer that says it is an SSH server and then says nothing more. */
static gboolean
silent_incoming_cb (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source,
                    gpointer           user_data)
{
  static const char banner[] = "SSH-2.0-Silent\r\n";
  GPtrArray *held = user_data;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), banner,
                             sizeof banner - 1, NULL, NULL, NULL);
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

/* ssh that never gets to gdbserver: the open times out, and the ssh it started is ended. */
static void
test_timeout (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(TetherOptions) options = NULL;
  g_autoptr(TetherServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *string = NULL;
  guint16 port;

  if (skip_without_sshd ())
    return;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (service, "incoming", G_CALLBACK (silent_incoming_cb), held);
  g_socket_service_start (service);

  string = g_strdup_printf ("ssh:host=127.0.0.1,port=%u,identity=\"%s\",config=\"%s\"", port,
                            ssh.user_key, ssh.config);
  options = tether_options_parse (string, &error);
  g_assert_no_error (error);
  server = tether_server_new (options);
  tether_server_set_timeout (server, 1500);
  tether_server_connect_async (server, NULL, tether_test_store_result, &result);
  g_assert_false (tether_server_connect_finish (server, tether_test_wait (&result, 30000),
                                                &error));
  g_test_message ("%s", error->message);
  tether_test_assert_message (error, TETHER_ERROR_TIMED_OUT, "No answer within 1.5 s", NULL);
  g_assert_cmpuint (held->len, ==, 1);

  /* The ssh client was ended by PID. */
  for (gint64 start = g_get_monotonic_time ();
       find_descendant (getpid (), "ssh") != 0 && tether_test_elapsed_ms (start) < 10000;)
    tether_test_spin (50);
  g_assert_cmpint (find_descendant (getpid (), "ssh"), ==, 0);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* The explanations, from ssh's own words (OpenSSH 9.2), without a server. */
static void
test_explain (void)
{
  static const struct
  {
    int         status;
    const char *text;
    int         code;
    const char *needle;
  } cases[] = {
    { 255, "Host key verification failed.", TETHER_ERROR_AUTHENTICATION, "could not be verified" },
    { 255, "@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
           "Host key verification failed.", TETHER_ERROR_AUTHENTICATION, "has changed" },
    { 255, "dev@box: Permission denied (publickey,password).", TETHER_ERROR_AUTHENTICATION,
      "(“dev@box: Permission denied (publickey,password).”)" },
    { 255, "ssh: connect to host box port 22: Connection refused", TETHER_ERROR_CONNECT,
      "on port 22" },
    { 255, "ssh: Could not resolve hostname box: Name or service not known",
      TETHER_ERROR_CONNECT, "Unknown host box" },
    { 255, "/tmp/c: line 1: Bad configuration option: bogus\n"
           "/tmp/c: terminating, 1 bad configuration options", TETHER_ERROR_CONNECT, "config=" },
    { 255, "Load key \"/k\": invalid format\ndev@box: Permission denied (publickey).",
      TETHER_ERROR_AUTHENTICATION, "refused the login" },
    { 255, "ssh: connect to host box port 22: No route to host", TETHER_ERROR_CONNECT,
      "No route to host" },
    { 127, "bash: line 1: exec: gdbserver: not found", TETHER_ERROR_NOT_FOUND,
      "gdbserver is not installed on box" },
    /* the remote shell's "Permission denied" is about gdbserver, not the login */
    { 126, "bash: line 1: /usr/bin/gdbserver: Permission denied", TETHER_ERROR_NOT_FOUND,
      "install the gdbserver package" },
    { 1, "gdbserver: unrecognized option", TETHER_ERROR_CONNECT, "exit status 1" },
    { -1, "", TETHER_ERROR_CONNECT, "killed" },
  };
  g_autoptr(TetherOptions) options = tether_options_parse ("ssh:host=box", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = _tether_transport_explain_ssh (options, cases[i].status,
                                                               cases[i].text);

      g_test_message ("%d %s -> %s", cases[i].status, cases[i].text, error->message);
      tether_test_assert_message (error, cases[i].code, cases[i].needle, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ssh/explain", test_explain);
  g_test_add_func ("/ssh/list-and-find", test_list_and_find);
  g_test_add_func ("/ssh/link-cut", test_link_cut);
  g_test_add_func ("/ssh/host-key-changed", test_host_key_changed);
  g_test_add_func ("/ssh/host-key-unknown", test_host_key_unknown);
  g_test_add_func ("/ssh/wrong-identity", test_wrong_identity);
  g_test_add_func ("/ssh/no-gdbserver", test_no_gdbserver);
  g_test_add_func ("/ssh/gdbserver-path-missing", test_gdbserver_path_missing);
  g_test_add_func ("/ssh/connection-refused", test_connection_refused);
  g_test_add_func ("/ssh/missing-files", test_missing_files);
  g_test_add_func ("/ssh/timeout", test_timeout);

  start_sshd ();
  status = g_test_run ();
  stop_sshd ();
  return status;
}
