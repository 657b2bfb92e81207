package io.wxgate.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.sandbox.CallbackClient;
import io.wxgate.sandbox.InboundXml;
import io.wxgate.sandbox.Sandbox;
import io.wxgate.testsupport.TestKeys;
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
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A sandbox playing WeChat for one or more accounts, plus the environment a gateway needs to use
 * it. Every secret is random, so a test can search output for it without false positives. The
 * gateway itself is started by the test, in-process or as a {@code GatewayProcess}.
 */
final class OpsStack implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The account configured through WXGATE_APP_ID & co. (safe mode). */
  final Account account;

  /** Every account, {@link #account} first. */
  final List<Account> accounts = new ArrayList<>();

  final String apiKey = "opskey" + hex(16);
  final int gatewayPort;
  final Sandbox sandbox;
  final Map<String, String> env = new HashMap<>();
  final Path dir;
  final HttpClient http = HttpClient.newHttpClient();
  final CallbackClient pushes = new CallbackClient(Duration.ofSeconds(10), InstantSource.system());

  /**
   * @param dbUrl a JDBC URL, or null for H2 in a temporary directory
   * @param yaml wxgate.yaml content; {@code extra} accounts are appended as an {@code accounts:}
   *     list
   */
  OpsStack(String dbUrl, String yaml, List<Account> extra) {
    this.account = account(Account.Mode.SAFE);
    accounts.add(account);
    accounts.addAll(extra);
    this.gatewayPort = freePort();
    this.sandbox =
        Sandbox.start(
            SandboxConfig.of(accounts.toArray(Account[]::new))
                .withCallbackUrl(callbackTemplate())
                .withReceiptDelay(Duration.ofMillis(20)));
    env.put("WXGATE_PORT", Integer.toString(gatewayPort));
    env.put("WXGATE_HOST", "127.0.0.1");
    env.put("WXGATE_APP_ID", account.appId());
    env.put("WXGATE_APP_SECRET", account.secret().reveal());
    env.put("WXGATE_TOKEN", account.token().reveal());
    env.put("WXGATE_AES_KEY", account.aesKey().reveal());
    env.put("WXGATE_WECHAT_API", sandbox.baseUrl().toString());
    env.put("WXGATE_API_KEYS", "ops:" + apiKey);
    try {
      dir = Files.createTempDirectory("wxgate-ops");
      env.put("WXGATE_DATA_DIR", dir.toString());
      Path file = dir.resolve("wxgate.yaml");
      Files.writeString(file, yaml + accountsYaml(extra));
      env.put("WXGATE_CONFIG", file.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (dbUrl != null) env.put("WXGATE_DB_URL", dbUrl);
  }

  /** An account with random credentials; {@code mode} PLAINTEXT has no AES key. */
  static Account account(Account.Mode mode) {
    return new Account(
        "wxops" + hex(6),
        Secret.of("appsecret" + hex(12)),
        Secret.of("tok" + hex(10)),
        mode == Account.Mode.PLAINTEXT ? null : Secret.of(TestKeys.aesKey()),
        null,
        mode);
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

  String callbackTemplate() {
    return "http://127.0.0.1:" + gatewayPort + "/wx/{appId}/callback";
  }

  HttpResponse<String> post(String path, String json) {
    return post(path, json, apiKey);
  }

  HttpResponse<String> post(String path, String json, String key) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("X-Api-Key", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> getRaw(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path)).header("X-Api-Key", apiKey).build());
  }

  JsonNode get(String path) {
    return json(getRaw(path).body());
  }

  String template(String appId, String toUser, String templateId, String value) {
    return "{\"appId\":\""
        + appId
        + "\",\"type\":\"template\",\"toUser\":\""
        + toUser
        + "\",\"templateId\":\""
        + templateId
        + "\",\"data\":{\"thing1\":{\"value\":\""
        + value
        + "\"}}}";
  }

  /** Sends one template message for the main account and returns its id. */
  String send(String toUser, String templateId) {
    HttpResponse<String> r =
        post("/api/v1/messages", template(account.appId(), toUser, templateId, "hello"));
    if (r.statusCode() != 202) throw new IllegalStateException(r.statusCode() + " " + r.body());
    return json(r.body()).get("id").asText();
  }

  String status(String id) {
    return get("/api/v1/messages/" + id).path("status").asText();
  }

  /** A user's text message to {@code to}, pushed as WeChat does in the account's mode. */
  CallbackClient.Response pushText(Account to, String content, long msgId) {
    return push(to, to.mode(), textXml(to, content, msgId));
  }

  /** {@code xml} pushed to {@code to}'s callback URL; pushing it again is a WeChat retry. */
  CallbackClient.Response push(Account to, Account.Mode mode, String xml) {
    return pushes.push(callbackTemplate(), to, xml, mode);
  }

  static String textXml(Account to, String content, long msgId) {
    return InboundXml.text(
        Sandbox.originalId(to.appId()),
        openId(1),
        System.currentTimeMillis() / 1000,
        content,
        msgId);
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

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(body, e);
    }
  }

  static String openId(int i) {
    return String.format("oOpsUser%016d", i);
  }

  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String accountsYaml(List<Account> extra) {
    if (extra.isEmpty()) return "";
    StringBuilder b = new StringBuilder("\naccounts:\n");
    for (Account a : extra) {
      b.append("  - appId: ").append(a.appId()).append('\n');
      b.append("    secret: ").append(a.secret().reveal()).append('\n');
      b.append("    token: ").append(a.token().reveal()).append('\n');
      if (a.aesKey() != null) b.append("    aesKey: ").append(a.aesKey().reveal()).append('\n');
      b.append("    mode: ")
          .append(a.mode().name().toLowerCase(java.util.Locale.ROOT))
          .append('\n');
    }
    return b.toString();
  }

  @Override
  public void close() {
    pushes.close();
    sandbox.close();
  }
}
