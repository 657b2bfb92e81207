package io.wxgate.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.wxgate.config.ConfigException;
import io.wxgate.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS from PEM files, and mutual TLS for {@code /api}. The PEM chain and PKCS#8 key are loaded
 * with the JDK alone into an in-memory PKCS#12 key store, so operators hand wxgate the same files
 * nginx or cert-manager use. Problems with the files fail start-up with a {@link ConfigException}
 * naming the setting.
 *
 * <p>Client certificates are <em>wanted</em>, not needed, at the handshake: WeChat's callbacks and
 * the health probes carry none. A client that offers a certificate the client CA did not sign is
 * refused at the handshake by the JDK's trust manager, so any certificate a request carries was
 * verified; {@link #requireClientCertificate} then refuses {@code /api/*} requests without one.
 */
final class Tls {
  private static final Logger log = LoggerFactory.getLogger(Tls.class);

  /** Where the servlet container puts the verified client chain, leaf first. */
  static final String CLIENT_CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

  private static final String CERTIFICATE = "server.tls.certificate (WXGATE_TLS_CERTIFICATE)";
  private static final String PRIVATE_KEY = "server.tls.privateKey (WXGATE_TLS_PRIVATE_KEY)";
  private static final String CLIENT_CA = "server.tls.clientCa (WXGATE_TLS_CLIENT_CA)";

  // The key store lives only in memory; its password protects nothing, it is required by the API.
  private static final char[] IN_MEMORY_PASSWORD = "wxgate-in-memory".toCharArray();
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  private Tls() {}

  /**
   * Makes the listener on {@code host:port} speak HTTPS instead of plain HTTP (Javalin creates its
   * default HTTP connector only when none was added) and, when the configuration asks for it,
   * guards {@code /api/*} with {@link #requireClientCertificate}. Call inside {@code
   * Javalin.create}.
   *
   * @throws ConfigException when a PEM file cannot be used
   */
  static void install(JavalinConfig config, TlsConfig tls, String host, int port) {
    SslContextFactory.Server ssl = sslContextFactory(tls);
    config.jetty.addConnector((server, http) -> httpsConnector(server, http, ssl, host, port));
    if (tls.requireClientCertForApi()) {
      config.routes.before("/api/*", Tls::requireClientCertificate);
    }
  }

  static Connector httpsConnector(
      Server server, HttpConfiguration http, SslContextFactory.Server ssl, String host, int port) {
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Host-name checks are the client's job; behind a proxy or a Service the Host header rarely
    // names the certificate, and Jetty would answer 400 "Invalid SNI".
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  /** The Jetty TLS context: our key and chain, and with a client CA, client certificates wanted. */
  static SslContextFactory.Server sslContextFactory(TlsConfig tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(keyStore(tls.certificate(), tls.privateKey()));
    ssl.setKeyStorePassword(new String(IN_MEMORY_PASSWORD));
    if (tls.clientCa() != null) {
      ssl.setTrustStore(trustStore(tls.clientCa()));
      ssl.setWantClientAuth(true);
    }
    return ssl;
  }

  /** A PKCS#12 key store holding the private key under the certificate chain. */
  static KeyStore keyStore(Path certificateFile, Path privateKeyFile) {
    List<X509Certificate> chain = certificates(certificateFile, CERTIFICATE);
    X509Certificate leaf = chain.get(0);
    PrivateKey key = privateKey(privateKeyFile, leaf.getPublicKey().getAlgorithm());
    requireMatch(key, leaf.getPublicKey());
    warnIfExpiring(leaf);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("wxgate", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw problem(CERTIFICATE + " cannot be stored with its key: " + e.getMessage());
    }
  }

  /** A trust store of every certificate in the client-CA file. */
  static KeyStore trustStore(Path caFile) {
    List<X509Certificate> cas = certificates(caFile, CLIENT_CA);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) store.setCertificateEntry("client-ca-" + i, cas.get(i));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw problem(CLIENT_CA + " cannot be used as a trust store: " + e.getMessage());
    }
  }

  /** A before-handler: refuses the request with 401 unless it carried a verified certificate. */
  static void requireClientCertificate(Context ctx) {
    if (clientCertificate(ctx).isEmpty()) {
      ErrorMapper.error(
          ctx,
          401,
          "client_certificate_required",
          "this route needs a TLS client certificate signed by the configured client CA");
      ctx.skipRemainingHandlers();
    }
  }

  /** The client's leaf certificate, when the TLS handshake carried one. */
  static Optional<X509Certificate> clientCertificate(Context ctx) {
    return ctx.req().getAttribute(CLIENT_CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain
            && chain.length > 0
        ? Optional.of(chain[0])
        : Optional.empty();
  }

  private static List<X509Certificate> certificates(Path file, String setting) {
    String text = read(file, setting);
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Matcher m = PEM.matcher(text);
      while (m.find()) {
        if (!"CERTIFICATE".equals(m.group(1))) continue;
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw problem(setting + " holds a certificate that cannot be parsed: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw problem(setting + " holds no PEM certificate (-----BEGIN CERTIFICATE-----): " + file);
    }
    return out;
  }

  private static PrivateKey privateKey(Path file, String algorithm) {
    Matcher m = PEM.matcher(read(file, PRIVATE_KEY));
    if (!m.find()) {
      throw problem(PRIVATE_KEY + " holds no PEM block (-----BEGIN PRIVATE KEY-----): " + file);
    }
    String kind = m.group(1);
    if (!"PRIVATE KEY".equals(kind)) {
      String why =
          kind.equals("ENCRYPTED PRIVATE KEY")
              ? "is encrypted; wxgate needs it unencrypted (protect the file instead)"
              : "is a " + kind + " (PKCS#1/SEC1); wxgate needs PKCS#8";
      throw problem(
          PRIVATE_KEY
              + " "
              + why
              + ": openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw problem(
          PRIVATE_KEY
              + " does not hold a "
              + algorithm
              + " key, but the certificate in "
              + CERTIFICATE
              + " is for one");
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** A key that does not belong to the certificate would only fail later, at every handshake. */
  private static void requireMatch(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (publicKey.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
          default -> null;
        };
    if (algorithm == null) return;
    try {
      byte[] probe = "wxgate key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (verifier.verify(signature)) return;
    } catch (GeneralSecurityException e) {
      // falls through: a key that cannot sign for this certificate does not match it
    }
    throw problem(PRIVATE_KEY + " does not belong to the certificate in " + CERTIFICATE);
  }

  private static void warnIfExpiring(X509Certificate leaf) {
    Instant notAfter = leaf.getNotAfter().toInstant();
    Instant now = Instant.now();
    if (notAfter.isBefore(now)) {
      log.warn("TLS certificate {} expired at {}", leaf.getSubjectX500Principal(), notAfter);
    } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
      log.warn("TLS certificate {} expires at {}", leaf.getSubjectX500Principal(), notAfter);
    } else {
      log.info("TLS certificate {} valid until {}", leaf.getSubjectX500Principal(), notAfter);
    }
  }

  private static String read(Path file, String setting) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw problem(setting + " cannot be read: " + file);
    }
  }

  private static ConfigException problem(String message) {
    return new ConfigException(List.of(message));
  }
}
