package io.wxgate.state.redis;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.wxgate.state.RateLimits;
import io.wxgate.state.RateSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link RateLimits} on Redis through Bucket4j's Lettuce integration (compare-and-swap). */
final class RedisRateLimits implements RateLimits {
  private final RedisLink link;
  private final String prefix;

  RedisRateLimits(RedisLink link, String keyPrefix) {
    this.link = link;
    this.prefix = keyPrefix + "rate:";
  }

  @Override
  public Decision tryAcquire(String key, RateSpec spec) {
    byte[] bucketKey = (prefix + key + "|" + spec.id()).getBytes(StandardCharsets.UTF_8);
    BucketConfiguration configuration =
        BucketConfiguration.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(spec.permits())
                    .refillGreedy(spec.permits(), spec.per())
                    .build())
            .build();
    ConsumptionProbe probe =
        link.withBuckets(
            buckets ->
                buckets
                    .builder()
                    .build(bucketKey, () -> configuration)
                    .tryConsumeAndReturnRemaining(1));
    return probe.isConsumed()
        ? Decision.ALLOWED
        : Decision.rejected(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }
}
