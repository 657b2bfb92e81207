package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.AlertConfig;
import io.wxgate.config.AlertConfig.Format;
import io.wxgate.config.AlertConfig.Webhook;
import io.wxgate.wechat.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertsTest {
  private final AlertReceiver receiver = new AlertReceiver();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stop() {
    receiver.close();
  }

  private Alerts alerts(int capacity, Webhook... hooks) {
    return new Alerts(
        new AlertConfig(List.of(hooks), Duration.ofMinutes(5), capacity, 0, 0, null, null),
        registry,
        clock);
  }

  private double counted(String result) {
    return registry.counter(OutboxMetrics.ALERTS, "result", result).count();
  }

  @Test
  void each_webhook_gets_the_alert_in_its_own_format() throws Exception {
    Alerts alerts =
        alerts(
            16,
            new Webhook(receiver.url("/generic"), Format.GENERIC, null),
            new Webhook(receiver.url("/dingtalk?access_token=abc"), Format.DINGTALK, null),
            new Webhook(receiver.url("/wecom?key=k"), Format.WECOM, null));

    alerts.raise("dead", "wx1", "message m1 is DEAD", "errcode 43004: require subscribe");
    alerts.runOnce();

    List<AlertReceiver.Received> got = receiver.received();
    assertThat(got).hasSize(3);
    JsonNode generic = json.readTree(got.get(0).body());
    assertThat(generic.get("source").asText()).isEqualTo("wxgate");
    assertThat(generic.get("kind").asText()).isEqualTo("dead");
    assertThat(generic.get("appId").asText()).isEqualTo("wx1");
    assertThat(generic.get("text").asText()).contains("43004");
    for (AlertReceiver.Received robot : got.subList(1, 3)) {
      JsonNode body = json.readTree(robot.body());
      assertThat(body.get("msgtype").asText()).isEqualTo("text");
      assertThat(body.at("/text/content").asText())
          .isEqualTo("[wxgate] message m1 is DEAD\nerrcode 43004: require subscribe");
    }
    assertThat(counted("posted")).isEqualTo(3);
  }

  @Test
  void alerts_of_one_kind_and_app_are_rate_limited_and_the_next_one_counts_the_suppressed() {
    Alerts alerts = alerts(16, new Webhook(receiver.url("/h"), Format.GENERIC, null));

    alerts.raise("dead", "wx1", "t", "first");
    alerts.raise("dead", "wx1", "t", "second");
    alerts.raise("dead", "wx1", "t", "third");
    alerts.raise("dead", "wx2", "t", "other app");
    alerts.raise("quota_exhausted", "wx1", "t", "other kind");
    clock.advance(Duration.ofMinutes(5));
    alerts.raise("dead", "wx1", "t", "after the interval");
    alerts.runOnce();

    assertThat(receiver.received())
        .extracting(AlertReceiver.Received::body)
        .satisfiesExactly(
            b -> assertThat(b).contains("first"),
            b -> assertThat(b).contains("other app"),
            b -> assertThat(b).contains("other kind"),
            b -> assertThat(b).contains("after the interval (2 similar alerts suppressed)"));
    assertThat(counted("suppressed")).isEqualTo(2);
  }

  @Test
  void a_full_queue_drops_alerts_instead_of_blocking_the_sender() {
    Alerts alerts = alerts(1, new Webhook(receiver.url("/h"), Format.GENERIC, null));

    alerts.raise("dead", "wx1", "t", "kept");
    alerts.raise("dead", "wx2", "t", "dropped");

    assertThat(counted("dropped")).isEqualTo(1);
    assertThat(alerts.runOnce()).isEqualTo(1);
  }

  @Test
  void signed_dingtalk_robots_get_timestamp_and_sign_in_the_url() {
    Alerts alerts =
        alerts(
            4,
            new Webhook(
                receiver.url("/robot/send?access_token=abc"),
                Format.DINGTALK,
                Secret.of("SEC123")));

    alerts.raise("dead", "wx1", "t", "x");
    alerts.runOnce();

    assertThat(receiver.received())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.pathAndQuery())
                    .startsWith(
                        "/robot/send?access_token=abc&timestamp="
                            + clock.instant().toEpochMilli()
                            + "&sign="));
  }

  @Test
  void the_background_thread_posts_queued_alerts() {
    try (Alerts alerts = alerts(4, new Webhook(receiver.url("/h"), Format.GENERIC, null))) {
      alerts.start();
      alerts.raise("failure_rate", "wx1", "t", "x");
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 1);
    }
  }

  @Test
  void a_webhook_that_is_down_is_counted_as_failed_and_does_not_throw() {
    Webhook dead = new Webhook(receiver.url("/h"), Format.GENERIC, null);
    receiver.close();
    Alerts alerts = alerts(4, dead);

    alerts.raise("dead", "wx1", "t", "x");
    alerts.runOnce();

    assertThat(counted("failed")).isEqualTo(1);
  }
}
