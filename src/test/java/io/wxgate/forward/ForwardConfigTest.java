package io.wxgate.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.ForwardConfig;
import io.wxgate.config.ForwardConfig.Kind;
import io.wxgate.config.ForwardConfig.Rule;
import io.wxgate.config.ForwardConfig.Target;
import io.wxgate.wechat.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardConfigTest {
  static final URI HOOK = URI.create("http://127.0.0.1:9000/wx");
  static final Secret SECRET = Secret.of("k");

  static Target target(String name, Kind kind) {
    return new Target(name, kind, HOOK, null, SECRET, null, 0, false);
  }

  @Test
  void defaults_forward_nothing_and_fill_every_setting() {
    ForwardConfig c = ForwardConfig.defaults();
    assertThat(c.targets()).isEmpty();
    assertThat(c.rules()).isEmpty();
    assertThat(c.batchSize()).isEqualTo(50);
    assertThat(c.workers()).isEqualTo(16);
    assertThat(c.lease()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.retryBase()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.retryCap()).isEqualTo(Duration.ofMinutes(5));
    Target sync = target("a", Kind.SYNC);
    assertThat(sync.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(sync.maxAttempts()).isEqualTo(12);
    assertThat(target("b", Kind.ASYNC).timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void every_invalid_setting_is_refused_with_its_name() {
    assertThatThrownBy(() -> target("bad name", Kind.ASYNC))
        .hasMessageContaining("forward.targets[].name");
    assertThatThrownBy(() -> new Target("a", Kind.ASYNC, HOOK, null, null, null, 0, false))
        .hasMessageContaining("forward.targets[a].secret is required");
    assertThatThrownBy(
            () -> new Target("a", Kind.ASYNC, URI.create("ftp://x/"), null, SECRET, null, 0, false))
        .hasMessageContaining("forward.targets[a].url must be an http");
    assertThatThrownBy(
            () ->
                new Target(
                    "q", Kind.RABBITMQ, URI.create("amqp://127.0.0.1"), null, null, null, 0, false))
        .hasMessageContaining("forward.targets[q].exchange is required");
    assertThatThrownBy(() -> new Target("a", Kind.ASYNC, HOOK, null, SECRET, null, -1, false))
        .hasMessageContaining("forward.targets[a].maxAttempts");
    assertThatThrownBy(() -> ForwardConfig.Kind.parse("kafka"))
        .hasMessageContaining("forward.targets[].kind");
    assertThatThrownBy(
            () ->
                ForwardConfig.of(
                    List.of(target("a", Kind.ASYNC)),
                    List.of(new Rule(null, null, null, null, List.of("b")))))
        .hasMessageContaining("forward.rules[0].targets names an unknown target: b");
    assertThatThrownBy(
            () ->
                ForwardConfig.of(
                    List.of(target("a", Kind.SYNC), target("b", Kind.SYNC)),
                    List.of(new Rule(null, null, null, null, List.of("a", "b")))))
        .hasMessageContaining("at most one sync target");
    assertThatThrownBy(
            () -> ForwardConfig.of(List.of(target("a", Kind.ASYNC), target("a", Kind.SYNC)), null))
        .hasMessageContaining("forward.targets[a] is defined twice");
    assertThatThrownBy(() -> new Rule(null, "text", "CLICK", null, List.of("a")))
        .hasMessageContaining("forward.rules[].event needs msgType event");
    assertThatThrownBy(() -> new Rule(null, null, null, null, List.of()))
        .hasMessageContaining("forward.rules[].targets");
  }

  @Test
  void a_sync_timeout_must_stay_below_the_callback_deadline() {
    ForwardConfig c =
        ForwardConfig.of(
            List.of(
                new Target("s", Kind.SYNC, HOOK, null, SECRET, Duration.ofSeconds(5), 0, false)),
            List.of());
    assertThatThrownBy(
            () ->
                new Forwarding(
                    c,
                    null,
                    new SimpleMeterRegistry(),
                    InstantSource.system(),
                    Duration.ofSeconds(4)))
        .hasMessageContaining("forward.targets[s].timeout must be below callback.handlerDeadline");
  }

  @Test
  void a_rabbitmq_password_never_shows_in_the_target_description() {
    Target t =
        new Target(
            "q",
            Kind.RABBITMQ,
            URI.create("amqp://app:pw@127.0.0.1:5672/%2f"),
            "ex",
            null,
            null,
            0,
            false);
    assertThat(t.toString()).doesNotContain("pw").contains("****@127.0.0.1");
  }
}
