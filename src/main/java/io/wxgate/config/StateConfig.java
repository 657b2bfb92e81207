package io.wxgate.config;

import java.net.URI;
import java.time.Duration;

/**
 * Shared ephemeral state (dedup keys, token cache, locks, rate limits). {@code redisUri} null means
 * in-process state only (one instance); otherwise Redis is shared by every instance and the
 * in-process state is the fallback while Redis is unreachable.
 *
 * @param redisUri e.g. {@code redis://127.0.0.1:6379/0}; null for in-process state
 * @param keyPrefix prepended to every Redis key (default {@code wxgate:})
 * @param commandTimeout upper bound of one Redis command, so an outage never hangs a caller
 *     (default 500 ms)
 * @param probeInterval how often Redis is pinged to detect an outage and its end (default 1 s)
 * @param redisRequiredForReadiness when true (default) {@code /readyz} answers 503 while Redis is
 *     unreachable, even though each instance keeps working on its own state; false keeps instances
 *     in the load balancer through a Redis outage
 */
public record StateConfig(
    URI redisUri,
    String keyPrefix,
    Duration commandTimeout,
    Duration probeInterval,
    boolean redisRequiredForReadiness) {
  public static final String DEFAULT_PREFIX = "wxgate:";

  public StateConfig {
    if (keyPrefix == null) keyPrefix = DEFAULT_PREFIX;
    if (commandTimeout == null) commandTimeout = Duration.ofMillis(500);
    if (probeInterval == null) probeInterval = Duration.ofSeconds(1);
    if (keyPrefix.isBlank())
      throw new IllegalArgumentException("state.keyPrefix must not be blank");
    if (!commandTimeout.isPositive())
      throw new IllegalArgumentException(
          "state.commandTimeout must be positive: " + commandTimeout);
    if (!probeInterval.isPositive())
      throw new IllegalArgumentException("state.probeInterval must be positive: " + probeInterval);
    if (redisUri != null
        && !"redis".equals(redisUri.getScheme())
        && !"rediss".equals(redisUri.getScheme()))
      throw new IllegalArgumentException("state.redisUri must start with redis:// or rediss://");
  }

  /** Redis outages make {@code /readyz} fail (the default). */
  public StateConfig(
      URI redisUri, String keyPrefix, Duration commandTimeout, Duration probeInterval) {
    this(redisUri, keyPrefix, commandTimeout, probeInterval, true);
  }

  /** In-process state with the defaults. */
  public static StateConfig inProcess() {
    return new StateConfig(null, null, null, null);
  }

  /** Redis at {@code uri} with the defaults. */
  public static StateConfig redis(URI uri, String keyPrefix) {
    return new StateConfig(uri, keyPrefix, null, null);
  }
}
