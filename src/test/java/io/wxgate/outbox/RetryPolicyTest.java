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
