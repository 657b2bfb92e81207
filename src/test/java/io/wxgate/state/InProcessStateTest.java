package io.wxgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.StateConfig;
import io.wxgate.wechat.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessStateTest {
  private final SettableClock clock = new SettableClock();
  private final SharedState state = new SharedState(StateConfig.inProcess(), clock);

  @AfterEach
  void close() {
    state.close();
  }

  @Test
  void is_up_without_redis() {
    assertThat(state.health().status()).isEqualTo(Health.Status.UP);
    assertThat(state.isShared()).isFalse();
  }

  @Test
  void claims_a_key_once_until_its_ttl_passes() {
    DedupStore dedup = state.dedup();
    assertThat(dedup.claim("m1", Duration.ofSeconds(60))).isTrue();
    assertThat(dedup.claim("m1", Duration.ofSeconds(60))).isFalse();
    clock.advance(Duration.ofSeconds(61));
    assertThat(dedup.claim("m1", Duration.ofSeconds(60))).isTrue();
  }

  @Test
  void remembers_the_first_answer_for_its_ttl() {
    DedupStore dedup = state.dedup();
    assertThat(dedup.answer("m2")).isEmpty();
    dedup.claim("m2", Duration.ofSeconds(60));
    dedup.rememberAnswer("m2", "<xml>hi</xml>", Duration.ofSeconds(60));
    assertThat(dedup.answer("m2")).contains("<xml>hi</xml>");
    clock.advance(Duration.ofSeconds(61));
    assertThat(dedup.answer("m2")).isEmpty();
  }

  @Test
  void a_released_key_is_claimed_again_and_has_no_answer() {
    DedupStore dedup = state.dedup();
    dedup.claim("m3", Duration.ofSeconds(60));
    dedup.rememberAnswer("m3", "<xml>hi</xml>", Duration.ofSeconds(60));
    dedup.release("m3");
    assertThat(dedup.answer("m3")).isEmpty();
    assertThat(dedup.claim("m3", Duration.ofSeconds(60))).isTrue();
  }

  @Test
  void purges_expired_keys_without_forgetting_live_ones() {
    state.dedup().claim("old", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(31));
    state.dedup().claim("new", Duration.ofSeconds(60));
    state.runOnce();
    assertThat(state.dedup().claim("new", Duration.ofSeconds(60))).isFalse();
    assertThat(state.dedup().claim("old", Duration.ofSeconds(60))).isTrue();
  }

  @Test
  void deletes_a_token_only_while_it_is_still_the_bad_one() {
    TokenCache tokens = state.tokens();
    Instant now = clock.instant();
    tokens.put("wx1", new CachedToken(Secret.of("good"), now.plusSeconds(7200), now));
    assertThat(tokens.compareAndDelete("wx1", Secret.of("bad"))).isFalse();
    assertThat(tokens.get("wx1")).map(t -> t.value().reveal()).contains("good");
    assertThat(tokens.compareAndDelete("wx1", Secret.of("good"))).isTrue();
    assertThat(tokens.get("wx1")).isEmpty();
  }

  @Test
  void a_lock_has_one_holder_until_released_or_expired() {
    Locks locks = state.locks();
    Optional<Locks.Lock> first = locks.tryLock("l", Duration.ofSeconds(10));
    assertThat(first).isPresent();
    assertThat(locks.tryLock("l", Duration.ofSeconds(10))).isEmpty();
    first.get().close();
    Optional<Locks.Lock> second = locks.tryLock("l", Duration.ofSeconds(10));
    assertThat(second).isPresent();
    clock.advance(Duration.ofSeconds(11));
    Optional<Locks.Lock> third = locks.tryLock("l", Duration.ofSeconds(10));
    assertThat(third).isPresent();
    second.get().close(); // expired holder: must not free the new owner's lock
    assertThat(locks.tryLock("l", Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  void a_bucket_allows_its_burst_then_says_how_long_to_wait() {
    RateLimits limits = state.rateLimits();
    RateSpec threePerMinute = new RateSpec(3, Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      assertThat(limits.tryAcquire("client-a", threePerMinute).allowed()).isTrue();
    }
    RateLimits.Decision rejected = limits.tryAcquire("client-a", threePerMinute);
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(limits.tryAcquire("client-b", threePerMinute).allowed()).isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(limits.tryAcquire("client-a", threePerMinute).allowed()).isTrue();
  }

  @Test
  void acquire_gives_up_at_once_when_the_wait_exceeds_the_limit() {
    RateLimits limits = state.rateLimits();
    RateSpec onePerHour = new RateSpec(1, Duration.ofHours(1));
    assertThat(limits.acquire("k", onePerHour, Duration.ofSeconds(1))).isTrue();
    assertThat(limits.acquire("k", onePerHour, Duration.ofSeconds(1))).isFalse();
  }

  @Test
  void a_new_spec_for_a_key_starts_a_new_bucket() {
    RateLimits limits = state.rateLimits();
    assertThat(limits.tryAcquire("k", new RateSpec(1, Duration.ofHours(1))).allowed()).isTrue();
    assertThat(limits.tryAcquire("k", new RateSpec(1, Duration.ofHours(1))).allowed()).isFalse();
    assertThat(limits.tryAcquire("k", new RateSpec(2, Duration.ofHours(1))).allowed()).isTrue();
  }
}
