package io.wxgate.wechat.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.Secret;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WechatApiTest {
  private static final String TOKEN = "TOKEN_abcdefghijklmnopqrstuvwxyz_0123456789";
  private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeWechat wechat = new FakeWechat();
  private WechatApi api = client(wechat.baseUrl(), Duration.ofSeconds(5));

  private static WechatApi client(URI base, Duration requestTimeout) {
    return new WechatApi(base, Duration.ofSeconds(1), requestTimeout, InstantSource.fixed(NOW));
  }

  @AfterEach
  void close() {
    api.close();
    wechat.close();
  }

  private static TemplateMessage template(String clientMsgId) {
    Map<String, DataValue> data = new LinkedHashMap<>();
    data.put("thing1", new DataValue("巧克力", "#173177"));
    data.put("amount2", new DataValue("39.8元", null));
    return new TemplateMessage(
        "o_user",
        "tmpl",
        "https://example.com/order/1",
        new MiniProgram("wxmini", "index?foo=bar"),
        clientMsgId,
        data);
  }

  private static WechatError failure(SendResult result) {
    assertThat(result).isInstanceOf(SendResult.Failed.class);
    return ((SendResult.Failed) result).error();
  }

  @Test
  void sends_a_template_as_wechat_expects_it_with_client_msg_id_and_user_agent() throws Exception {
    wechat.answer(200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":200228332}");
    SendResult result = api.sendTemplate(TOKEN, template("wxgate-1"));
    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Sent.class, s -> assertThat(s.msgId()).isEqualTo(200228332L));
    FakeWechat.Received request = wechat.received.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri().getPath()).isEqualTo("/cgi-bin/message/template/send");
    assertThat(request.uri().getQuery()).isEqualTo("access_token=" + TOKEN);
    assertThat(request.userAgent()).isEqualTo("wxgate/0.1");
    assertThat(request.contentType()).startsWith("application/json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("touser").asText()).isEqualTo("o_user");
    assertThat(body.get("template_id").asText()).isEqualTo("tmpl");
    assertThat(body.get("url").asText()).isEqualTo("https://example.com/order/1");
    assertThat(body.get("miniprogram").get("appid").asText()).isEqualTo("wxmini");
    assertThat(body.get("miniprogram").get("pagepath").asText()).isEqualTo("index?foo=bar");
    assertThat(body.get("client_msg_id").asText()).isEqualTo("wxgate-1");
    assertThat(body.get("data").get("thing1").get("value").asText()).isEqualTo("巧克力");
    assertThat(body.get("data").get("thing1").get("color").asText()).isEqualTo("#173177");
    assertThat(body.get("data").get("amount2").has("color")).isFalse();
    assertThat(body.get("data").fieldNames()).toIterable().containsExactly("thing1", "amount2");
  }

  @Test
  void leaves_out_optional_template_fields_that_are_null() throws Exception {
    wechat.answer(200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":1}");
    api.sendTemplate(TOKEN, new TemplateMessage("o", "t", null, null, null, Map.of()));
    JsonNode body = JSON.readTree(wechat.received.getFirst().body());
    assertThat(body.fieldNames()).toIterable().containsExactly("touser", "template_id", "data");
  }

  @Test
  void sends_a_subscription_notice_with_page_and_values_only() throws Exception {
    wechat.answer(200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\"}");
    SendResult result =
        api.sendSubscribe(
            TOKEN,
            new SubscribeMessage(
                "o_user",
                "tid",
                "https://example.com/detail",
                new MiniProgram("wxmini", "p"),
                Map.of("thing1", new DataValue("到货", "#000000"))));
    assertThat(result)
        .isInstanceOfSatisfying(SendResult.Sent.class, s -> assertThat(s.msgId()).isNull());
    FakeWechat.Received request = wechat.received.getFirst();
    assertThat(request.uri().getPath()).isEqualTo("/cgi-bin/message/subscribe/bizsend");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("page").asText()).isEqualTo("https://example.com/detail");
    assertThat(body.get("data").get("thing1").has("color")).isFalse();
  }

  @Test
  void a_wechat_errcode_comes_back_classified() {
    wechat.answer(200, "application/json", "{\"errcode\":43101,\"errmsg\":\"user refuse\"}");
    assertThat(failure(api.sendTemplate(TOKEN, template(null))))
        .isEqualTo(new WechatError(43101, "user refuse", ErrorKind.PERMANENT));
  }

  @Test
  void a_stable_token_request_is_json_and_the_answer_dates_the_expiry() throws Exception {
    wechat.answer(200, "application/json", "{\"access_token\":\"NEW\",\"expires_in\":6000}");
    TokenResult result = api.stableToken("wxapp", Secret.of("s3cret"), true);
    assertThat(result)
        .isEqualTo(
            new TokenResult.Issued(new AccessToken(Secret.of("NEW"), NOW.plusSeconds(6000))));
    FakeWechat.Received request = wechat.received.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri().getPath()).isEqualTo("/cgi-bin/stable_token");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("grant_type").asText()).isEqualTo("client_credential");
    assertThat(body.get("appid").asText()).isEqualTo("wxapp");
    assertThat(body.get("secret").asText()).isEqualTo("s3cret");
    assertThat(body.get("force_refresh").asBoolean()).isTrue();
  }

  @Test
  void a_classic_token_request_is_a_get_with_the_credentials_in_the_query() {
    wechat.answer(200, "application/json", "{\"access_token\":\"NEW\",\"expires_in\":7200}");
    assertThat(api.token("wxapp", Secret.of("s3cret"))).isInstanceOf(TokenResult.Issued.class);
    FakeWechat.Received request = wechat.received.getFirst();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.uri().getQuery())
        .isEqualTo("grant_type=client_credential&appid=wxapp&secret=s3cret");
  }

  @Test
  void a_token_error_on_a_token_call_is_a_configuration_problem() {
    wechat.answer(200, "application/json", "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
    assertThat(api.token("wxapp", Secret.of("wrong")))
        .isEqualTo(
            new TokenResult.Failed(new WechatError(40001, "invalid credential", ErrorKind.CONFIG)));
  }

  @Test
  void an_http_5xx_is_a_transient_failure_saying_so() {
    wechat.answer(502, "text/html", "<html>Bad Gateway</html>");
    WechatError error = failure(api.sendTemplate(TOKEN, template(null)));
    assertThat(error.errcode()).isEqualTo(-1);
    assertThat(error.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(error.errmsg()).isEqualTo("HTTP 502 from WeChat on template");
  }

  @Test
  void an_answer_that_is_not_json_is_a_transient_failure_showing_what_came() {
    wechat.answer(200, "text/html", "<html>\n<body>maintenance</body></html>");
    TokenResult result = api.stableToken("wxapp", Secret.of("s"), false);
    WechatError error = ((TokenResult.Failed) result).error();
    assertThat(error.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(error.errmsg())
        .isEqualTo(
            "non-JSON answer from WeChat on stable_token (HTTP 200, text/html): "
                + "<html> <body>maintenance</body></html>");
  }

  @Test
  void an_empty_answer_is_a_transient_failure() {
    wechat.answer(200, "application/json", "");
    assertThat(failure(api.sendTemplate(TOKEN, template(null))).kind())
        .isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void a_server_that_is_not_there_is_a_transient_failure() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    api.close();
    api = client(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(1));
    WechatError error = failure(api.sendTemplate(TOKEN, template(null)));
    assertThat(error.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(error.errmsg()).isEqualTo("cannot connect to 127.0.0.1:" + port + " (template)");
  }

  @Test
  void a_slow_answer_past_the_request_timeout_is_a_transient_failure() {
    wechat.answer(
        exchange -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          FakeWechat.respond(exchange, 200, "application/json", "{}");
        });
    api.close();
    api = client(wechat.baseUrl(), Duration.ofMillis(200));
    TokenResult result = api.token("wxapp", Secret.of("s"));
    assertThat(((TokenResult.Failed) result).error())
        .isEqualTo(new WechatError(-1, "no answer within PT0.2S (token)", ErrorKind.TRANSIENT));
  }

  @Test
  void the_access_token_appears_in_no_errmsg_and_no_log_line() {
    Logger logger = (Logger) LoggerFactory.getLogger(WechatApi.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(appender);
    try {
      // a proxy page that echoes the request line, and a WeChat error that quotes the token
      wechat.answer(
          exchange ->
              FakeWechat.respond(
                  exchange, 200, "text/plain", "cannot route " + exchange.getRequestURI()));
      WechatError echoed = failure(api.sendTemplate(TOKEN, template(null)));
      wechat.answer(
          200, "application/json", "{\"errcode\":40001,\"errmsg\":\"token " + TOKEN + " bad\"}");
      WechatError quoted =
          failure(api.sendSubscribe(TOKEN, new SubscribeMessage("o", "t", null, null, Map.of())));
      wechat.answer(500, "text/plain", "");
      WechatError status = failure(api.sendTemplate(TOKEN, template(null)));
      api.token("wxapp", Secret.of("s3cretvalue"));

      assertThat(echoed.errmsg()).contains("access_token=***").doesNotContain(TOKEN);
      assertThat(quoted.errmsg()).isEqualTo("token *** bad");
      assertThat(status.errmsg()).doesNotContain(TOKEN);
      assertThat(appender.list).isNotEmpty();
      assertThat(appender.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .allSatisfy(line -> assertThat(line).doesNotContain(TOKEN).doesNotContain("s3cretvalue"))
          .anySatisfy(line -> assertThat(line).contains("access_token=***"));
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(before);
    }
  }

  @Test
  void redaction_covers_query_parameters_json_fields_and_verbatim_secrets() {
    assertThat(Redaction.redact("POST http://h/cgi-bin/x?access_token=abc&x=1"))
        .isEqualTo("POST http://h/cgi-bin/x?access_token=***&x=1");
    assertThat(Redaction.redact("GET /cgi-bin/token?appid=wx&secret=s3"))
        .isEqualTo("GET /cgi-bin/token?appid=wx&secret=***");
    assertThat(Redaction.redact("{\"access_token\": \"abc\",\"secret\":\"s\"}"))
        .isEqualTo("{\"access_token\":\"***\",\"secret\":\"***\"}");
    assertThat(Redaction.redact("saw abc twice: abc", "abc")).isEqualTo("saw *** twice: ***");
  }
}
