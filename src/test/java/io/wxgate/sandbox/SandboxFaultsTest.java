package io.wxgate.sandbox;

import static io.wxgate.sandbox.SandboxFixture.ACCOUNT;
import static io.wxgate.sandbox.SandboxFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.config.SandboxConfig;
import io.wxgate.config.SandboxConfig.Faults;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.api.SendResult;
import io.wxgate.wechat.api.TokenResult;
import io.wxgate.wechat.api.WechatError;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxFaultsTest {
  private SandboxFixture fx;

  @AfterEach
  void close() {
    fx.close();
  }

  private Map<Integer, Long> errcodesOf(int sends) {
    String token = fx.token();
    Map<Integer, Long> counts = new HashMap<>();
    for (int i = 0; i < sends; i++) {
      SendResult result = fx.api.sendTemplate(token, template("o_user", null));
      int errcode = result instanceof SendResult.Failed f ? f.error().errcode() : 0;
      counts.merge(errcode, 1L, Long::sum);
    }
    return counts;
  }

  @Test
  void injects_errors_at_the_configured_rates() {
    Faults faults =
        new Faults(Map.of(-1, 0.2, 45009, 0.05, 40001, 0.1), 0, 0, 0, null, null, null, 7L);
    fx = new SandboxFixture(SandboxConfig.of(ACCOUNT).withFaults(faults));
    Map<Integer, Long> counts = errcodesOf(1000);
    assertThat(counts.get(-1)).isBetween(140L, 260L);
    assertThat(counts.get(45009)).isBetween(20L, 80L);
    assertThat(counts.get(40001)).isBetween(60L, 140L);
    assertThat(counts.get(0)).isBetween(570L, 730L);
  }

  @Test
  void the_same_seed_gives_the_same_fault_sequence() {
    Faults faults = new Faults(Map.of(-1, 0.5), 0, 0, 0, null, null, null, 42L);
    fx = new SandboxFixture(SandboxConfig.of(ACCOUNT).withFaults(faults));
    String token = fx.token();
    String first = outcomes(token);
    fx.sandbox.setFaults(faults);
    assertThat(outcomes(token)).isEqualTo(first).contains("-1").contains("0");
  }

  private String outcomes(String token) {
    StringBuilder sequence = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      SendResult r = fx.api.sendTemplate(token, template("o_user", null));
      sequence.append(r instanceof SendResult.Failed f ? f.error().errcode() : 0).append(',');
    }
    return sequence.toString();
  }

  @Test
  void injected_errors_keep_off_the_token_apis_unless_asked() {
    Faults faults = new Faults(Map.of(-1, 1.0), 0, 0, 0, null, null, null, 1L);
    fx = new SandboxFixture(SandboxConfig.of(ACCOUNT).withFaults(faults));
    assertThat(fx.api.stableToken(ACCOUNT.appId(), ACCOUNT.secret(), false))
        .isInstanceOf(TokenResult.Issued.class);
    fx.sandbox.setFaults(
        new Faults(Map.of(-1, 1.0), 0, 0, 0, null, null, Set.of("stable_token"), 1L));
    assertThat(fx.api.stableToken(ACCOUNT.appId(), ACCOUNT.secret(), false))
        .isInstanceOfSatisfying(
            TokenResult.Failed.class,
            f -> assertThat(f.error().kind()).isEqualTo(ErrorKind.TRANSIENT));
  }

  @Test
  void a_hang_past_the_client_timeout_is_a_transient_failure_for_the_client() {
    Faults hang = new Faults(null, 0, 0, 1.0, 60_000L, null, null, 1L);
    fx = new SandboxFixture(SandboxConfig.of(ACCOUNT).withFaults(hang), Duration.ofMillis(300));
    SendResult result = fx.api.sendTemplate(fx.token(), template("o_user", null));
    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Failed.class,
            f -> {
              assertThat(f.error())
                  .extracting(WechatError::errcode, WechatError::kind)
                  .containsExactly(-1, ErrorKind.TRANSIENT);
              assertThat(f.error().errmsg()).contains("no answer within PT0.3S");
            });
  }

  @Test
  void fixed_latency_delays_every_call_at_least_that_long() {
    fx = new SandboxFixture();
    fx.sandbox.setFaults(new Faults(null, 200, 0, 0, null, null, null, null));
    SendResult result = fx.api.sendTemplate(fx.token(), template("o_user", null));
    assertThat(result.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void many_slow_calls_are_served_concurrently_on_virtual_threads() throws Exception {
    fx = new SandboxFixture();
    String token = fx.token();
    fx.sandbox.setFaults(new Faults(null, 300, 300, 0, null, null, null, null));
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var futures =
          java.util.stream.IntStream.range(0, 64)
              .mapToObj(
                  i -> executor.submit(() -> fx.api.sendTemplate(token, template("o_" + i, null))))
              .toList();
      for (var future : futures) assertThat(future.get()).isInstanceOf(SendResult.Sent.class);
    }
    assertThat(fx.sandbox.stats()).containsEntry("template", 64L);
  }

  @Test
  void faults_can_be_read_and_replaced_over_http() {
    fx = new SandboxFixture();
    JsonNode set =
        fx.post(
            "/sandbox/faults",
            "{\"errorRates\":{\"45009\":1.0},\"latencyMinMs\":0,\"dailyQuota\":5,\"seed\":3}");
    assertThat(set.get("errorRates").get("45009").asDouble()).isEqualTo(1.0);
    JsonNode read = fx.get("/sandbox/faults");
    assertThat(read.get("dailyQuota").asLong()).isEqualTo(5);
    assertThat(read.get("hangMs").asLong()).isEqualTo(60_000);
    SendResult result = fx.api.sendTemplate(fx.token(), template("o_user", null));
    assertThat(((SendResult.Failed) result).error().errcode()).isEqualTo(45009);
  }

  @Test
  void http_5xx_with_an_html_body_is_injected_at_runtime_and_read_as_a_transient_failure() {
    fx = new SandboxFixture();
    String token = fx.token();
    JsonNode set =
        fx.post("/sandbox/faults", "{\"httpErrorRates\":{\"502\":0.5,\"503\":0.5},\"seed\":4}");
    assertThat(set.get("httpErrorRates").get("503").asDouble()).isEqualTo(0.5);

    var raw =
        fx.postRaw(
            "/cgi-bin/message/template/send?access_token=" + token,
            "{\"touser\":\"o_user\",\"template_id\":\"t\",\"data\":{}}");
    assertThat(raw.statusCode()).isIn(502, 503);
    assertThat(raw.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> t.startsWith("text/html"));
    assertThat(raw.body()).startsWith("<html>").contains("nginx");
    SendResult result = fx.api.sendTemplate(token, template("o_user", null));
    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Failed.class,
            f -> {
              assertThat(f.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
              assertThat(f.error().errmsg()).containsPattern("HTTP 50[23]");
            });
    assertThat(fx.sandbox.requests("template", null))
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.errcode()).isEqualTo(-1);
              assertThat(r.errmsg()).matches("HTTP 50[23] \\(injected\\)");
            });

    fx.sandbox.setFaults(Faults.NONE);
    assertThat(fx.api.sendTemplate(token, template("o_user", null)))
        .isInstanceOf(SendResult.Sent.class);
  }

  @Test
  void http_errors_outside_5xx_are_refused() {
    fx = new SandboxFixture();
    var response = fx.postRaw("/sandbox/faults", "{\"httpErrorRates\":{\"404\":0.1}}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("404 is not an HTTP 5xx status");
  }

  @Test
  void invalid_faults_are_refused_with_400_naming_the_problem() {
    fx = new SandboxFixture();
    var response = fx.postRaw("/sandbox/faults", "{\"errorRates\":{\"-1\":0.7,\"45009\":0.6}}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("errorRates must sum to at most 1");
    assertThat(fx.postRaw("/sandbox/faults", "{\"hangRatio\":1}").statusCode()).isEqualTo(400);
    assertThat(fx.sandbox.faults()).isEqualTo(Faults.NONE);
  }

  @Test
  void the_request_record_and_stats_are_queryable_and_resettable_over_http() {
    fx = new SandboxFixture();
    String token = fx.token();
    fx.api.sendTemplate(token, template("o_user", null));
    fx.api.sendTemplate(token, template("bad_user", null));
    JsonNode list = fx.get("/sandbox/requests?api=template&appId=" + ACCOUNT.appId());
    assertThat(list).hasSize(2);
    assertThat(list.get(1).get("errcode").asInt()).isEqualTo(40003);
    assertThat(list.get(1).get("body").asText()).contains("bad_user");
    assertThat(list.get(0).get("receivedAt").asText()).isEqualTo("2026-03-02T02:00:00Z");
    JsonNode tokenCall = fx.get("/sandbox/requests?api=stable_token").get(0);
    assertThat(tokenCall.get("body").asText())
        .contains("\"secret\":\"***\"")
        .doesNotContain(ACCOUNT.secret().reveal());
    JsonNode stats = fx.get("/sandbox/stats");
    assertThat(stats.get("stable_token").asLong()).isEqualTo(1);
    assertThat(stats.get("template").asLong()).isEqualTo(2);
    assertThat(stats.get("token").asLong()).isZero();
    // the receipt for the successful send is pushed asynchronously: let it land before the reset
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> fx.sandbox.stats().getOrDefault("receipt", 0L) >= 1);
    assertThat(fx.delete("/sandbox/requests")).isEqualTo(204);
    assertThat(
            fx.sandbox.stats().values().stream().collect(Collectors.summingLong(Long::longValue)))
        .isZero();
  }
}
