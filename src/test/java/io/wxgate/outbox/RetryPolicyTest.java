package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(8, Duration.ofSeconds(2), Duration.ofSeconds(60));

  @Test
  void the_ceiling_doubles_per_attempt_up_to_the_cap() {
    assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(policy.ceiling(6)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.ceiling(500)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void full_jitter_spreads_delays_over_zero_to_the_ceiling() {
    SplittableRandom random = new SplittableRandom(1);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long d = policy.delayAfter(3, random).toMillis();
      assertThat(d).isBetween(0L, 7999L);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isLessThan(500);
    assertThat(max).isGreaterThan(7500);
  }

  @Test
  void token_waits_grow_with_the_age_of_the_message_between_base_and_cap() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 500; i++) {
      assertThat(policy.tokenWaitAfter(Duration.ZERO, random).toMillis()).isBetween(1000L, 1999L);
      assertThat(policy.tokenWaitAfter(Duration.ofSeconds(20), random).toMillis())
          .isBetween(10_000L, 19_999L);
      assertThat(policy.tokenWaitAfter(Duration.ofHours(5), random).toMillis())
          .isBetween(30_000L, 59_999L);
    }
  }

  @Test
  void attempts_are_exhausted_at_max_attempts() {
    assertThat(policy.exhausted(7)).isFalse();
    assertThat(policy.exhausted(8)).isTrue();
  }

  @Test
  void nonsense_settings_are_refused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
