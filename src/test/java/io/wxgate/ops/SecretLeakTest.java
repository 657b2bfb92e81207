package io.wxgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.sandbox.CallbackClient;
import io.wxgate.testsupport.FakeCollector;
import io.wxgate.testsupport.GatewayProcess;
import io.wxgate.testsupport.TestKeys;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.crypto.Signature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, hardening: a full scenario (callbacks in every mode, sends, a token refresh forced by
 * 40001, WeChat answering 502, and errors: bad signature, bad ciphertext, unknown app, wrong API
 * key, forged JWT, an OTLP collector refusing every export) runs in a gateway process logging JSON
 * at DEBUG; no configured secret and no access token WeChat issued may appear in its output or in
 * any HTTP body the test received.
 */
class SecretLeakTest {
  static final String ISSUER = "ops-issuer";
  static final String AUDIENCE = "wxgate-ops";

  @Test
  void no_secret_or_access_token_appears_in_any_log_line_or_response_body() throws Exception {
    Account plain = OpsStack.account(Account.Mode.PLAINTEXT);
    Account compatible = OpsStack.account(Account.Mode.COMPATIBLE);
    String jwtSecret = "jwtsecret" + OpsStack.hex(24);
    String otlpToken = "otlptoken" + OpsStack.hex(24);
    String yaml =
        OpsStack.fastOutbox()
            + """
            callback:
              autoReplies:
                - keyword: hello
                  match: prefix
                  reply: hi from wxgate
            """;
    List<String> bodies = new ArrayList<>();
    try (OpsStack stack = new OpsStack(null, yaml, List.of(plain, compatible));
        TokenRecorder wechat = new TokenRecorder(stack.sandbox.baseUrl());
        FakeCollector collector = new FakeCollector()) {
      // tracing on, to a collector that refuses every export: OpenTelemetry's failure reports
      // must not carry the collector credentials either
      collector.refuseWith(401);
      stack.env.put("WXGATE_TRACING_ENABLED", "true");
      stack.env.put("WXGATE_TRACING_ENDPOINT", collector.endpoint().toString());
      stack.env.put("WXGATE_TRACING_HEADERS", "Authorization=Bearer%20" + otlpToken);
      stack.env.put("WXGATE_WECHAT_API", wechat.uri().toString());
      stack.env.put("WXGATE_JWT_HS256_SECRET", jwtSecret);
      stack.env.put("WXGATE_JWT_ISSUER", ISSUER);
      stack.env.put("WXGATE_JWT_AUDIENCE", AUDIENCE);
      stack.env.put("WXGATE_LOG_LEVEL", "DEBUG");
      stack.env.put("WXGATE_LOG_FORMAT", "json"); // the production format (GatewayProcess: text)
      String output;
      try (GatewayProcess gateway = GatewayProcess.start(stack.env)) {
        callbacksInEveryMode(stack, bodies);
        rejectedCallbacks(stack, bodies);
        apiCalls(stack, jwtSecret, bodies);
        sends(stack, wechat, bodies);
        bodies.add(stack.getRaw("/metrics").body());
        bodies.add(stack.getRaw("/readyz").body());
        // an export refused while the gateway runs, so OpenTelemetry's failure report is logged
        // through wxgate's log (one refused only at shutdown may be reported after that is gone)
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> gateway.output().contains("\"logger_name\":\"io.opentelemetry."));
        // SIGTERM flushes the asynchronous log appender
        gateway.terminate(Duration.ofSeconds(60));
        output = gateway.output();
      }
      assertThat(output)
          .as("the scan needs JSON lines at DEBUG")
          .contains("\"level\":\"DEBUG\"")
          .contains("\"logger_name\":\"wxgate.access\"")
          .contains(stack.account.appId())
          .contains("\"logger_name\":\"io.opentelemetry.");
      assertThat(collector.requestHeaders())
          .as("exports were attempted with the collector credentials")
          .isNotEmpty()
          .allSatisfy(h -> assertThat(h.get("Authorization")).contains("Bearer " + otlpToken));

      Map<String, String> secrets = new LinkedHashMap<>();
      for (Account a : stack.accounts) {
        secrets.put("app secret of " + a.appId(), a.secret().reveal());
        secrets.put("callback token of " + a.appId(), a.token().reveal());
        if (a.aesKey() != null) aesKeyForms(a.appId(), a.aesKey(), secrets);
      }
      secrets.put("API key", stack.apiKey);
      secrets.put("JWT HS256 secret", jwtSecret);
      secrets.put("OTLP collector token", otlpToken);
      Set<String> tokens = new java.util.HashSet<>(wechat.tokens());
      for (Account a : stack.accounts) tokens.add(currentStableToken(stack, a));
      assertThat(tokens).as("access tokens WeChat issued").isNotEmpty();
      int n = 0;
      for (String token : tokens) secrets.put("access token #" + ++n, token);

      List<String> leaks = new ArrayList<>();
      for (var secret : secrets.entrySet()) {
        leaks.addAll(find(secret.getKey(), secret.getValue(), "gateway output", output));
        for (String body : bodies) {
          leaks.addAll(find(secret.getKey(), secret.getValue(), "an HTTP body", body));
        }
      }
      assertThat(leaks).isEmpty();
    }
  }

  private static void callbacksInEveryMode(OpsStack stack, List<String> bodies) {
    long msgId = 7000;
    for (Account a : stack.accounts) {
      String ts = Long.toString(System.currentTimeMillis() / 1000);
      String echo = "echo" + OpsStack.hex(4);
      HttpResponse<String> verify =
          stack.send(
              HttpRequest.newBuilder(
                      URI.create(
                          stack.callbackTemplate().replace("{appId}", a.appId())
                              + "?signature="
                              + Signature.sign(a.token().reveal(), ts, "42")
                              + "&timestamp="
                              + ts
                              + "&nonce=42&echostr="
                              + echo))
                  .build());
      assertThat(verify.statusCode()).isEqualTo(200);
      assertThat(verify.body()).isEqualTo(echo);
      CallbackClient.Response r = stack.pushText(a, "hello " + a.mode(), ++msgId);
      assertThat(r.status()).as(a.mode().name()).isEqualTo(200);
      assertThat(r.problem()).as(a.mode().name()).isNull();
      assertThat(r.reply()).as(a.mode().name()).contains("hi from wxgate");
      bodies.add(r.body());
    }
  }

  private static void rejectedCallbacks(OpsStack stack, List<String> bodies) {
    Account a = stack.account;
    Account forged =
        new Account(a.appId(), a.secret(), Secret.of("forgedtoken"), a.aesKey(), null, a.mode());
    Account wrongKey =
        new Account(a.appId(), a.secret(), a.token(), Secret.of(TestKeys.aesKey()), null, a.mode());
    Account unknown = OpsStack.account(Account.Mode.SAFE);
    CallbackClient.Response badSignature = stack.pushText(forged, "hello", 8001);
    CallbackClient.Response badCiphertext = stack.pushText(wrongKey, "hello", 8002);
    CallbackClient.Response unknownApp = stack.pushText(unknown, "hello", 8003);
    assertThat(badSignature.status()).isEqualTo(401);
    assertThat(badCiphertext.status()).isBetween(400, 499);
    assertThat(unknownApp.status()).isEqualTo(404);
    bodies.addAll(List.of(badSignature.body(), badCiphertext.body(), unknownApp.body()));
  }

  private static void apiCalls(OpsStack stack, String jwtSecret, List<String> bodies) {
    String message = stack.template(stack.account.appId(), OpsStack.openId(1), "tmpl_x", "x");
    HttpResponse<String> wrongKey =
        stack.post("/api/v1/messages", message, "wrong" + OpsStack.hex(8));
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    bodies.add(wrongKey.body());
    for (String key : List.of(jwtSecret, "forged" + OpsStack.hex(24))) {
      HttpResponse<String> r =
          stack.send(
              HttpRequest.newBuilder(URI.create(stack.base() + "/api/v1/messages?limit=5"))
                  .header("Authorization", "Bearer " + jwt(key))
                  .build());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(key.equals(jwtSecret) ? 200 : 401);
      bodies.add(r.body());
    }
  }

  private static void sends(OpsStack stack, TokenRecorder wechat, List<String> bodies) {
    String app = stack.account.appId();
    // WeChat calls the token invalid: the gateway must fetch a new one
    stack.sandbox.setFaults(
        new SandboxConfig.Faults(Map.of(40001, 1.0), 0, 0, 0, null, null, Set.of("template"), 3L));
    String refreshed = stack.send(OpsStack.openId(2), "tmpl_refresh");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                stack.sandbox.requests("template", app).stream()
                    .anyMatch(r -> r.errcode() == 40001));
    stack.sandbox.setFaults(SandboxConfig.Faults.NONE);
    awaitStatus(stack, refreshed, "DELIVERED");
    assertThat(stack.sandbox.stats(app).getOrDefault("stable_token", 0L))
        .as("a token fetched again after 40001")
        .isGreaterThanOrEqualTo(2);
    // WeChat's front end fails with HTTP 502 (the token is cached, so the sends meet it)
    wechat.badGateway(true);
    String afterOutage = stack.send(OpsStack.openId(3), "tmpl_outage");
    await().atMost(Duration.ofSeconds(20)).until(() -> wechat.badGatewayAnswers() >= 2);
    wechat.badGateway(false);
    awaitStatus(stack, afterOutage, "DELIVERED");
    String dead = stack.send(OpsStack.openId(4), "bad_template");
    awaitStatus(stack, dead, "DEAD");
    for (String id : List.of(refreshed, afterOutage, dead)) {
      bodies.add(stack.getRaw("/api/v1/messages/" + id).body());
    }
    bodies.add(stack.getRaw("/api/v1/messages/no-such-message").body());
  }

  private static void awaitStatus(OpsStack stack, String id, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(stack.status(id))
                    .as(() -> stack.getRaw("/api/v1/messages/" + id).body())
                    .isEqualTo(status));
  }

  private static String jwt(String key) {
    try {
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .subject("ops-client")
              .issuer(ISSUER)
              .audience(AUDIENCE)
              .expirationTime(new Date(System.currentTimeMillis() + 600_000))
              .build();
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The EncodingAESKey as configured, and its decoded key and IV in hex. */
  private static void aesKeyForms(String appId, Secret aesKey, Map<String, String> secrets) {
    byte[] key = Base64.getDecoder().decode(aesKey.reveal() + "=");
    HexFormat hex = HexFormat.of();
    secrets.put("AES key of " + appId, aesKey.reveal());
    secrets.put("AES key of " + appId + " (hex)", hex.formatHex(key));
    secrets.put("AES key of " + appId + " (HEX)", hex.formatHex(key).toUpperCase(Locale.ROOT));
    secrets.put("AES IV of " + appId + " (hex)", hex.formatHex(key, 0, 16));
    secrets.put(
        "AES key of " + appId + " (standard base64)", Base64.getEncoder().encodeToString(key));
  }

  /** Stable tokens do not change on normal calls, so this is the one the gateway used. */
  private static String currentStableToken(OpsStack stack, Account a) {
    HttpResponse<String> r =
        stack.send(
            HttpRequest.newBuilder(stack.sandbox.baseUrl().resolve("/cgi-bin/stable_token"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"grant_type\":\"client_credential\",\"appid\":\""
                            + a.appId()
                            + "\",\"secret\":\""
                            + a.secret().reveal()
                            + "\"}"))
                .build());
    String token = OpsStack.json(r.body()).path("access_token").asText();
    assertThat(token).as(r.body()).isNotEmpty();
    return token;
  }

  /** Where {@code secret} occurs in {@code text}, shown with the secret itself masked. */
  private static List<String> find(String name, String secret, String where, String text) {
    List<String> found = new ArrayList<>();
    int i = text.indexOf(secret);
    while (i >= 0 && found.size() < 3) {
      int from = Math.max(0, i - 120);
      int to = Math.min(text.length(), i + secret.length() + 120);
      found.add(
          name
              + " in "
              + where
              + ": …"
              + text.substring(from, to).replace(secret, "<" + name + ">")
              + "…");
      i = text.indexOf(secret, i + 1);
    }
    return found;
  }
}
