package io.wxgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.StateConfig;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class RealTimeRateLimitsTest {
  @Test
  void acquire_waits_for_the_next_permit_when_the_wait_is_allowed() {
    try (SharedState state = new SharedState(StateConfig.inProcess(), InstantSource.system())) {
      RateSpec twentyPerSecond = new RateSpec(1, Duration.ofMillis(50));
      assertThat(state.rateLimits().tryAcquire("k", twentyPerSecond).allowed()).isTrue();
      assertThat(state.rateLimits().acquire("k", twentyPerSecond, Duration.ofSeconds(5))).isTrue();
    }
  }
}
