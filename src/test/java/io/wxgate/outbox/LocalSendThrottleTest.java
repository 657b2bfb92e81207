package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalSendThrottleTest {
  @Test
  void each_app_gets_its_own_bucket_of_one_seconds_worth() {
    LocalSendThrottle throttle = new LocalSendThrottle(5);
    int granted = 0;
    for (int i = 0; i < 20; i++) if (throttle.tryAcquire("a")) granted++;
    // refill during the loop may add one
    assertThat(granted).isBetween(5, 6);
    assertThat(throttle.tryAcquire("b")).isTrue();
  }
}
