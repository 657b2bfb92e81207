package io.wxgate.state;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: at most {@code permits} per {@code per}, refilled smoothly, bursts up to {@code
 * permits}.
 */
public record RateSpec(long permits, Duration per) {
  public RateSpec {
    Objects.requireNonNull(per, "per");
    if (permits < 1) throw new IllegalArgumentException("permits must be >= 1: " + permits);
    if (!per.isPositive()) throw new IllegalArgumentException("per must be positive: " + per);
  }

  public static RateSpec perSecond(long permits) {
    return new RateSpec(permits, Duration.ofSeconds(1));
  }

  /** A stable text naming this spec, so buckets with different specs never share a key. */
  public String id() {
    return permits + "/" + per.toMillis() + "ms";
  }
}
