package io.wxgate.config;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The outbound pipeline.
 *
 * @param batchSize messages one dispatcher claims per round (default 200: at 50 ms per WeChat call
 *     one round sends ~4,000/s)
 * @param workers concurrent sends per dispatcher, on virtual threads (default 200)
 * @param lease how long a claim holds a message before another instance may take it over (default
 *     60 s; must exceed the WeChat request timeout and the per-app throttle wait for one batch)
 * @param pollInterval how long an idle dispatcher waits before looking again (default 500 ms)
 * @param maxAttempts counted attempts before a message goes DEAD (default 8)
 * @param retryBase first backoff ceiling (default 2 s); doubles per attempt, full jitter
 * @param retryCap largest backoff ceiling (default 10 min)
 * @param perAppRate sends per second per AppID on this instance's default throttle (default 20)
 * @param quotaResetZone where WeChat's daily quotas reset at midnight (default Asia/Shanghai)
 * @param quotaPauseMax longest pause of an AppID after 45009 (default 24 h; the pause ends at the
 *     next quota reset or after this, whichever is first)
 * @param retentionDays finished messages older than this are deleted (default 30)
 * @param shutdownTimeout how long close() lets in-flight sends finish (default 10 s)
 * @param maxWaitForToken while no access token can be had (WeChat's token API down, a wrong secret,
 *     the IP whitelist), messages wait without using attempts until they are this old (from
 *     acceptance), then go DEAD (default 24 h)
 */
public record OutboxConfig(
    int batchSize,
    int workers,
    Duration lease,
    Duration pollInterval,
    int maxAttempts,
    Duration retryBase,
    Duration retryCap,
    double perAppRate,
    ZoneId quotaResetZone,
    Duration quotaPauseMax,
    int retentionDays,
    Duration shutdownTimeout,
    Duration maxWaitForToken) {

  public OutboxConfig {
    if (batchSize == 0) batchSize = 200;
    if (workers == 0) workers = 200;
    if (lease == null) lease = Duration.ofSeconds(60);
    if (pollInterval == null) pollInterval = Duration.ofMillis(500);
    if (maxAttempts == 0) maxAttempts = 8;
    if (retryBase == null) retryBase = Duration.ofSeconds(2);
    if (retryCap == null) retryCap = Duration.ofMinutes(10);
    if (perAppRate == 0) perAppRate = 20;
    if (quotaResetZone == null) quotaResetZone = ZoneId.of("Asia/Shanghai");
    if (quotaPauseMax == null) quotaPauseMax = Duration.ofHours(24);
    if (retentionDays == 0) retentionDays = 30;
    if (shutdownTimeout == null) shutdownTimeout = Duration.ofSeconds(10);
    if (maxWaitForToken == null) maxWaitForToken = Duration.ofHours(24);
    positive("outbox.batchSize", batchSize);
    positive("outbox.workers", workers);
    positive("outbox.maxAttempts", maxAttempts);
    positive("outbox.retentionDays", retentionDays);
    positive("outbox.lease", lease);
    positive("outbox.pollInterval", pollInterval);
    positive("outbox.retryBase", retryBase);
    positive("outbox.quotaPauseMax", quotaPauseMax);
    positive("outbox.maxWaitForToken", maxWaitForToken);
    if (retryCap.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException(
          "outbox.retryCap must be >= outbox.retryBase: " + retryCap);
    }
    if (!(perAppRate > 0)) {
      throw new IllegalArgumentException("outbox.perAppRate must be > 0: " + perAppRate);
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("outbox.shutdownTimeout must be >= 0: " + shutdownTimeout);
    }
  }

  public static OutboxConfig defaults() {
    return new OutboxConfig(0, 0, null, null, 0, null, null, 0, null, null, 0, null, null);
  }

  private static void positive(String name, int value) {
    if (value < 1) throw new IllegalArgumentException(name + " must be >= 1: " + value);
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0: " + value);
    }
  }
}
