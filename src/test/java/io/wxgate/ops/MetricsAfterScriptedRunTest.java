package io.wxgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wxgate.Gateway;
import io.wxgate.config.Account;
import io.wxgate.config.ConfigLoader;
import io.wxgate.config.SandboxConfig;
import io.wxgate.sandbox.CallbackClient;
import io.wxgate.wechat.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 6, "After a scripted run, /metrics exposes each series named above with plausible values":
 * callbacks (one a WeChat retry, one with a bad signature), template sends (one delivered, one
 * permanently refused, one needing a token refresh), then a scrape checked series by series.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsAfterScriptedRunTest {
  static final String CALLBACK = "/wx/{appId}/callback";

  OpsStack stack;
  Gateway gateway;
  Scrape scrape;

  @BeforeAll
  void run_the_script() {
    String yaml =
        OpsStack.fastOutbox()
            + """
            callback:
              autoReplies:
                - keyword: hello
                  match: prefix
                  reply: hi there
            """;
    stack = new OpsStack(null, yaml, List.of());
    gateway = Gateway.start(new ConfigLoader(stack.env).load());
    Account account = stack.account;

    // callbacks: three messages, one of them retried by WeChat, and one forged
    String first = OpsStack.textXml(account, "hello 1001", 1001);
    for (long msgId = 1001; msgId <= 1003; msgId++) {
      CallbackClient.Response r =
          msgId == 1001
              ? stack.push(account, account.mode(), first)
              : stack.pushText(account, "hello " + msgId, msgId);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.problem()).isNull();
      assertThat(r.reply()).contains("hi there");
    }
    CallbackClient.Response retry = stack.push(account, account.mode(), first);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.reply()).contains("hi there");
    Account forger =
        new Account(
            account.appId(),
            account.secret(),
            Secret.of("forgedtoken"),
            account.aesKey(),
            null,
            account.mode());
    assertThat(stack.pushText(forger, "forged", 1004).status()).isEqualTo(401);

    // sends: the first one meets an invalid token (40001), forcing a refresh
    stack.sandbox.setFaults(
        new SandboxConfig.Faults(Map.of(40001, 1.0), 0, 0, 0, null, null, Set.of("template"), 1L));
    String refreshed = stack.send(OpsStack.openId(1), "tmpl_refresh");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                stack.sandbox.requests("template", account.appId()).stream()
                    .anyMatch(r -> r.errcode() == 40001));
    stack.sandbox.setFaults(SandboxConfig.Faults.NONE);
    String delivered = stack.send(OpsStack.openId(2), "tmpl_order");
    String dead = stack.send(OpsStack.openId(3), "bad_template");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(stack.status(refreshed)).isEqualTo("DELIVERED");
              assertThat(stack.status(delivered)).isEqualTo("DELIVERED");
              assertThat(stack.status(dead)).isEqualTo("DEAD");
            });
    // the depth gauges are sampled by the dispatcher loop every few seconds
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                scrape().total("wxgate_outbox_depth", Map.of("state", "DEAD")) >= 1
                    && scrape().total("wxgate_outbox_depth", Map.of("state", "DELIVERED")) >= 2);
    scrape = scrape();
  }

  @AfterAll
  void stop() {
    if (gateway != null) gateway.close();
    stack.close();
  }

  private Scrape scrape() {
    var r =
        stack.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.base() + "/metrics"))
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return Scrape.parse(r.body());
  }

  @Test
  void http_requests_are_counted_by_route_and_status_with_a_latency_histogram() {
    Map<String, String> ok = Map.of("method", "POST", "route", CALLBACK, "status", "200");
    assertThat(scrape.total("wxgate_http_requests_seconds_count", ok)).isGreaterThanOrEqualTo(4);
    assertThat(
            scrape.total(
                "wxgate_http_requests_seconds_count",
                Map.of("method", "POST", "route", CALLBACK, "status", "401")))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            scrape.total(
                "wxgate_http_requests_seconds_count",
                Map.of("method", "POST", "route", "/api/v1/messages", "status", "202")))
        .isEqualTo(3);
    List<Scrape.Series> buckets = scrape.find("wxgate_http_requests_seconds_bucket", ok);
    assertThat(buckets)
        .hasSizeGreaterThan(5)
        .allSatisfy(b -> assertThat(b.labels()).containsKey("le"));
    double inf = scrape.total("wxgate_http_requests_seconds_bucket", withLe(ok, "+Inf"));
    assertThat(inf).isEqualTo(scrape.total("wxgate_http_requests_seconds_count", ok));
    assertThat(scrape.total("wxgate_http_requests_seconds_sum", ok)).isPositive();
    // bounded tag values: route templates, never raw paths
    assertThat(scrape.find("wxgate_http_requests_seconds_count"))
        .allSatisfy(s -> assertThat(s.labels().get("route")).doesNotContain(stack.account.appId()));
  }

  @Test
  void callback_rejections_duplicates_handler_latency_and_deadline_misses_are_exposed() {
    assertThat(scrape.total("wxgate_callback_rejected_total", Map.of("reason", "bad_signature")))
        .isGreaterThanOrEqualTo(1);
    // every reason is registered up front, so dashboards and alerts see zeros, not gaps
    assertThat(scrape.total("wxgate_callback_rejected_total", Map.of("reason", "bad_ciphertext")))
        .isZero();
    assertThat(scrape.total("wxgate_callback_duplicates_total")).isGreaterThanOrEqualTo(1);
    assertThat(scrape.total("wxgate_callback_accepted_total", Map.of("mode", "aes")))
        .isGreaterThanOrEqualTo(3);
    assertThat(scrape.total("wxgate_callback_handler_seconds_count")).isGreaterThanOrEqualTo(3);
    assertThat(scrape.find("wxgate_callback_handler_seconds_bucket")).isNotEmpty();
    assertThat(scrape.total("wxgate_callback_deadline_misses_total")).isZero();
  }

  @Test
  void outbox_depth_by_state_and_the_oldest_waiting_age_are_exposed() {
    for (String state : List.of("QUEUED", "SENDING", "RETRY_WAIT", "SENT", "DELIVERED", "DEAD")) {
      assertThat(scrape.total("wxgate_outbox_depth", Map.of("state", state)))
          .as("depth of %s", state)
          .isGreaterThanOrEqualTo(0);
    }
    assertThat(scrape.total("wxgate_outbox_depth", Map.of("state", "DEAD"))).isEqualTo(1);
    assertThat(scrape.total("wxgate_outbox_depth", Map.of("state", "QUEUED"))).isZero();
    assertThat(scrape.total("wxgate_outbox_oldest_waiting_age_seconds")).isZero();
  }

  @Test
  void send_latency_and_attempts_are_exposed_by_outcome_and_errcode_kind() {
    String app = stack.account.appId();
    assertThat(
            scrape.total(
                "wxgate_outbox_sends_total",
                Map.of("appId", app, "result", "sent", "errcode_kind", "ok")))
        .isEqualTo(2);
    assertThat(
            scrape.total(
                "wxgate_outbox_sends_total",
                Map.of("appId", app, "result", "dead", "errcode_kind", "permanent")))
        .isEqualTo(1);
    assertThat(
            scrape.total(
                "wxgate_outbox_sends_total", Map.of("appId", app, "errcode_kind", "token_invalid")))
        .isGreaterThanOrEqualTo(1);
    assertThat(scrape.total("wxgate_outbox_send_latency_seconds_count", Map.of("appId", app)))
        .isGreaterThanOrEqualTo(3);
    assertThat(scrape.total("wxgate_outbox_attempts_count", Map.of("result", "sent"))).isEqualTo(2);
    assertThat(scrape.total("wxgate_outbox_attempts_count", Map.of("result", "dead"))).isEqualTo(1);
    assertThat(scrape.total("wxgate_outbox_attempts_sum", Map.of("result", "sent")))
        .isGreaterThanOrEqualTo(2);
    assertThat(scrape.total("wxgate_outbox_enqueued_total")).isEqualTo(3);
  }

  @Test
  void token_refreshes_and_token_age_are_exposed() {
    String app = stack.account.appId();
    // the first fetch, then at most one each time WeChat called the token invalid, and no more:
    // a stable_token that hands back the same value ends the refreshing (the later sends reuse it)
    long invalid =
        stack.sandbox.requests("template", app).stream().filter(r -> r.errcode() == 40001).count();
    assertThat(invalid).isPositive();
    double refreshes =
        scrape.total("wxgate_token_refreshes_total", Map.of("appId", app, "result", "ok"));
    assertThat(refreshes).isBetween(2.0, 1.0 + invalid);
    assertThat(stack.sandbox.stats(app).get("stable_token").doubleValue()).isEqualTo(refreshes);
    assertThat(scrape.total("wxgate_token_age_seconds", Map.of("appId", app)))
        .isGreaterThanOrEqualTo(0);
    assertThat(
            scrape.total("wxgate_token_refreshes_total", Map.of("appId", app, "result", "error")))
        .isLessThanOrEqualTo(0); // absent or zero: no fetch failed
  }

  @Test
  void jvm_metrics_are_exposed() {
    assertThat(scrape.total("jvm_memory_used_bytes")).isPositive();
    assertThat(scrape.total("jvm_threads_live_threads")).isPositive();
    assertThat(scrape.total("system_cpu_count")).isPositive();
    assertThat(scrape.find("process_cpu_usage")).isNotEmpty();
  }

  @Test
  void pool_rate_limit_waits_and_send_latency_by_errcode_kind_are_exposed() {
    assertThat(scrape.names("hikaricp_connections")).as("HikariCP pool metrics").isNotEmpty();
    assertThat(
            scrape.series().stream()
                .filter(s -> s.name().startsWith("wxgate_"))
                .filter(s -> s.name().contains("rate_limit") || s.name().contains("throttle")))
        .as("rate-limit waits")
        .isNotEmpty();
    assertThat(scrape.find("wxgate_outbox_send_latency_seconds_count"))
        .as("send latency by errcode kind")
        .anySatisfy(s -> assertThat(s.labels()).containsKey("errcode_kind"));
  }

  private static Map<String, String> withLe(Map<String, String> labels, String le) {
    Map<String, String> m = new java.util.HashMap<>(labels);
    m.put("le", le);
    return m;
  }
}
