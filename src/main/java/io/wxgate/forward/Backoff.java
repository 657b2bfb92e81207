package io.wxgate.forward;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Exponential backoff with full jitter, as the outbox retries (its RetryPolicy is internal). */
record Backoff(Duration base, Duration cap) {
  /** The ceiling after {@code attempt} failed attempts: min(cap, base * 2^(attempt-1)). */
  Duration ceiling(int attempt) {
    int doublings = Math.max(0, attempt - 1);
    if (doublings >= 40) return cap;
    Duration d = base.multipliedBy(1L << doublings);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** Uniform in [0, ceiling): a receiver coming back is not hit by every retry at once. */
  Duration delayAfter(int attempt, RandomGenerator random) {
    long ceilingMillis = ceiling(attempt).toMillis();
    return Duration.ofMillis(ceilingMillis <= 1 ? 0 : random.nextLong(ceilingMillis));
  }
}
