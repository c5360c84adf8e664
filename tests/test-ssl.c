/* test-ssl.c: ssl: end to end against socat terminating TLS in front of a real gdbserver
 *
 * The test makes a throwaway certificate authority and server certificates with openssl in a
 * scratch directory (one for 127.0.0.1, one for another name, one expired, one self-signed), starts
 * a gdbserver on loopback, and puts "socat OPENSSL-LISTEN:PORT,… TCP:127.0.0.1:GDBPORT" in front of
 * it on a free 127.0.0.1 port. Trusted (cafile=) and pinned (pin=) certificates work end to end;
 * untrusted, mismatched and expired ones are refused with their own messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "tether-error.h"
#include "tether-server.h"
#include "tether-test-secure.h"
#include "tether-test-util.h"

static struct
{
  char                *dir;
  char                *ca;           /* the authority's certificate (cafile=) */
  char                *good;         /* signed by it, for IP 127.0.0.1 */
  char                *wrong_name;   /* signed by it, for tether-wrong-name.invalid only */
  char                *expired;      /* signed by it, for 127.0.0.1, expired in 2020 */
  char                *self_signed;  /* signed by itself */
  TetherTestGdbserver *gdbserver;
  char                *skip_reason;
} tls;

/* A socat terminating TLS with @certificate (its key beside it, as .key) in front of the
 * gdbserver. */
typedef struct
{
  GSubprocess *socat;
  guint16      port;
} Front;

static char *
path_in_dir (const char *name)
{
  return g_build_filename (tls.dir, name, NULL);
}

/* Signs @name.csr with the authority into @name.pem, for the subjectAltName @san. */
static char *
sign (const char *name,
      const char *san)
{
  g_autofree char *csr = g_strconcat (tls.dir, "/", name, ".csr", NULL);
  g_autofree char *key = g_strconcat (tls.dir, "/", name, ".key", NULL);
  g_autofree char *pem = g_strconcat (tls.dir, "/", name, ".pem", NULL);
  g_autofree char *ext_text = g_strdup_printf ("subjectAltName=%s\nbasicConstraints=CA:FALSE\n"
                                               "extendedKeyUsage=serverAuth\n", san);
  g_autofree char *ext_name = g_strconcat (name, ".ext", NULL);
  g_autofree char *ext = tether_test_write (tls.dir, ext_name, ext_text);
  g_autofree char *ca_key = path_in_dir ("ca.key");
  g_autofree char *serial = path_in_dir ("ca.srl");
  const char *req[] = { "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr,
                        "-subj", "/CN=Tether test server", NULL };
  const char *x509[] = { "openssl", "x509", "-req", "-in", csr, "-CA", tls.ca, "-CAkey", ca_key,
                         "-CAserial", serial, "-CAcreateserial", "-out", pem, "-days", "2",
                         "-extfile", ext, NULL };

  tether_test_run (req);
  tether_test_run (x509);
  return g_steal_pointer (&pem);
}

/* The same, valid only in 2020 (openssl x509 cannot backdate: openssl ca can). */
static char *
sign_expired (const char *name)
{
  g_autofree char *csr = g_strconcat (tls.dir, "/", name, ".csr", NULL);
  g_autofree char *key = g_strconcat (tls.dir, "/", name, ".key", NULL);
  g_autofree char *pem = g_strconcat (tls.dir, "/", name, ".pem", NULL);
  g_autofree char *ca_key = path_in_dir ("ca.key");
  g_autofree char *index = tether_test_write (tls.dir, "index.txt", "");
  g_autofree char *serial = tether_test_write (tls.dir, "serial", "1000\n");
  g_autofree char *config_text = NULL;
  g_autofree char *config = NULL;
  const char *req[] = { "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr,
                        "-subj", "/CN=Tether test server", NULL };

  config_text = g_strdup_printf ("[ca]\ndefault_ca = test_ca\n"
                                 "[test_ca]\ndatabase = %s\nserial = %s\nnew_certs_dir = %s\n"
                                 "default_md = sha256\npolicy = any\nx509_extensions = server\n"
                                 "[any]\ncommonName = supplied\n"
                                 "[server]\nsubjectAltName = IP:127.0.0.1\n"
                                 "basicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n",
                                 index, serial, tls.dir);
  config = tether_test_write (tls.dir, "ca.cnf", config_text);
  tether_test_run (req);
  {
    const char *ca[] = { "openssl", "ca", "-batch", "-notext", "-config", config, "-cert", tls.ca,
                         "-keyfile", ca_key, "-in", csr, "-out", pem,
                         "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", NULL };

    tether_test_run (ca);
  }
  return g_steal_pointer (&pem);
}

static void
make_certificates (void)
{
  g_autofree char *ca_key = NULL;
  g_autofree char *self_key = NULL;

  if (!tether_test_has_program ("openssl") || !tether_test_has_program ("socat"))
    {
      tls.skip_reason = g_strdup ("needs openssl and socat");
      return;
    }
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      tls.skip_reason = g_strdup ("GIO has no TLS backend: install glib-networking");
      return;
    }

  tls.dir = tether_test_scratch_new ("tether-ssl");
  ca_key = path_in_dir ("ca.key");
  tls.ca = path_in_dir ("ca.pem");
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca_key,
                           "-out", tls.ca, "-days", "2", "-subj", "/CN=Tether test CA",
                           "-addext", "basicConstraints=critical,CA:TRUE",
                           "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL };

    tether_test_run (argv);
  }

  tls.good = sign ("good", "IP:127.0.0.1");
  tls.wrong_name = sign ("wrong_name", "DNS:tether-wrong-name.invalid");
  tls.expired = sign_expired ("expired");

  self_key = path_in_dir ("self_signed.key");
  tls.self_signed = path_in_dir ("self_signed.pem");
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", self_key,
                           "-out", tls.self_signed, "-days", "2", "-subj",
                           "/CN=Tether self-signed", "-addext",
                           "subjectAltName=DNS:tether-self-signed.invalid", NULL };

    tether_test_run (argv);
  }

  tls.gdbserver = tether_test_gdbserver_start ();
}

static void
remove_certificates (void)
{
  g_clear_pointer (&tls.gdbserver, tether_test_gdbserver_stop);
  tether_test_scratch_remove (g_steal_pointer (&tls.dir));
  g_clear_pointer (&tls.ca, g_free);
  g_clear_pointer (&tls.good, g_free);
  g_clear_pointer (&tls.wrong_name, g_free);
  g_clear_pointer (&tls.expired, g_free);
  g_clear_pointer (&tls.self_signed, g_free);
  g_clear_pointer (&tls.skip_reason, g_free);
}

static gboolean
skip_without_tls (void)
{
  if (tls.skip_reason == NULL)
    return FALSE;
  g_test_skip (tls.skip_reason);
  return TRUE;
}

static Front *
front_start (const char *certificate)
{
  Front *front = g_new0 (Front, 1);
  g_autofree char *base = g_strndup (certificate, strlen (certificate) - strlen (".pem"));
  g_autofree char *key = g_strconcat (base, ".key", NULL);
  g_autoptr(GError) error = NULL;

  for (guint attempt = 0; attempt < 5 && front->socat == NULL; attempt++)
    {
      g_autofree char *listen = NULL;
      g_autofree char *target = g_strdup_printf ("TCP:127.0.0.1:%u", tls.gdbserver->port);
      const char *argv[] = { "socat", NULL, NULL, NULL };

      front->port = tether_test_free_port ();
      /* fork: the readiness probe is a connection of its own. */
      listen = g_strdup_printf ("OPENSSL-LISTEN:%u,bind=127.0.0.1,reuseaddr,fork,cert=%s,"
                                "key=%s,verify=0", front->port, certificate, key);
      argv[1] = listen;
      argv[2] = target;
      g_clear_error (&error);
      front->socat = tether_test_start_listener (argv, front->port, &error);
    }
  g_assert_no_error (error);
  return front;
}

static void
front_stop (Front *front)
{
  tether_test_stop_listener (front->socat);
  g_free (front);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Front, front_stop)

/* "sha256 Fingerprint=AB:CD:…" from openssl: the form a user copies, given as pin= as it is. */
static char *
openssl_fingerprint (const char *certificate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "openssl", "x509", "-in", certificate, "-noout", "-fingerprint",
                         "-sha256", NULL };
  const char *equals;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                NULL, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  equals = strchr (out, '=');
  g_assert_nonnull (equals);
  return g_strstrip (g_strdup (equals + 1));
}

/* The same as 64 lower-case hex digits, as Tether prints it. */
static char *
plain_fingerprint (const char *certificate)
{
  g_autofree char *colons = openssl_fingerprint (certificate);
  GString *hex = g_string_new (NULL);

  for (const char *p = colons; *p != '\0'; p++)
    if (*p != ':')
      g_string_append_c (hex, g_ascii_tolower (*p));
  g_assert_cmpuint (hex->len, ==, 64);
  return g_string_free (hex, FALSE);
}

/* Lists through @server and finds a victim the test started. */
static void
assert_lists_victim (TetherServer *server)
{
  g_autoptr(TetherTestVictim) victim = tether_test_victim_start ("600");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(TetherProcess) found = NULL;
  g_autoptr(GError) error = NULL;
  gboolean listed = FALSE;

  tether_server_list_processes_async (server, NULL, tether_test_store_result, &result);
  processes = tether_server_list_processes_finish (server, tether_test_wait (&result, 30000),
                                                   &error);
  if (tether_test_skip_if_gdbserver_hung (tls.gdbserver->pid, error))
    return;
  g_assert_no_error (error);
  for (guint i = 0; i < processes->len; i++)
    if (tether_process_get_pid (g_ptr_array_index (processes, i)) == victim->pid)
      listed = TRUE;
  g_assert_true (listed);
  g_clear_object (&result);

  tether_server_find_process_async (server, victim->name, TETHER_MATCH_ONLY, NULL,
                                    tether_test_store_result, &result);
  found = tether_server_find_process_finish (server, tether_test_wait (&result, 30000), NULL,
                                             &error);
  if (tether_test_skip_if_gdbserver_hung (tls.gdbserver->pid, error))
    return;
  g_assert_no_error (error);
  g_assert_cmpint (tether_process_get_pid (found), ==, victim->pid);
}

static void
test_cafile (void)
{
  g_autoptr(Front) front = NULL;
  g_autofree char *options = NULL;
  TetherServer *server;

  if (skip_without_tls ())
    return;

  front = front_start (tls.good);
  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,cafile=\"%s\"", front->port, tls.ca);
  server = tether_test_connect (options);
  assert_lists_victim (server);
  tether_test_disconnect (server);
}

static void
test_pin_self_signed (void)
{
  g_autoptr(Front) front = NULL;
  g_autofree char *options = NULL;
  g_autofree char *pin = NULL;
  TetherServer *server;

  if (skip_without_tls ())
    return;

  /* Self-signed, and for another name than 127.0.0.1: the pin alone makes it trusted. The pin is
   * given as openssl prints it (upper case, colons) after "sha256:". */
  front = front_start (tls.self_signed);
  pin = openssl_fingerprint (tls.self_signed);
  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,pin=sha256:%s", front->port, pin);
  server = tether_test_connect (options);
  assert_lists_victim (server);
  tether_test_disconnect (server);
}

static void
test_untrusted (void)
{
  g_autoptr(Front) front = NULL;
  g_autofree char *options = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  /* Signed by an authority this computer does not know, and no cafile= or pin=. */
  front = front_start (tls.good);
  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u", front->port);
  sha256 = plain_fingerprint (tls.good);
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION,
                              "The certificate of 127.0.0.1 is not trusted", "cafile=FILE",
                              "pin=SHA256", sha256, NULL);
  g_clear_error (&error);

  /* The self-signed one, likewise: its fingerprint is the one to pin. */
  {
    g_autoptr(Front) self_front = front_start (tls.self_signed);
    g_autofree char *self_options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u",
                                                     self_front->port);
    g_autofree char *self_sha256 = plain_fingerprint (tls.self_signed);

    error = tether_test_connect_error (self_options);
    tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION, "is not trusted",
                                self_sha256, NULL);
  }
}

static void
test_wrong_pin (void)
{
  g_autoptr(Front) front = NULL;
  g_autofree char *options = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  front = front_start (tls.good);
  actual = plain_fingerprint (tls.good);
  other = plain_fingerprint (tls.self_signed);

  /* Untrusted and not the pinned one. */
  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,pin=%s", front->port, other);
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION, "is not the pinned one",
                              actual, other, NULL);
  g_clear_error (&error);
  g_free (options);

  /* Trusted through cafile=, but still not the pinned one: the pin wins. */
  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,cafile=\"%s\",pin=%s", front->port,
                             tls.ca, other);
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION, "is not the pinned one",
                              actual, other, NULL);
}

static void
test_wrong_name (void)
{
  g_autoptr(Front) front = NULL;
  g_autofree char *options = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  front = front_start (tls.wrong_name);
  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,cafile=\"%s\"", front->port, tls.ca);
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION,
                              "The certificate presented by 127.0.0.1 is not for that name",
                              "server=", NULL);
}

static void
test_expired (void)
{
  g_autoptr(Front) front = NULL;
  g_autofree char *options = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  front = front_start (tls.expired);
  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,cafile=\"%s\"", front->port, tls.ca);
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_AUTHENTICATION,
                              "The certificate of 127.0.0.1 has expired", NULL);
}

static void
test_bad_cafile (void)
{
  g_autofree char *options = NULL;
  g_autofree char *not_pem = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  not_pem = tether_test_write (tls.dir, "not.pem", "this is not a certificate\n");
  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,cafile=\"%s\"", tls.gdbserver->port,
                             not_pem);
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_CONNECT, not_pem, "cafile=", "PEM", NULL);
  g_clear_error (&error);
  g_free (options);

  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,cafile=%s/absent.pem",
                             tls.gdbserver->port, tls.dir);
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_NOT_FOUND, "absent.pem", "cafile=", NULL);
}

/* A peer that is not TLS at all: it answers the ClientHello with plain text and hangs up. */
static gboolean
not_tls_incoming_cb (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     gpointer           user_data)
{
  static const char reply[] = "HTTP/1.0 400 Bad Request\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, reply, sizeof reply - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_not_tls (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *options = NULL;
  guint16 port;

  if (skip_without_tls ())
    return;

  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;

    g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
    g_assert_no_error (error);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  }
  g_signal_connect (service, "incoming", G_CALLBACK (not_tls_incoming_cb), NULL);
  g_socket_service_start (service);

  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u,cafile=\"%s\"", port, tls.ca);
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_CONNECT, "The TLS handshake failed",
                              "socat OPENSSL-LISTEN or stunnel", NULL);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_refused (void)
{
  g_autofree char *options = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_tls ())
    return;

  options = g_strdup_printf ("ssl:server=127.0.0.1,port=%u", tether_test_free_port ());
  error = tether_test_connect_error (options);
  tether_test_assert_message (error, TETHER_ERROR_CONNECT, "Connection refused",
                              "TLS server in front of gdbserver", NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ssl/cafile", test_cafile);
  g_test_add_func ("/ssl/pin-self-signed", test_pin_self_signed);
  g_test_add_func ("/ssl/untrusted", test_untrusted);
  g_test_add_func ("/ssl/wrong-pin", test_wrong_pin);
  g_test_add_func ("/ssl/wrong-name", test_wrong_name);
  g_test_add_func ("/ssl/expired", test_expired);
  g_test_add_func ("/ssl/bad-cafile", test_bad_cafile);
  g_test_add_func ("/ssl/not-tls", test_not_tls);
  g_test_add_func ("/ssl/refused", test_refused);

  make_certificates ();
  status = g_test_run ();
  remove_certificates ();
  return status;
}
