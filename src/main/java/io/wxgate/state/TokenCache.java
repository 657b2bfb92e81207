package io.wxgate.state;

import io.wxgate.wechat.Secret;
import java.util.Optional;

/**
 * Access tokens per AppID, shared by every instance when Redis is configured. Thread-safe. It does
 * not judge freshness: {@link #get} may return a token close to or past its expiry, and the caller
 * decides.
 */
public interface TokenCache {
  Optional<CachedToken> get(String appId);

  /** Stores {@code token} for {@code appId}, replacing any other. */
  void put(String appId, CachedToken token);

  /**
   * Removes the token of {@code appId} only while it is still {@code badValue} (atomically), so a
   * token that was already replaced by a fresh one survives late invalidations.
   *
   * @return true when the bad token was removed
   */
  boolean compareAndDelete(String appId, Secret badValue);
}
