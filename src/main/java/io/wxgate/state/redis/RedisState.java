package io.wxgate.state.redis;

import io.wxgate.state.DedupStore;
import io.wxgate.state.Locks;
import io.wxgate.state.RateLimits;
import io.wxgate.state.SharedStateUnavailableException;
import io.wxgate.state.TokenCache;
import java.net.URI;
import java.time.Duration;

/**
 * The state parts on one Redis, every key under {@code keyPrefix}. Each operation throws {@link
 * SharedStateUnavailableException} when Redis does not answer within {@code commandTimeout}; use it
 * through {@link io.wxgate.state.SharedState}, which falls back to in-process state. Connects
 * lazily and reconnects by itself. Thread-safe.
 */
public final class RedisState implements AutoCloseable {
  private final RedisLink link;
  private final DedupStore dedup;
  private final TokenCache tokens;
  private final Locks locks;
  private final RateLimits rateLimits;

  public RedisState(URI uri, String keyPrefix, Duration commandTimeout) {
    this.link = new RedisLink(uri, commandTimeout);
    this.dedup = new RedisDedupStore(link, keyPrefix);
    this.tokens = new RedisTokenCache(link, keyPrefix);
    this.locks = new RedisLocks(link, keyPrefix);
    this.rateLimits = new RedisRateLimits(link, keyPrefix);
  }

  public DedupStore dedup() {
    return dedup;
  }

  public TokenCache tokens() {
    return tokens;
  }

  public Locks locks() {
    return locks;
  }

  public RateLimits rateLimits() {
    return rateLimits;
  }

  /**
   * @throws SharedStateUnavailableException when Redis does not answer PING
   */
  public void ping() {
    link.call(c -> c.ping());
  }

  @Override
  public void close() {
    link.close();
  }
}
