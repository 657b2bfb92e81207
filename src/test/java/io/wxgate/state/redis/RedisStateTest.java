package io.wxgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wxgate.config.StateConfig;
import io.wxgate.state.CachedToken;
import io.wxgate.state.Health;
import io.wxgate.state.Locks;
import io.wxgate.state.RateLimits;
import io.wxgate.state.RateSpec;
import io.wxgate.state.SharedState;
import io.wxgate.testsupport.TestServices;
import io.wxgate.wechat.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances sharing the real Redis. */
class RedisStateTest {
  private final StateConfig config =
      StateConfig.redis(URI.create(TestServices.redisUri()), TestServices.freshPrefix());
  private final SharedState a = new SharedState(config, InstantSource.system());
  private final SharedState b = new SharedState(config, InstantSource.system());

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void is_up_and_shared() {
    assertThat(a.health().status()).isEqualTo(Health.Status.UP);
    assertThat(a.isShared()).isTrue();
  }

  @Test
  void claims_a_key_once_across_two_instances() {
    assertThat(a.dedup().claim("msg-1", Duration.ofMinutes(1))).isTrue();
    assertThat(b.dedup().claim("msg-1", Duration.ofMinutes(1))).isFalse();
    assertThat(a.dedup().claim("msg-1", Duration.ofMinutes(1))).isFalse();
  }

  @Test
  void a_claim_expires_with_its_ttl() {
    assertThat(a.dedup().claim("msg-2", Duration.ofMillis(200))).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> b.dedup().claim("msg-2", Duration.ofMinutes(1)));
  }

  @Test
  void the_first_answer_is_known_to_every_instance() {
    assertThat(b.dedup().answer("msg-3")).isEmpty();
    a.dedup().rememberAnswer("msg-3", "<xml>first</xml>", Duration.ofMinutes(1));
    assertThat(b.dedup().answer("msg-3")).contains("<xml>first</xml>");
  }

  @Test
  void a_key_released_by_one_instance_is_claimed_again_by_another() {
    assertThat(a.dedup().claim("msg-4", Duration.ofMinutes(1))).isTrue();
    a.dedup().rememberAnswer("msg-4", "<xml>first</xml>", Duration.ofMinutes(1));
    a.dedup().release("msg-4");
    assertThat(b.dedup().answer("msg-4")).isEmpty();
    assertThat(b.dedup().claim("msg-4", Duration.ofMinutes(1))).isTrue();
  }

  @Test
  void a_token_put_by_one_instance_is_read_and_compare_deleted_by_another() {
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    CachedToken token = new CachedToken(Secret.of("tok|with|bars"), now.plusSeconds(7200), now);
    a.tokens().put("wx1", token);
    assertThat(b.tokens().get("wx1")).contains(token);
    assertThat(b.tokens().compareAndDelete("wx1", Secret.of("other"))).isFalse();
    assertThat(a.tokens().get("wx1")).isPresent();
    assertThat(b.tokens().compareAndDelete("wx1", Secret.of("tok|with|bars"))).isTrue();
    assertThat(a.tokens().get("wx1")).isEmpty();
  }

  @Test
  void a_lock_has_one_holder_across_instances_and_only_its_owner_releases_it() {
    Optional<Locks.Lock> held = a.locks().tryLock("refresh", Duration.ofMillis(300));
    assertThat(held).isPresent();
    assertThat(b.locks().tryLock("refresh", Duration.ofSeconds(10))).isEmpty();
    Locks.Lock next =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> b.locks().tryLock("refresh", Duration.ofSeconds(10)), Optional::isPresent)
            .get();
    held.get().close(); // expired holder: must not free b's lock
    assertThat(a.locks().tryLock("refresh", Duration.ofSeconds(10))).isEmpty();
    next.close();
    assertThat(a.locks().tryLock("refresh", Duration.ofSeconds(10))).isPresent();
  }

  @Test
  void a_rate_limit_bucket_is_shared_by_every_instance() {
    RateSpec threePerHour = new RateSpec(3, Duration.ofHours(1));
    assertThat(a.rateLimits().tryAcquire("app-1", threePerHour).allowed()).isTrue();
    assertThat(b.rateLimits().tryAcquire("app-1", threePerHour).allowed()).isTrue();
    assertThat(a.rateLimits().tryAcquire("app-1", threePerHour).allowed()).isTrue();
    RateLimits.Decision rejected = b.rateLimits().tryAcquire("app-1", threePerHour);
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(20));
    assertThat(a.rateLimits().tryAcquire("app-2", threePerHour).allowed()).isTrue();
    assertThat(a.health().isUp()).isTrue();
  }
}
