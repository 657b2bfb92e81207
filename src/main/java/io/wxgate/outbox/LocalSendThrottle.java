package io.wxgate.outbox;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One in-process Bucket4j token bucket per AppID; bursts up to one second's worth. */
public final class LocalSendThrottle implements SendThrottle {
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final double perSecond;

  public LocalSendThrottle(double perSecond) {
    if (!(perSecond > 0)) throw new IllegalArgumentException("perSecond must be > 0: " + perSecond);
    this.perSecond = perSecond;
  }

  @Override
  public void acquire(String appId) throws InterruptedException {
    buckets.computeIfAbsent(appId, id -> newBucket()).asBlocking().consume(1);
  }

  /** Takes a permit only if one is free now. */
  boolean tryAcquire(String appId) {
    return buckets.computeIfAbsent(appId, id -> newBucket()).tryConsume(1);
  }

  private Bucket newBucket() {
    long capacity = Math.max(1, (long) Math.ceil(perSecond));
    Duration period = Duration.ofNanos((long) (capacity * 1_000_000_000L / perSecond));
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
        .build();
  }
}
