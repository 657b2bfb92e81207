package io.wxgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.StateConfig;
import io.wxgate.config.TokenConfig;
import io.wxgate.state.Locks;
import io.wxgate.state.SettableClock;
import io.wxgate.state.SharedState;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.api.WechatError;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One instance, in-process state, a settable clock: no test here waits for real time. */
class TokenServiceTest {
  private static final String APP = "wx-app-1";

  private final SettableClock clock = new SettableClock();
  private final SharedState state = new SharedState(StateConfig.inProcess(), clock);
  private final CountingTokenSource source = new CountingTokenSource(clock);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TokenService tokens = service(TokenConfig.defaults());

  private TokenService service(TokenConfig config) {
    return new TokenService(config, source, state.tokens(), state.locks(), clock, meters);
  }

  @AfterEach
  void close() {
    tokens.close();
    state.close();
  }

  @Test
  void serves_the_cached_token_without_calling_wechat_again() {
    assertThat(tokens.get(APP)).isEqualTo("token-1");
    assertThat(tokens.get(APP)).isEqualTo("token-1");
    assertThat(source.calls()).isEqualTo(1);
  }

  @Test
  void refreshes_once_the_remaining_life_falls_below_the_margin() {
    tokens.get(APP);
    clock.advance(Duration.ofSeconds(7200 - 301));
    assertThat(tokens.get(APP)).isEqualTo("token-1");
    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.get(APP)).isEqualTo("token-2");
    assertThat(source.calls()).isEqualTo(2);
  }

  @Test
  void a_token_just_fetched_with_little_life_left_is_not_fetched_again_at_once() {
    // stable_token can hand back the current token with as little as 300 s left.
    source.lifetime(Duration.ofSeconds(200));
    assertThat(tokens.get(APP)).isEqualTo("token-1");
    assertThat(tokens.get(APP)).isEqualTo("token-1");
    assertThat(source.calls()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(31));
    assertThat(tokens.get(APP)).isEqualTo("token-2");
  }

  @Test
  void keeps_one_token_per_app_id() {
    assertThat(tokens.get("wx-a")).isEqualTo("token-1");
    assertThat(tokens.get("wx-b")).isEqualTo("token-2");
    assertThat(tokens.get("wx-a")).isEqualTo("token-1");
  }

  @Test
  void concurrent_callers_on_one_instance_cause_one_fetch() throws Exception {
    CountingTokenSource slow = new CountingTokenSource(clock, Duration.ofMillis(50));
    try (TokenService one =
        new TokenService(
            TokenConfig.defaults(), slow, state.tokens(), state.locks(), clock, meters)) {
      assertThat(Concurrently.run(200, i -> one.get(APP))).containsOnly("token-1");
    }
    assertThat(slow.calls()).isEqualTo(1);
  }

  @Test
  void invalidating_the_current_token_causes_one_refresh_and_late_invalidations_none() {
    tokens.get(APP);
    tokens.invalidate(APP, "token-1");
    assertThat(tokens.get(APP)).isEqualTo("token-2");
    tokens.invalidate(APP, "token-1");
    assertThat(tokens.get(APP)).isEqualTo("token-2");
    assertThat(source.calls()).isEqualTo(2);
  }

  @Test
  void a_failed_fetch_throws_with_wechat_errcode_and_is_not_retried_during_the_backoff() {
    source.failWith(new WechatError(40013, "invalid appid", ErrorKind.CONFIG));
    assertThatThrownBy(() -> tokens.get(APP))
        .isInstanceOfSatisfying(
            TokenUnavailableException.class,
            e -> {
              assertThat(e.appId()).isEqualTo(APP);
              assertThat(e.errcode()).isEqualTo(40013);
              assertThat(e.getMessage()).contains("40013").contains("invalid appid");
            });
    assertThatThrownBy(() -> tokens.get(APP))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageContaining("next attempt after");
    assertThat(source.calls()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(11));
    source.succeed();
    assertThat(tokens.get(APP)).isEqualTo("token-2");
  }

  @Test
  void a_source_that_throws_counts_as_a_transient_failure() {
    source.throwing(new IllegalStateException("connection reset"));
    assertThatThrownBy(() -> tokens.get(APP))
        .isInstanceOfSatisfying(
            TokenUnavailableException.class, e -> assertThat(e.errcode()).isEqualTo(-1));
  }

  @Test
  void a_token_not_yet_expired_is_still_served_when_its_refresh_fails() {
    tokens.get(APP);
    clock.advance(Duration.ofSeconds(7200 - 100));
    source.failWith(new WechatError(-1, "system error", ErrorKind.TRANSIENT));
    assertThat(tokens.get(APP)).isEqualTo("token-1");
    assertThat(tokens.get(APP)).isEqualTo("token-1");
    assertThat(source.calls()).as("backing off, not hammering WeChat").isEqualTo(2);
    clock.advance(Duration.ofSeconds(100));
    assertThatThrownBy(() -> tokens.get(APP)).isInstanceOf(TokenUnavailableException.class);
  }

  @Test
  void waits_a_bounded_time_for_a_peer_holding_the_lock_then_fetches_itself() {
    TokenConfig impatient =
        new TokenConfig(
            null, null, null, null, null, Duration.ofMillis(100), Duration.ofMillis(10));
    try (TokenService waiting = service(impatient);
        Locks.Lock peer = state.locks().tryLock("token:" + APP, Duration.ofMinutes(1)).get()) {
      assertThat(waiting.get(APP)).isEqualTo("token-1");
    }
    assertThat(source.calls()).isEqualTo(1);
  }

  @Test
  void refresh_due_renews_tokens_near_expiry_and_leaves_fresh_ones() {
    tokens.get("wx-a");
    clock.advance(Duration.ofSeconds(3600));
    tokens.get("wx-b");
    assertThat(tokens.refreshDue()).isZero();
    clock.advance(Duration.ofSeconds(3600 - 200));
    assertThat(tokens.refreshDue()).isEqualTo(1);
    assertThat(source.calls()).isEqualTo(3);
    assertThat(tokens.get("wx-a")).isEqualTo("token-3");
    assertThat(tokens.get("wx-b")).isEqualTo("token-2");
    assertThat(source.calls()).isEqualTo(3);
  }

  @Test
  void refresh_due_skips_apps_backing_off_after_a_failure() {
    source.failWith(new WechatError(-1, "system error", ErrorKind.TRANSIENT));
    assertThatThrownBy(() -> tokens.get(APP)).isInstanceOf(TokenUnavailableException.class);
    assertThat(tokens.refreshDue()).isZero();
    assertThat(source.calls()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(11));
    source.succeed();
    assertThat(tokens.refreshDue()).isEqualTo(1);
  }

  @Test
  void counts_refreshes_and_failures_and_reports_the_token_age() {
    tokens.get(APP);
    clock.advance(Duration.ofSeconds(60));
    assertThat(meters.get("wxgate.token.age").tag("appId", APP).gauge().value()).isEqualTo(60.0);
    assertThat(
            meters
                .get("wxgate.token.refreshes")
                .tags("appId", APP, "result", "ok")
                .counter()
                .count())
        .isEqualTo(1.0);

    tokens.invalidate(APP, "token-1");
    source.failWith(new WechatError(40164, "invalid ip", ErrorKind.CONFIG));
    assertThatThrownBy(() -> tokens.get(APP)).isInstanceOf(TokenUnavailableException.class);
    assertThat(
            meters
                .get("wxgate.token.refreshes")
                .tags("appId", APP, "result", "error")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get("wxgate.token.refresh.failures")
                .tags("appId", APP, "kind", "config")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(meters.get("wxgate.token.age").tag("appId", APP).gauge().value()).isNaN();
  }
}
