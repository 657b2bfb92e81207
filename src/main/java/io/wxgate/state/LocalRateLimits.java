package io.wxgate.state;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/** In-process {@link RateLimits} on Bucket4j core. */
final class LocalRateLimits implements RateLimits {
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final TimeMeter time;

  LocalRateLimits(InstantSource clock) {
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
          }

          @Override
          public boolean isWallClockBased() {
            return true;
          }
        };
  }

  @Override
  public Decision tryAcquire(String key, RateSpec spec) {
    Bucket bucket =
        buckets.computeIfAbsent(
            key + "|" + spec.id(),
            k -> Bucket.builder().addLimit(bandwidth(spec)).withCustomTimePrecision(time).build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? Decision.ALLOWED
        : Decision.rejected(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  static Bandwidth bandwidth(RateSpec spec) {
    return Bandwidth.builder()
        .capacity(spec.permits())
        .refillGreedy(spec.permits(), spec.per())
        .build();
  }
}
