package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.ApiAuthConfig;
import io.wxgate.config.OutboxConfig;
import io.wxgate.config.StoreConfig;
import io.wxgate.outbox.Outbox;
import io.wxgate.store.Database;
import io.wxgate.wechat.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message API over real HTTP, on H2, with a tiny local error mapping like the gateway's. */
class MessageRoutesTest {
  static final String APP = "wx00000000000000a1";
  static final String OTHER_APP = "wx00000000000000a2";
  static final String KEY = "key-of-client-a-0123456789";
  static final String READER_KEY = "key-of-reader-0123456789";
  static final String NARROW_KEY = "key-of-narrow-0123456789";
  static final String HS_SECRET = "an-hs256-secret-of-at-least-32-bytes!";
  static final String ISSUER = "https://auth.example.com";
  static final String AUDIENCE = "wxgate";
  static final String OPENID = "oUser0000000000000000000001";

  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  KeyPair rsa;
  Database db;
  Outbox outbox;
  Javalin app;
  String base;

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    rsa = g.generateKeyPair();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    ApiAuthConfig authConfig =
        new ApiAuthConfig(
            List.of(
                new ApiAuthConfig.ApiKey("client-a", Secret.of(KEY), null, null),
                new ApiAuthConfig.ApiKey(
                    "reader", Secret.of(READER_KEY), Set.of(ApiAuthConfig.SCOPE_READ), null),
                new ApiAuthConfig.ApiKey("narrow", Secret.of(NARROW_KEY), null, Set.of(OTHER_APP))),
            Secret.of(HS_SECRET),
            pem,
            ISSUER,
            AUDIENCE,
            null,
            1000,
            1000);
    start(authConfig);
  }

  void start(ApiAuthConfig authConfig) {
    if (app != null) app.stop();
    if (db == null) {
      db = Database.open(new StoreConfig(null, null, null, dir, 0, null));
      outbox =
          new Outbox(
              db,
              OutboxConfig.defaults(),
              Set.of(),
              new SimpleMeterRegistry(),
              InstantSource.system());
    }
    ApiAuth auth = new ApiAuth(authConfig, InstantSource.system());
    ApiRateLimit limit = ApiRateLimit.local(authConfig);
    app =
        Javalin.create(
                config -> {
                  MessageRoutes.register(config, outbox, auth, limit);
                  config.routes.exception(Exception.class, ErrorMapper::handle);
                })
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
    db.close();
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  Reply call(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (headers.length > 0) b.headers(headers);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode n = r.body().isEmpty() ? null : json.readTree(r.body());
    return new Reply(r.statusCode(), n, r);
  }

  static String message(String appId, String toUser) {
    return """
        {"appId":"%s","type":"template","toUser":"%s","templateId":"TPL_order_1",
         "url":"https://example.com/o/1","miniprogram":{"appid":"wxmini","pagepath":"index?x=1"},
         "data":{"thing1":{"value":"巧克力"},"amount2":{"value":"39.8元","color":"#173177"}}}"""
        .formatted(appId, toUser);
  }

  String jwt(
      JWSAlgorithm alg, String issuer, String audience, Instant exp, Map<String, Object> extra)
      throws JOSEException {
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .subject("svc-orders")
            .issuer(issuer)
            .audience(audience)
            .expirationTime(Date.from(exp))
            .issueTime(new Date());
    extra.forEach(c::claim);
    SignedJWT t = new SignedJWT(new JWSHeader(alg), c.build());
    t.sign(
        alg == JWSAlgorithm.HS256 ? new MACSigner(HS_SECRET) : new RSASSASigner(rsa.getPrivate()));
    return t.serialize();
  }

  Instant inAnHour() {
    return Instant.now().plus(1, ChronoUnit.HOURS);
  }

  // --- sending ---

  @Test
  void a_valid_message_is_accepted_with_202_and_is_already_stored() throws Exception {
    Reply r =
        call(
            "POST",
            "/api/v1/messages",
            message(APP, OPENID),
            "X-Api-Key",
            KEY,
            "X-Request-Id",
            "req-1");

    assertThat(r.status()).isEqualTo(202);
    String id = r.body().get("id").asText();
    assertThat(r.body().get("status").asText()).isEqualTo("QUEUED");
    assertThat(r.raw().headers().firstValue("Location")).hasValue("/api/v1/messages/" + id);
    assertThat(outbox.get(id).traceId()).isEqualTo("req-1");
    assertThat(outbox.get(id).clientId()).isEqualTo("client-a");
  }

  @Test
  void an_idempotency_key_replays_the_same_message_and_refuses_a_different_body() throws Exception {
    Reply first =
        call(
            "POST",
            "/api/v1/messages",
            message(APP, OPENID),
            "X-Api-Key",
            KEY,
            "Idempotency-Key",
            "order-1");
    Reply again =
        call(
            "POST",
            "/api/v1/messages",
            message(APP, OPENID),
            "X-Api-Key",
            KEY,
            "Idempotency-Key",
            "order-1");
    Reply other =
        call(
            "POST",
            "/api/v1/messages",
            message(APP, "oUser0000000000000000000002"),
            "X-Api-Key",
            KEY,
            "Idempotency-Key",
            "order-1");

    assertThat(again.status()).isEqualTo(202);
    assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
    assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.body().get("error").asText()).isEqualTo("idempotency_conflict");
  }

  @Test
  void an_invalid_message_gets_400_listing_each_bad_field() throws Exception {
    String bad =
        """
        {"appId":"wx00000000000000a1","type":"letter","toUser":"not an openid",
         "data":{"thing1":{"value":"this is much longer than twenty chars"},"thing2":{"color":"#000000"},"x3":7},
         "url":42}""";

    Reply r = call("POST", "/api/v1/messages", bad, "X-Api-Key", KEY);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder(
            "type", "url", "data.thing2.value", "toUser", "templateId", "data.thing1.value");
  }

  @Test
  void broken_json_is_a_400_too() throws Exception {
    Reply r = call("POST", "/api/v1/messages", "{not json", "X-Api-Key", KEY);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("errors").get(0).get("field").asText()).isEqualTo("body");
  }

  @Test
  void a_batch_reports_each_item_and_stores_the_valid_ones() throws Exception {
    String batch =
        "{\"messages\":["
            + message(APP, OPENID)
            + ",{\"appId\":\""
            + APP
            + "\",\"type\":\"template\"},"
            + message(APP, "oUser0000000000000000000003")
            + "]}";

    Reply r =
        call(
            "POST",
            "/api/v1/messages/batch",
            batch,
            "X-Api-Key",
            KEY,
            "Idempotency-Key",
            "campaign-7");
    Reply again =
        call(
            "POST",
            "/api/v1/messages/batch",
            batch,
            "X-Api-Key",
            KEY,
            "Idempotency-Key",
            "campaign-7");

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body().get("accepted").asInt()).isEqualTo(2);
    assertThat(r.body().get("rejected").asInt()).isEqualTo(1);
    JsonNode items = r.body().get("items");
    assertThat(items.get(0).get("status").asText()).isEqualTo("QUEUED");
    assertThat(items.get(1).get("errors").findValuesAsText("field"))
        .contains("messages[1].toUser", "messages[1].templateId", "messages[1].data");
    assertThat(again.body().get("items").get(2).get("id")).isEqualTo(items.get(2).get("id"));
  }

  // --- reading and operator actions ---

  @Test
  void get_shows_state_attempts_msgid_and_receipt() throws Exception {
    String id =
        call("POST", "/api/v1/messages", message(APP, OPENID), "X-Api-Key", KEY)
            .body()
            .get("id")
            .asText();

    Reply r = call("GET", "/api/v1/messages/" + id, null, "X-Api-Key", READER_KEY);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("status").asText()).isEqualTo("QUEUED");
    assertThat(r.body().get("miniprogram").get("pagepath").asText()).isEqualTo("index?x=1");
    assertThat(r.body().get("data").get("amount2").get("color").asText()).isEqualTo("#173177");
    assertThat(r.body().get("attempts").isArray()).isTrue();
    assertThat(r.body().has("wechatMsgId")).isTrue();
    assertThat(
            call("GET", "/api/v1/messages/01ARZ3NDEKTSV4RRFFQ69G5FAV", null, "X-Api-Key", KEY)
                .status())
        .isEqualTo(404);
  }

  @Test
  void list_filters_and_pages_with_a_cursor() throws Exception {
    for (int i = 1; i <= 3; i++) {
      call(
          "POST",
          "/api/v1/messages",
          message(APP, "oUser000000000000000000000" + i),
          "X-Api-Key",
          KEY);
    }
    call("POST", "/api/v1/messages", message(OTHER_APP, OPENID), "X-Api-Key", KEY);

    Reply p1 =
        call(
            "GET",
            "/api/v1/messages?appId=" + APP + "&limit=2&status=queued",
            null,
            "X-Api-Key",
            KEY);
    Reply p2 =
        call(
            "GET",
            "/api/v1/messages?appId="
                + APP
                + "&limit=2&cursor="
                + p1.body().get("nextCursor").asText(),
            null,
            "X-Api-Key",
            KEY);
    Reply bad = call("GET", "/api/v1/messages?status=nope&from=yesterday", null, "X-Api-Key", KEY);

    assertThat(p1.body().get("items")).hasSize(2);
    assertThat(p2.body().get("items")).hasSize(1);
    assertThat(p2.body().get("nextCursor").isNull()).isTrue();
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors").findValuesAsText("field"))
        .containsExactly("status", "from");
  }

  @Test
  void cancel_then_cancel_again_is_a_conflict_and_retry_needs_a_dead_message() throws Exception {
    String id =
        call("POST", "/api/v1/messages", message(APP, OPENID), "X-Api-Key", KEY)
            .body()
            .get("id")
            .asText();

    Reply cancelled = call("POST", "/api/v1/messages/" + id + "/cancel", null, "X-Api-Key", KEY);
    Reply again = call("POST", "/api/v1/messages/" + id + "/cancel", null, "X-Api-Key", KEY);
    Reply retry = call("POST", "/api/v1/messages/" + id + "/retry", null, "X-Api-Key", KEY);

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.body().get("status").asText()).isEqualTo("CANCELLED");
    assertThat(again.status()).isEqualTo(409);
    assertThat(retry.status()).isEqualTo(409);
  }

  // --- authentication, authorisation, rate limits ---

  @Test
  void missing_or_unknown_credentials_get_401() throws Exception {
    assertThat(call("POST", "/api/v1/messages", message(APP, OPENID)).status()).isEqualTo(401);
    assertThat(
            call(
                    "POST",
                    "/api/v1/messages",
                    message(APP, OPENID),
                    "X-Api-Key",
                    "wrong-key-0123456789")
                .status())
        .isEqualTo(401);
    assertThat(call("GET", "/api/v1/messages", null, "Authorization", "Bearer not.a.jwt").status())
        .isEqualTo(401);
  }

  @Test
  void hs256_and_rs256_tokens_with_the_right_issuer_audience_and_expiry_are_accepted()
      throws Exception {
    for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256)) {
      String token = jwt(alg, ISSUER, AUDIENCE, inAnHour(), Map.of());
      Reply r =
          call(
              "POST", "/api/v1/messages", message(APP, OPENID), "Authorization", "Bearer " + token);
      assertThat(r.status()).as(alg.getName()).isEqualTo(202);
      assertThat(outbox.get(r.body().get("id").asText()).clientId()).isEqualTo("svc-orders");
    }
  }

  @Test
  void expired_wrongly_signed_or_misaddressed_tokens_get_401() throws Exception {
    String expired =
        jwt(
            JWSAlgorithm.HS256,
            ISSUER,
            AUDIENCE,
            Instant.now().minus(10, ChronoUnit.MINUTES),
            Map.of());
    String wrongAudience = jwt(JWSAlgorithm.HS256, ISSUER, "someone-else", inAnHour(), Map.of());
    String wrongIssuer =
        jwt(JWSAlgorithm.RS256, "https://evil.example.com", AUDIENCE, inAnHour(), Map.of());
    String good = jwt(JWSAlgorithm.HS256, ISSUER, AUDIENCE, inAnHour(), Map.of());
    String[] parts = good.split("\\.");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"sub\":\"admin\",\"iss\":\"https://auth.example.com\",\"aud\":\"wxgate\",\"exp\":9999999999}"
                        .getBytes())
            + "."
            + parts[2];
    String unsigned =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + parts[1]
            + ".";

    for (String token : List.of(expired, wrongAudience, wrongIssuer, tampered, unsigned)) {
      Reply r =
          call(
              "POST", "/api/v1/messages", message(APP, OPENID), "Authorization", "Bearer " + token);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body().get("message").asText()).doesNotContain(token);
    }
  }

  @Test
  void a_valid_client_without_the_scope_or_the_app_gets_403() throws Exception {
    assertThat(
            call("POST", "/api/v1/messages", message(APP, OPENID), "X-Api-Key", READER_KEY)
                .status())
        .isEqualTo(403);
    assertThat(
            call("POST", "/api/v1/messages", message(APP, OPENID), "X-Api-Key", NARROW_KEY)
                .status())
        .isEqualTo(403);
    assertThat(
            call("POST", "/api/v1/messages", message(OTHER_APP, OPENID), "X-Api-Key", NARROW_KEY)
                .status())
        .isEqualTo(202);
    String readOnly =
        jwt(JWSAlgorithm.HS256, ISSUER, AUDIENCE, inAnHour(), Map.of("scope", "messages:read"));
    assertThat(
            call(
                    "POST",
                    "/api/v1/messages",
                    message(APP, OPENID),
                    "Authorization",
                    "Bearer " + readOnly)
                .status())
        .isEqualTo(403);
    String otherApps =
        jwt(
            JWSAlgorithm.HS256,
            ISSUER,
            AUDIENCE,
            inAnHour(),
            Map.of("app_ids", List.of(OTHER_APP)));
    assertThat(
            call(
                    "POST",
                    "/api/v1/messages",
                    message(APP, OPENID),
                    "Authorization",
                    "Bearer " + otherApps)
                .status())
        .isEqualTo(403);
  }

  @Test
  void a_client_over_its_rate_gets_429_with_retry_after() throws Exception {
    start(
        new ApiAuthConfig(
            List.of(new ApiAuthConfig.ApiKey("client-a", Secret.of(KEY), null, null)),
            null,
            null,
            null,
            null,
            null,
            0.01,
            2));

    assertThat(call("GET", "/api/v1/messages", null, "X-Api-Key", KEY).status()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/messages", null, "X-Api-Key", KEY).status()).isEqualTo(200);
    Reply limited = call("GET", "/api/v1/messages", null, "X-Api-Key", KEY);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
  }
}
