package io.wxgate.state;

import io.wxgate.wechat.Secret;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** In-process {@link TokenCache}. */
final class LocalTokenCache implements TokenCache {
  private final ConcurrentHashMap<String, CachedToken> tokens = new ConcurrentHashMap<>();

  @Override
  public Optional<CachedToken> get(String appId) {
    return Optional.ofNullable(tokens.get(appId));
  }

  @Override
  public void put(String appId, CachedToken token) {
    tokens.put(appId, token);
  }

  @Override
  public boolean compareAndDelete(String appId, Secret badValue) {
    boolean[] removed = {false};
    tokens.computeIfPresent(
        appId,
        (k, current) -> {
          if (current.value().equals(badValue)) {
            removed[0] = true;
            return null;
          }
          return current;
        });
    return removed[0];
  }
}
