/* tether-transport-tls.c: ssl:, TCP wrapped in TLS (GTlsClientConnection), the server's certificate
 * checked against the system's authorities, a cafile= of one's own, or a pin=
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tether-transport-private.h"

/* GLib's messages end with a period; ours go on after them. */
static char *
without_period (const char *message)
{
  gsize len = strlen (message);

  while (len > 0 && (message[len - 1] == '.' || g_ascii_isspace (message[len - 1])))
    len--;
  return g_strndup (message, len);
}

/* The SHA-256 of @certificate's DER form, as 64 lower-case hex digits: what pin= holds. */
static char *
certificate_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

/* Called by the handshake only when the certificate failed the usual checks. A pinned
 * certificate is accepted whatever its issuer, names and dates: the user checked that very one. */
static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTask *task = user_data;
  TetherTransport *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  const char *pin = tether_options_get_pin (self->options);

  data->cert_checked = TRUE;
  data->cert_errors = errors;
  g_free (data->peer_sha256);
  data->peer_sha256 = certificate_sha256 (peer_certificate);

  return pin != NULL && g_strcmp0 (data->peer_sha256, pin) == 0;
}

static GError *
pin_mismatch (TetherTransport *self,
              const char      *actual)
{
  return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                      _("The certificate of %s is not the pinned one: its SHA-256 is %s, the "
                        "connection's pin= is %s. Someone may be intercepting the connection, "
                        "or the server has a new certificate: check it before you change pin=."),
                      tether_options_get_host (self->options),
                      actual != NULL ? actual : _("unknown"),
                      tether_options_get_pin (self->options));
}

/* What the certificate check found, as the error the user sees. */
static GError *
explain_certificate (TetherTransport *self,
                     OpenData        *data)
{
  const char *host = tether_options_get_host (self->options);
  const char *cafile = tether_options_get_cafile (self->options);
  const char *sha256 = data->peer_sha256 != NULL ? data->peer_sha256 : _("unknown");
  GTlsCertificateFlags errors = data->cert_errors;

  if (tether_options_get_pin (self->options) != NULL)
    return pin_mismatch (self, data->peer_sha256);

  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    {
      if (cafile != NULL)
        return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                            _("The certificate of %s is not signed by an authority in %s. Check "
                              "cafile=, or, after checking the certificate by other means, pin "
                              "it: its SHA-256 is %s (pin=%s)."),
                            host, cafile, sha256, sha256);
      return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                          _("The certificate of %s is not trusted: no authority known to this "
                            "computer signed it (it may be self-signed). Pass cafile=FILE with "
                            "the authority that signed it, or pin=SHA256 to trust this "
                            "certificate alone. Its SHA-256 is %s: compare it with the server's "
                            "(openssl x509 -in CERT -noout -fingerprint -sha256) before you "
                            "pin it."),
                          host, sha256);
    }

  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("The certificate presented by %s is not for that name: it was issued "
                          "for another host. Use the name the certificate was issued for in "
                          "server=, or, after checking it, pin it (pin=%s)."),
                        host, sha256);

  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("The certificate of %s has expired. Renew it on the server (or check "
                          "this computer's clock)."),
                        host);

  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("The certificate of %s is not valid yet. Check the clocks of this "
                          "computer and the server."),
                        host);

  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("The certificate of %s has been revoked. The server needs a new one."),
                        host);

  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                        _("The certificate of %s uses an insecure algorithm. The server needs a "
                          "new one."),
                        host);

  return g_error_new (TETHER_ERROR, TETHER_ERROR_AUTHENTICATION,
                      _("The certificate of %s is not valid (SHA-256 %s). Check it on the "
                        "server."),
                      host, sha256);
}

static void
tls_handshake_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherTransport *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  GTlsConnection *tls = G_TLS_CONNECTION (object);
  const char *pin = tether_options_get_pin (self->options);
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (tls, accept_certificate_cb, task);

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      g_autofree char *where = tether_options_describe (self->options);

      if (data->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _tether_transport_return_error (task, g_steal_pointer (&error));
      else if (data->cert_checked)
        {
          self->opening = FALSE;
          g_task_return_error (task, explain_certificate (self, data));
        }
      else
        {
          g_autofree char *reason = without_period (error->message);

          _tether_transport_fail (task, TETHER_ERROR_CONNECT,
                                  _("The TLS handshake failed (%s): %s. Check that port %u is a "
                                    "TLS server (such as socat OPENSSL-LISTEN or stunnel) in "
                                    "front of gdbserver, not gdbserver itself."),
                                  where, reason, tether_options_get_port (self->options));
        }
      return;
    }

  /* A certificate that passed the usual checks must still be the pinned one. */
  if (pin != NULL && !data->cert_checked)
    {
      GTlsCertificate *peer = g_tls_connection_get_peer_certificate (tls);
      g_autofree char *sha256 = peer != NULL ? certificate_sha256 (peer) : NULL;

      if (g_strcmp0 (sha256, pin) != 0)
        {
          g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);
          self->opening = FALSE;
          g_task_return_error (task, pin_mismatch (self, sha256));
          return;
        }
    }

  _tether_transport_return_stream (task, G_IO_STREAM (tls));
}

static void
tls_connect_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TetherTransport *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GIOStream) tls = NULL;
  GError *error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      _tether_transport_return_error (task, error);
      return;
    }
  _tether_transport_set_nodelay (connection);

  /* The name checked against the certificate, and sent as SNI. */
  identity = g_network_address_new (tether_options_get_host (self->options),
                                    tether_options_get_port (self->options));
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
  if (tls == NULL)
    {
      _tether_transport_fail (task, TETHER_ERROR_CONNECT, _("Could not set up TLS: %s"),
                              error->message);
      g_clear_error (&error);
      return;
    }

  if (data->tls_database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), data->tls_database);
  /* RSP packets carry their own framing and checksums: a peer that closes without a TLS
   * close_notify (socat does) has simply closed. */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), task);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    data->op_cancellable, tls_handshake_cb, g_object_ref (task));
}

void
_tether_transport_open_ssl (TetherTransport *self,
                            GTask           *task)
{
  OpenData *data = g_task_get_task_data (task);
  const char *cafile = tether_options_get_cafile (self->options);
  g_autoptr(GSocketClient) client = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      _tether_transport_fail (task, TETHER_ERROR_NOT_SUPPORTED,
                              _("TLS is not available on this computer: GIO has no TLS backend. "
                                "Install it (on Debian: sudo apt install glib-networking)."));
      return;
    }

  if (cafile != NULL)
    {
      g_autofree char *path = _tether_transport_expand_path (cafile);
      g_autoptr(GError) error = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          _tether_transport_fail (task, TETHER_ERROR_NOT_FOUND,
                                  _("The file “%s” given as cafile= does not exist or is not a "
                                    "regular file. Give the PEM file of the authority that "
                                    "signed the server's certificate."),
                                  path);
          return;
        }
      data->tls_database = g_tls_file_database_new (path, &error);
      if (data->tls_database == NULL)
        {
          g_autofree char *reason = without_period (error->message);

          _tether_transport_fail (task, TETHER_ERROR_CONNECT,
                                  _("Cannot read the certificate authorities in “%s” (cafile=): "
                                    "%s. Give a PEM file of one or more certificates."),
                                  path, reason);
          return;
        }
    }

  client = g_socket_client_new ();
  g_socket_client_connect_to_host_async (client,
                                         tether_options_get_host (self->options),
                                         tether_options_get_port (self->options),
                                         data->op_cancellable,
                                         tls_connect_cb,
                                         g_object_ref (task));
}
