package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureRatesTest {
  private final FailureRates rates = new FailureRates(0.5, 10, Duration.ofMinutes(5));
  private final Instant t0 = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void reports_a_rate_at_or_over_the_threshold_only_with_enough_samples() {
    for (int i = 0; i < 8; i++) assertThat(rates.record("a", true, t0)).isEqualTo(-1);
    assertThat(rates.record("a", false, t0)).isEqualTo(-1);
    assertThat(rates.record("a", false, t0)).isEqualTo(0.8);
    assertThat(rates.record("b", false, t0)).isEqualTo(-1);
  }

  @Test
  void old_outcomes_fall_out_of_the_window() {
    for (int i = 0; i < 20; i++) rates.record("a", true, t0);
    Instant later = t0.plus(Duration.ofMinutes(6));
    for (int i = 0; i < 9; i++) rates.record("a", false, later);
    assertThat(rates.record("a", true, later)).isEqualTo(-1);
  }
}
