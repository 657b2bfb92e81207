package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.wxgate.config.ConfigException;
import io.wxgate.config.TlsConfig;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTPS on port 0 with certificates made at test time by the JDK's {@code keytool}: a CA, a
 * server certificate for localhost, a client certificate from that CA and one from a stranger CA.
 */
class TlsTest {
  private static final String PASS = "changeit";

  @TempDir static Path dir;
  static Pki pki;

  Javalin app;

  @BeforeAll
  static void makeCertificates() throws Exception {
    pki = new Pki(dir);
  }

  @AfterEach
  void stop() {
    if (app != null) app.stop();
  }

  @Test
  void serves_https_from_a_pem_chain_and_a_pkcs8_rsa_key() throws Exception {
    start(new TlsConfig(pki.serverChain, pki.serverKey, null, false));

    HttpResponse<String> r = get(client(null), "/healthz");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("up");
    assertThat(r.sslSession().orElseThrow().getPeerCertificates()).hasSize(2);
  }

  @Test
  void serves_https_with_an_ec_key() throws Exception {
    start(new TlsConfig(pki.ecServerChain, pki.ecServerKey, null, false));

    assertThat(get(client(null), "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void api_refuses_a_request_without_a_client_certificate_when_one_is_required() throws Exception {
    start(new TlsConfig(pki.serverChain, pki.serverKey, pki.caCert, true));
    HttpClient anonymous = client(null);

    HttpResponse<String> api = get(anonymous, "/api/v1/whoami");

    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).contains("client_certificate_required");
    assertThat(get(anonymous, "/healthz").statusCode())
        .as("probes and WeChat's callbacks carry no client certificate")
        .isEqualTo(200);
  }

  @Test
  void api_accepts_a_client_certificate_signed_by_the_client_ca() throws Exception {
    start(new TlsConfig(pki.serverChain, pki.serverKey, pki.caCert, true));

    HttpResponse<String> api = get(client(pki.clientStore), "/api/v1/whoami");

    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.body()).isEqualTo("CN=billing-service");
  }

  @Test
  void a_client_certificate_from_another_ca_is_refused_at_the_handshake() throws Exception {
    start(new TlsConfig(pki.serverChain, pki.serverKey, pki.caCert, true));
    // a well-behaved client offers only certificates from the CAs the server names; this one
    // pushes its certificate anyway, as an attacker would
    HttpClient pushy = client(pki.strangerStore, true);

    assertThatThrownBy(() -> get(pushy, "/api/v1/whoami")).isInstanceOf(IOException.class);
  }

  @Test
  void a_polite_client_with_a_certificate_from_another_ca_offers_none_and_is_refused()
      throws Exception {
    start(new TlsConfig(pki.serverChain, pki.serverKey, pki.caCert, true));

    assertThat(get(client(pki.strangerStore), "/api/v1/whoami").statusCode()).isEqualTo(401);
  }

  @Test
  void without_the_requirement_api_serves_anonymous_clients_too() throws Exception {
    start(new TlsConfig(pki.serverChain, pki.serverKey, pki.caCert, false));

    assertThat(get(client(null), "/api/v1/whoami").body()).isEqualTo("anonymous");
    assertThat(get(client(pki.clientStore), "/api/v1/whoami").body())
        .isEqualTo("CN=billing-service");
  }

  @Test
  void a_key_that_does_not_belong_to_the_certificate_fails_start_up_naming_the_setting() {
    TlsConfig otherRsaKey = new TlsConfig(pki.serverChain, pki.caKey, null, false);
    TlsConfig ecKeyForRsaCertificate = new TlsConfig(pki.serverChain, pki.clientKey, null, false);

    assertThatThrownBy(() -> Tls.sslContextFactory(otherRsaKey))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.tls.privateKey")
        .hasMessageContaining("does not belong to the certificate");
    assertThatThrownBy(() -> Tls.sslContextFactory(ecKeyForRsaCertificate))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not hold a RSA key");
  }

  @Test
  void a_pkcs1_key_is_refused_with_the_command_that_converts_it() throws Exception {
    Path pkcs1 = dir.resolve("rsa-pkcs1.pem");
    Files.writeString(
        pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(
            () -> Tls.sslContextFactory(new TlsConfig(pki.serverChain, pkcs1, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PKCS#8")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void a_certificate_file_without_certificates_is_refused() throws Exception {
    Path empty = dir.resolve("empty.pem");
    Files.writeString(empty, "not a certificate\n");

    assertThatThrownBy(
            () -> Tls.sslContextFactory(new TlsConfig(empty, pki.serverKey, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.tls.certificate")
        .hasMessageContaining("no PEM certificate");
  }

  @Test
  void config_names_a_missing_file_and_a_requirement_without_a_ca() {
    assertThatThrownBy(() -> new TlsConfig(dir.resolve("nope.pem"), pki.serverKey, null, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("server.tls.certificate (WXGATE_TLS_CERTIFICATE)")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> new TlsConfig(pki.serverChain, null, null, false))
        .hasMessageContaining("server.tls.privateKey");
    assertThatThrownBy(() -> new TlsConfig(pki.serverChain, pki.serverKey, null, true))
        .hasMessageContaining("needs server.tls.clientCa");
  }

  private void start(TlsConfig tls) {
    app =
        Javalin.create(
                c -> {
                  c.startup.showJavalinBanner = false;
                  Tls.install(c, tls, "127.0.0.1", 0);
                  c.routes.get("/healthz", ctx -> ctx.result("up"));
                  c.routes.get(
                      "/api/v1/whoami",
                      ctx ->
                          ctx.result(
                              Tls.clientCertificate(ctx)
                                  .map(x -> x.getSubjectX500Principal().getName())
                                  .orElse("anonymous")));
                })
            .start();
  }

  private HttpResponse<String> get(HttpClient client, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Trusts only the test CA; presents {@code identity} (a PKCS#12 key store) when given. */
  private static HttpClient client(KeyStore identity) throws Exception {
    return client(identity, false);
  }

  private static HttpClient client(KeyStore identity, boolean pushCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (identity != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(identity, PASS.toCharArray());
    }
    SSLContext ssl = SSLContext.getInstance("TLS");
    KeyManager[] keys = kmf == null ? null : kmf.getKeyManagers();
    if (keys != null && pushCertificate) {
      keys = new KeyManager[] {new Pushy((X509ExtendedKeyManager) keys[0])};
    }
    ssl.init(keys, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Offers its one certificate whatever issuers the server asks for. */
  private static final class Pushy extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager keys;
    private final String alias;

    Pushy(X509ExtendedKeyManager keys) {
      this.keys = keys;
      this.alias = keys.getClientAliases("EC", null)[0];
    }

    @Override
    public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
      return alias;
    }

    @Override
    public String chooseEngineClientAlias(String[] types, Principal[] issuers, SSLEngine engine) {
      return alias;
    }

    @Override
    public String[] getClientAliases(String type, Principal[] issuers) {
      return new String[] {alias};
    }

    @Override
    public String[] getServerAliases(String type, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }

  /** The files and key stores a deployment would have, made with keytool. */
  static final class Pki {
    final X509Certificate ca;
    final Path caCert;
    final Path caKey;
    final Path serverChain;
    final Path serverKey;
    final Path ecServerChain;
    final Path ecServerKey;
    final Path clientKey;
    final KeyStore clientStore;
    final KeyStore strangerStore;
    private final Path dir;

    Pki(Path dir) throws Exception {
      this.dir = dir;
      keypair("ca", "CN=wxgate-test-ca", "RSA", "-ext", "bc:c");
      caCert = dir.resolve("ca.pem");
      keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store("ca"), "-file", s(caCert));
      ca = certificates(caCert).get(0);
      caKey = pkcs8("ca");

      serverChain = signed("server", "CN=localhost", "RSA", "serverAuth");
      serverKey = pkcs8("server");
      ecServerChain = signed("ecserver", "CN=localhost", "EC", "serverAuth");
      ecServerKey = pkcs8("ecserver");
      signed("client", "CN=billing-service", "EC", "clientAuth");
      clientKey = pkcs8("client");
      clientStore = identity("client", ca);

      keypair("stranger-ca", "CN=someone-else", "RSA", "-ext", "bc:c");
      keypair("stranger", "CN=billing-service", "EC");
      csrSignedBy("stranger", "stranger-ca", "clientAuth");
      strangerStore =
          identity(
              "stranger",
              (X509Certificate) load(dir.resolve("stranger-ca.p12")).getCertificate("stranger-ca"));
    }

    /** Signs a fresh key by the CA; writes leaf + CA as the PEM chain and returns its path. */
    private Path signed(String name, String dname, String alg, String usage) throws Exception {
      keypair(name, dname, alg);
      Path leaf = csrSignedBy(name, "ca", usage);
      Path chain = dir.resolve(name + "-chain.pem");
      Files.writeString(chain, Files.readString(leaf) + Files.readString(caCert));
      return chain;
    }

    private Path csrSignedBy(String name, String caName, String usage) throws Exception {
      Path csr = dir.resolve(name + ".csr");
      Path leaf = dir.resolve(name + ".pem");
      keytool("-certreq", "-alias", name, "-keystore", store(name), "-file", s(csr));
      keytool(
          "-gencert",
          "-rfc",
          "-alias",
          caName,
          "-keystore",
          store(caName),
          "-infile",
          s(csr),
          "-outfile",
          s(leaf),
          "-validity",
          "2",
          "-ext",
          "san=dns:localhost,ip:127.0.0.1",
          "-ext",
          "eku=" + usage);
      return leaf;
    }

    private void keypair(String name, String dname, String alg, String... extra) throws Exception {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-genkeypair",
                  "-alias",
                  name,
                  "-dname",
                  dname,
                  "-keyalg",
                  alg,
                  "-validity",
                  "2",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store(name)));
      if (alg.equals("RSA")) args.addAll(List.of("-keysize", "2048"));
      args.addAll(List.of(extra));
      keytool(args.toArray(String[]::new));
    }

    /** The key of {@code name} as the PEM an operator would have ({@code BEGIN PRIVATE KEY}). */
    private Path pkcs8(String name) throws Exception {
      PrivateKey key =
          (PrivateKey) load(dir.resolve(name + ".p12")).getKey(name, PASS.toCharArray());
      Path out = dir.resolve(name + "-key.pem");
      Files.writeString(
          out,
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(key.getEncoded())
              + "\n-----END PRIVATE KEY-----\n");
      return out;
    }

    /** A client key store: the key from {@code name}.p12 under its CA-signed certificate. */
    private KeyStore identity(String name, X509Certificate issuer) throws Exception {
      PrivateKey key =
          (PrivateKey) load(dir.resolve(name + ".p12")).getKey(name, PASS.toCharArray());
      X509Certificate leaf = certificates(dir.resolve(name + ".pem")).get(0);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(name, key, PASS.toCharArray(), new Certificate[] {leaf, issuer});
      return ks;
    }

    private String store(String name) {
      return s(dir.resolve(name + ".p12"));
    }

    private static KeyStore load(Path p12) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(p12)) {
        ks.load(in, PASS.toCharArray());
      }
      return ks;
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
      try (var in = Files.newInputStream(pem)) {
        return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
            .map(X509Certificate.class::cast)
            .toList();
      }
    }

    private static String s(Path p) {
      return p.toString();
    }

    private static void keytool(String... args) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.addAll(List.of(args));
      command.addAll(List.of("-storepass", PASS, "-noprompt"));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(Map.of("LC_ALL", "C"));
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + String.join(" ", args) + ":\n" + output);
      }
    }
  }
}
