package io.wxgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.sandbox.Sandbox;
import io.wxgate.testsupport.TestKeys;
import io.wxgate.testsupport.TestServices;
import io.wxgate.wechat.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A sandbox playing WeChat plus the environment a gateway needs to use it, on H2 or PostgreSQL. The
 * gateway itself is started by the test (in-process or as a separate process).
 */
final class Stack implements AutoCloseable {
  static final String API_KEY = "e2e-client-key-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  enum Db {
    H2,
    POSTGRESQL
  }

  final Account account;
  final int gatewayPort;
  final Sandbox sandbox;
  final Map<String, String> env = new HashMap<>();
  final HttpClient http = HttpClient.newHttpClient();

  Stack(Db db, String outboxYaml) {
    this(db, outboxYaml, UnaryOperator.identity());
  }

  /** {@code sandboxSettings} adjusts the sandbox's configuration (e.g. how bizsend answers). */
  Stack(Db db, String outboxYaml, UnaryOperator<SandboxConfig> sandboxSettings) {
    this.account =
        new Account(
            "wxe2e" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffffL),
            Secret.of("e2e-app-secret-value"),
            Secret.of("e2etoken"),
            Secret.of(TestKeys.aesKey()),
            null,
            Account.Mode.SAFE);
    this.gatewayPort = freePort();
    this.sandbox =
        Sandbox.start(
            sandboxSettings.apply(
                SandboxConfig.of(account)
                    .withCallbackUrl("http://127.0.0.1:" + gatewayPort + "/wx/{appId}/callback")
                    .withReceiptDelay(java.time.Duration.ofMillis(20))));
    env.put("WXGATE_PORT", Integer.toString(gatewayPort));
    env.put("WXGATE_HOST", "127.0.0.1");
    env.put("WXGATE_APP_ID", account.appId());
    env.put("WXGATE_APP_SECRET", account.secret().reveal());
    env.put("WXGATE_TOKEN", account.token().reveal());
    env.put("WXGATE_AES_KEY", account.aesKey().reveal());
    env.put("WXGATE_WECHAT_API", sandbox.baseUrl().toString());
    env.put("WXGATE_API_KEYS", "e2e:" + API_KEY);
    try {
      Path dir = Files.createTempDirectory("wxgate-e2e");
      env.put("WXGATE_DATA_DIR", dir.toString());
      Path yaml = dir.resolve("wxgate.yaml");
      Files.writeString(yaml, outboxYaml);
      env.put("WXGATE_CONFIG", yaml.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (db == Db.POSTGRESQL) env.put("WXGATE_DB_URL", TestServices.freshPostgresSchemaUrl());
  }

  /** Fast retries and leases so tests finish in seconds. */
  static String fastOutbox() {
    return """
        outbox:
          pollIntervalMillis: 20
          retryBaseMillis: 50
          retryCapSeconds: 1
          maxAttempts: 40
          leaseSeconds: 3
          perAppRate: 1000
          quotaPauseMaxSeconds: 1
        api:
          perClientRate: 10000
        """;
  }

  String base() {
    return "http://127.0.0.1:" + gatewayPort;
  }

  HttpResponse<String> post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("X-Api-Key", API_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  JsonNode get(String path) {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(base() + path))
                .header("X-Api-Key", API_KEY)
                .GET()
                .build());
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(r.body(), e);
    }
  }

  String template(String toUser, String templateId, String value) {
    return "{\"appId\":\""
        + account.appId()
        + "\",\"type\":\"template\",\"toUser\":\""
        + toUser
        + "\",\"templateId\":\""
        + templateId
        + "\",\"data\":{\"thing1\":{\"value\":\""
        + value
        + "\"}}}";
  }

  /** Sends one template message and returns its id. */
  String send(String toUser, String templateId) {
    HttpResponse<String> r = post("/api/v1/messages", template(toUser, templateId, "hello"));
    if (r.statusCode() != 202) throw new IllegalStateException(r.statusCode() + " " + r.body());
    try {
      return JSON.readTree(r.body()).get("id").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String status(String id) {
    return get("/api/v1/messages/" + id).path("status").asText();
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String openId(int i) {
    return String.format("oE2eUser%016d", i);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
