package io.wxgate.web;

import static io.wxgate.web.RunningGateway.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.callback.Router;
import io.wxgate.callback.Rule;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.TextReply;
import io.wxgate.wechat.crypto.MessageCrypt;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile and malformed callback requests: each gets a 4xx with a JSON reason, is
 * counted in /metrics by reason, and never reaches a handler.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackBadInputTest {
  final AtomicInteger handled = new AtomicInteger();
  RunningGateway gw;

  @BeforeAll
  void start() {
    gw =
        new RunningGateway(
            Router.builder()
                .route(
                    Rule.any(),
                    (app, m) -> {
                      handled.incrementAndGet();
                      return Optional.of(new TextReply("ok"));
                    }),
            Map.of());
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  record Case(
      String name, int status, String reason, Function<RunningGateway, HttpResponse<String>> send) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String XXE =
      "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
          + "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
          + "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>";
  static final String BOMB =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
          + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
          + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
          + "<xml><Content>&lol3;</Content></xml>";
  static final String PARAM_XXE =
      "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]><xml/>";

  static HttpResponse<String> plainPost(RunningGateway g, String xml) {
    return g.post(plainQuery(now(), "11"), "text/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> safePost(RunningGateway g, String encrypt) {
    Signed s = signedEnvelope(encrypt, now(), "22");
    return g.post(s.query(), "text/xml", s.body().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * AES-CBC with the account key over raw blocks, so padding and length can be wrong on purpose.
   */
  static String rawCipher(String aesKey, byte[] plain) {
    try {
      byte[] key = Base64.getDecoder().decode(aesKey + "=");
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new IvParameterSpec(Arrays.copyOf(key, 16)));
      return Base64.getEncoder().encodeToString(c.doFinal(plain));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
            new Case("XXE external entity", 400, "forbidden_xml", g -> plainPost(g, XXE)),
            new Case("billion laughs", 400, "forbidden_xml", g -> plainPost(g, BOMB)),
            new Case("parameter entity", 400, "forbidden_xml", g -> plainPost(g, PARAM_XXE)),
            new Case(
                "XXE inside the ciphertext",
                400,
                "forbidden_xml",
                g -> {
                  Signed s = g.safe(XXE, now(), "33");
                  return g.post(s.query(), "text/xml", s.body().getBytes(StandardCharsets.UTF_8));
                }),
            new Case(
                "1 MB body",
                413,
                "body_too_large",
                g -> plainPost(g, "<xml><Content>" + "A".repeat(1 << 20) + "</Content></xml>")),
            new Case(
                "truncated XML",
                400,
                "malformed_xml",
                g -> plainPost(g, textXml("hi", 1).substring(0, 80))),
            new Case("empty body", 400, "malformed_xml", g -> plainPost(g, "")),
            new Case(
                "not XML at all",
                400,
                "malformed_xml",
                g -> plainPost(g, "{\"MsgType\":\"text\"}")),
            new Case(
                "garbage bytes",
                400,
                "malformed_xml",
                g ->
                    g.post(
                        plainQuery(now(), "1"),
                        "text/xml",
                        new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '<', 'x'})),
            new Case(
                "deep nesting",
                400,
                "malformed_xml",
                g -> plainPost(g, "<xml>" + "<a>".repeat(50) + "</a>".repeat(50) + "</xml>")),
            new Case(
                "too many fields",
                400,
                "malformed_xml",
                g -> plainPost(g, "<xml>" + "<F>1</F>".repeat(500) + "</xml>")),
            new Case("bad base64", 400, "bad_ciphertext", g -> safePost(g, "!!!not*base64$$")),
            new Case(
                "ciphertext not a multiple of 16",
                400,
                "bad_ciphertext",
                g -> safePost(g, Base64.getEncoder().encodeToString(new byte[40]))),
            new Case(
                "padding byte 0",
                400,
                "bad_ciphertext",
                g -> safePost(g, rawCipher(g.aesKey, new byte[64]))),
            new Case(
                "padding byte 33",
                400,
                "bad_ciphertext",
                g -> {
                  byte[] p = new byte[64];
                  p[63] = 33;
                  return safePost(g, rawCipher(g.aesKey, p));
                }),
            new Case(
                "msg_len beyond the buffer",
                400,
                "bad_ciphertext",
                g -> {
                  byte[] p = new byte[64];
                  p[16] = 0x7f;
                  Arrays.fill(p, 60, 64, (byte) 4);
                  return safePost(g, rawCipher(g.aesKey, p));
                }),
            new Case(
                "AppID in the ciphertext is another account's",
                401,
                "appid_mismatch",
                g ->
                    safePost(
                        g,
                        new MessageCrypt("wxSomeoneElse0001", Secret.of(g.aesKey), null)
                            .encrypt(textXml("hi", 2)))),
            new Case(
                "wrong signature",
                401,
                "bad_signature",
                g ->
                    g.post(
                        "?signature=0000&timestamp=" + now() + "&nonce=1",
                        "text/xml",
                        textXml("x", 3).getBytes(StandardCharsets.UTF_8))),
            new Case(
                "wrong msg_signature",
                401,
                "bad_signature",
                g -> {
                  Signed s = g.safe(textXml("x", 4), now(), "44");
                  String q = s.query().replaceAll("msg_signature=[0-9a-f]+", "msg_signature=abcd");
                  return g.post(q, "text/xml", s.body().getBytes(StandardCharsets.UTF_8));
                }),
            new Case(
                "stale timestamp (replayed capture)",
                401,
                "stale_timestamp",
                g -> {
                  String old = Long.toString(System.currentTimeMillis() / 1000 - 3600);
                  return g.post(
                      plainQuery(old, "5"),
                      "text/xml",
                      textXml("x", 5).getBytes(StandardCharsets.UTF_8));
                }),
            new Case(
                "timestamp not a number",
                400,
                "bad_timestamp",
                g -> g.post(plainQuery("12ab", "5"), "text/xml", textXml("x", 6).getBytes())),
            new Case(
                "missing signature",
                400,
                "missing_parameter",
                g ->
                    g.post(
                        "?timestamp=" + now() + "&nonce=1",
                        "text/xml",
                        textXml("x", 7).getBytes())),
            new Case(
                "missing nonce",
                400,
                "missing_parameter",
                g ->
                    g.post(
                        "?signature=a&timestamp=" + now(), "text/xml", textXml("x", 8).getBytes())),
            new Case(
                "aes without msg_signature",
                400,
                "missing_parameter",
                g ->
                    g.post(
                        plainQuery(now(), "9") + "&encrypt_type=aes",
                        "text/xml",
                        textXml("x", 9).getBytes())),
            new Case(
                "safe mode without Encrypt element",
                400,
                "malformed_xml",
                g ->
                    g.post(
                        plainQuery(now(), "9") + "&encrypt_type=aes&msg_signature=ab",
                        "text/xml",
                        "<xml><ToUserName>g</ToUserName></xml>".getBytes())),
            new Case(
                "unknown encrypt_type",
                400,
                "unsupported_encryption",
                g ->
                    g.post(
                        plainQuery(now(), "9") + "&encrypt_type=des",
                        "text/xml",
                        textXml("x", 10).getBytes())),
            new Case(
                "wrong content type",
                415,
                "unsupported_media_type",
                g -> g.post(plainQuery(now(), "9"), "application/json", "{}".getBytes())),
            new Case(
                "unknown appId",
                404,
                "unknown_app",
                g ->
                    g.send(
                        java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(
                                    g.callbackUrl("wxnobody") + plainQuery(now(), "1")))
                            .POST(
                                java.net.http.HttpRequest.BodyPublishers.ofString(textXml("x", 11)))
                            .header("Content-Type", "text/xml")
                            .build())),
            new Case(
                "GET without echostr",
                400,
                "missing_parameter",
                g -> g.get("/wx/" + APP_ID + "/callback" + plainQuery(now(), "1"))),
            new Case(
                "GET with a wrong signature",
                401,
                "bad_signature",
                g ->
                    g.get(
                        "/wx/" + APP_ID + "/callback?signature=00&timestamp=1&nonce=2&echostr=3")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void hostile_request_gets_a_4xx_reason_and_no_handler_call(Case c) {
    int before = handled.get();
    double counted = rejected(c.reason());
    HttpResponse<String> r = c.send().apply(gw);
    assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
    assertThat(r.body()).contains("\"error\":\"" + c.reason() + "\"");
    assertThat(r.body())
        .doesNotContain(gw.aesKey)
        .doesNotContain(TOKEN)
        .doesNotContain("Exception");
    assertThat(handled.get()).isEqualTo(before);
    assertThat(rejected(c.reason())).isEqualTo(counted + 1);
  }

  @Test
  void corpus_has_at_least_twenty_cases() {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void other_methods_on_the_callback_route_get_405_and_other_paths_pass_through() {
    HttpResponse<String> put =
        gw.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.callbackUrl(APP_ID)))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("x"))
                .build());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
    assertThat(put.body()).contains("\"error\":\"method_not_allowed\"");
    assertThat(put.headers().firstValue("X-Trace-Id")).isPresent();
    HttpResponse<String> nested = gw.get("/wx/a/b/callback");
    assertThat(nested.statusCode()).isEqualTo(404);
  }

  @Test
  void bodies_without_a_declared_length_are_read_up_to_the_limit_only() {
    byte[] huge =
        ("<xml><Content>" + "A".repeat(1 << 20) + "</Content></xml>")
            .getBytes(StandardCharsets.UTF_8);
    Signed ok = gw.safe(textXml("chunked", 77), now(), "77");
    byte[] small = ok.body().getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> tooLarge = postChunked(ok.query(), huge);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    HttpResponse<String> fine = postChunked(ok.query(), small);
    assertThat(fine.statusCode()).isEqualTo(200);
    assertThat(fine.body()).contains("<Encrypt>");
  }

  /** ofInputStream has no length: the client sends the body chunked. */
  private HttpResponse<String> postChunked(String query, byte[] body) {
    return gw.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.callbackUrl(APP_ID) + query))
            .header("Content-Type", "text/xml")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)))
            .build());
  }

  @Test
  void a_valid_request_still_gets_through_after_all_that() {
    Signed s = gw.safe(textXml("fine", 99), now(), "55");
    HttpResponse<String> r =
        gw.post(s.query(), "text/xml", s.body().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<Encrypt>");
  }

  private double rejected(String reason) {
    String metrics = gw.get("/metrics").body();
    String prefix = "wxgate_callback_rejected_total{reason=\"" + reason + "\"} ";
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> Double.parseDouble(l.substring(prefix.length()).trim()))
        .findFirst()
        .orElse(0.0);
  }
}
