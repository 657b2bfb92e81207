package io.wxgate.outbox;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** How often and how long to retry transient failures: exponential backoff with full jitter. */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {
  public RetryPolicy {
    if (maxAttempts < 1)
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("base must be > 0");
    if (cap.compareTo(base) < 0) throw new IllegalArgumentException("cap must be >= base");
  }

  /** The backoff ceiling after {@code attempt} failed attempts: min(cap, base * 2^(attempt-1)). */
  Duration ceiling(int attempt) {
    int doublings = Math.max(0, attempt - 1);
    if (doublings >= 40) return cap;
    Duration d = base.multipliedBy(1L << doublings);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /**
   * Full jitter: uniform in [0, ceiling(attempt)), so retries of a burst spread out instead of
   * hitting WeChat together again.
   */
  Duration delayAfter(int attempt, RandomGenerator random) {
    long ceilingMillis = ceiling(attempt).toMillis();
    return Duration.ofMillis(ceilingMillis <= 1 ? 0 : random.nextLong(ceilingMillis));
  }

  /**
   * The wait before a message that could not get an access token looks for one again: between half
   * and all of its age, at least {@code base} and at most {@code cap}. The longer an outage lasts,
   * the less often its messages ask, without a counter; half the ceiling at least, because the
   * token service would answer an earlier ask from its own failure backoff anyway.
   */
  Duration tokenWaitAfter(Duration age, RandomGenerator random) {
    Duration ceiling = age.compareTo(base) < 0 ? base : age.compareTo(cap) > 0 ? cap : age;
    long ceilingMillis = ceiling.toMillis();
    long half = ceilingMillis / 2;
    return Duration.ofMillis(
        half + (ceilingMillis - half <= 1 ? 0 : random.nextLong(ceilingMillis - half)));
  }

  /** True when a message that has used {@code attempts} counted attempts may not try again. */
  boolean exhausted(int attempts) {
    return attempts >= maxAttempts;
  }
}
