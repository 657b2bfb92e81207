package io.wxgate.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HTTPS for the listener, and optionally mutual TLS for {@code /api}. When present, the listener on
 * {@code server.port} speaks HTTPS only.
 *
 * @param certificate {@code server.tls.certificate} ({@code WXGATE_TLS_CERTIFICATE}): PEM file with
 *     the server certificate first, then its intermediates
 * @param privateKey {@code server.tls.privateKey} ({@code WXGATE_TLS_PRIVATE_KEY}): PEM file with
 *     the unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}), RSA, EC or EdDSA
 * @param clientCa {@code server.tls.clientCa} ({@code WXGATE_TLS_CLIENT_CA}): PEM file with the CA
 *     certificates whose client certificates are accepted; null for no client certificates
 * @param requireClientCertForApi {@code server.tls.requireClientCertForApi} ({@code
 *     WXGATE_TLS_REQUIRE_CLIENT_CERT_FOR_API}): {@code /api/*} refuses requests without a client
 *     certificate signed by {@code clientCa}. WeChat's callbacks and the health routes never need
 *     one.
 */
public record TlsConfig(
    Path certificate, Path privateKey, Path clientCa, boolean requireClientCertForApi) {
  public TlsConfig {
    requireReadable(certificate, "server.tls.certificate (WXGATE_TLS_CERTIFICATE)");
    requireReadable(privateKey, "server.tls.privateKey (WXGATE_TLS_PRIVATE_KEY)");
    if (clientCa != null) requireReadable(clientCa, "server.tls.clientCa (WXGATE_TLS_CLIENT_CA)");
    if (requireClientCertForApi && clientCa == null) {
      throw new IllegalArgumentException(
          "server.tls.requireClientCertForApi needs server.tls.clientCa (WXGATE_TLS_CLIENT_CA):"
              + " the CA that signs the client certificates");
    }
  }

  private static void requireReadable(Path file, String setting) {
    if (file == null) throw new IllegalArgumentException(setting + " is required for HTTPS");
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(setting + " names a file that does not exist: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(setting + " is not a regular file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(setting + " names a file this user cannot read: " + file);
    }
  }
}
