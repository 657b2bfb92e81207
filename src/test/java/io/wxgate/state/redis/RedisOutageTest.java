package io.wxgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wxgate.config.StateConfig;
import io.wxgate.state.CachedToken;
import io.wxgate.state.Health;
import io.wxgate.state.Locks;
import io.wxgate.state.RateSpec;
import io.wxgate.state.SharedState;
import io.wxgate.state.TcpProxy;
import io.wxgate.testsupport.TestServices;
import io.wxgate.wechat.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Redis cut off mid-test (through a proxy we control) and restored. */
class RedisOutageTest {
  private final String prefix = TestServices.freshPrefix();
  private final TcpProxy proxy = new TcpProxy(URI.create(TestServices.redisUri())).start();
  private final SharedState viaProxy =
      new SharedState(StateConfig.redis(proxy.uri(), prefix), InstantSource.system());
  private final SharedState direct =
      new SharedState(
          StateConfig.redis(URI.create(TestServices.redisUri()), prefix), InstantSource.system());

  @AfterEach
  void close() {
    viaProxy.close();
    direct.close();
    proxy.close();
  }

  @Test
  void keeps_working_per_instance_while_redis_is_unreachable_and_shares_again_after() {
    assertThat(viaProxy.dedup().claim("before", Duration.ofMinutes(1))).isTrue();
    assertThat(direct.dedup().claim("before", Duration.ofMinutes(1))).isFalse();

    proxy.stop();

    assertThat(viaProxy.dedup().claim("during", Duration.ofMinutes(1))).isTrue();
    assertThat(viaProxy.dedup().claim("during", Duration.ofMinutes(1))).isFalse();
    assertThat(viaProxy.health().status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(viaProxy.health().reason()).contains("Redis unreachable");
    Instant now = Instant.now();
    viaProxy.tokens().put("wx1", new CachedToken(Secret.of("t1"), now.plusSeconds(60), now));
    assertThat(viaProxy.tokens().get("wx1")).isPresent();
    Optional<Locks.Lock> lock = viaProxy.locks().tryLock("l", Duration.ofSeconds(10));
    assertThat(lock).isPresent();
    assertThat(viaProxy.locks().tryLock("l", Duration.ofSeconds(10))).isEmpty();
    lock.get().close();
    assertThat(viaProxy.rateLimits().tryAcquire("k", RateSpec.perSecond(5)).allowed()).isTrue();
    viaProxy.runOnce();
    assertThat(viaProxy.health().status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(direct.health().isUp()).isTrue();

    proxy.start();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              viaProxy.runOnce();
              assertThat(viaProxy.health().status()).isEqualTo(Health.Status.UP);
            });
    assertThat(viaProxy.dedup().claim("after", Duration.ofMinutes(1))).isTrue();
    assertThat(direct.dedup().claim("after", Duration.ofMinutes(1))).isFalse();
    assertThat(direct.dedup().claim("during", Duration.ofMinutes(1)))
        .as("claimed only in-process during the outage")
        .isTrue();
  }

  @Test
  void starts_degraded_when_redis_is_down_and_shares_once_it_answers() {
    proxy.stop();
    try (SharedState late =
        new SharedState(StateConfig.redis(proxy.uri(), prefix), InstantSource.system())) {
      assertThat(late.health().status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(late.dedup().claim("x", Duration.ofMinutes(1))).isTrue();
      proxy.start();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                late.runOnce();
                assertThat(late.health().isUp()).isTrue();
              });
      assertThat(late.dedup().claim("y", Duration.ofMinutes(1))).isTrue();
      assertThat(direct.dedup().claim("y", Duration.ofMinutes(1))).isFalse();
    }
  }

  @Test
  void a_rate_limit_call_during_an_outage_falls_back_to_a_local_bucket() {
    assertThat(viaProxy.rateLimits().tryAcquire("k", RateSpec.perSecond(5)).allowed()).isTrue();
    proxy.stop();
    assertThat(viaProxy.rateLimits().tryAcquire("k", RateSpec.perSecond(5)).allowed()).isTrue();
    assertThat(viaProxy.health().status()).isEqualTo(Health.Status.DEGRADED);
  }

  @Test
  @Timeout(60) // guards against a hang only; the command timeout is 500 ms
  void a_redis_that_stops_answering_times_out_and_callers_fall_back() {
    assertThat(viaProxy.dedup().claim("a", Duration.ofMinutes(1))).isTrue();
    proxy.blackhole();
    assertThat(viaProxy.dedup().claim("b", Duration.ofMinutes(1))).isTrue();
    assertThat(viaProxy.health().status()).isEqualTo(Health.Status.DEGRADED);
    // a command timing out, or the probe's reconnect failing first: either way not a hang
    assertThat(viaProxy.health().reason()).containsAnyOf("Timeout", "Unable to connect");
    proxy.stop();
    proxy.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              viaProxy.runOnce();
              assertThat(viaProxy.health().isUp()).isTrue();
            });
    assertThat(viaProxy.dedup().claim("c", Duration.ofMinutes(1))).isTrue();
    assertThat(direct.dedup().claim("c", Duration.ofMinutes(1))).isFalse();
  }
}
