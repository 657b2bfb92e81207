package io.wxgate.state;

import java.time.Duration;

/**
 * Token-bucket rate limits per key (a client id, an AppID…), shared by every instance when Redis is
 * configured. A key's bucket is identified by the key and its {@link RateSpec}: changing the spec
 * starts a fresh bucket. Thread-safe.
 */
public interface RateLimits {
  /** Takes one permit from {@code key}'s bucket if one is available now; never waits. */
  Decision tryAcquire(String key, RateSpec spec);

  /**
   * Takes one permit, waiting for it at most {@code maxWait}. Returns false at once when the wait
   * would be longer, or when the thread is interrupted (its interrupt flag is kept).
   */
  default boolean acquire(String key, RateSpec spec, Duration maxWait) {
    Duration left = maxWait;
    while (true) {
      Decision d = tryAcquire(key, spec);
      if (d.allowed()) return true;
      if (d.retryAfter().compareTo(left) > 0) return false;
      try {
        // Never sleep zero: a bucket can answer "retry after 0" just before it refills.
        Duration nap = d.retryAfter().isZero() ? Duration.ofMillis(1) : d.retryAfter();
        Thread.sleep(nap);
        left = left.minus(nap);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Whether a permit was taken, and if not, how long until one will be available. */
  record Decision(boolean allowed, Duration retryAfter) {
    public static final Decision ALLOWED = new Decision(true, Duration.ZERO);

    public static Decision rejected(Duration retryAfter) {
      return new Decision(false, retryAfter);
    }
  }
}
