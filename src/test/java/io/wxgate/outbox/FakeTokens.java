package io.wxgate.outbox;

import io.wxgate.token.AccessTokens;
import io.wxgate.token.TokenUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tokens {@code <appId>-t1}, {@code -t2}…: invalidating the current one mints the next. */
final class FakeTokens implements AccessTokens {
  private final Map<String, Integer> generation = new ConcurrentHashMap<>();
  private final List<String> invalidated = new ArrayList<>();
  volatile boolean unavailable;

  /** Once a token was invalidated, no new one can be had (WeChat's token API fails meanwhile). */
  volatile boolean unavailableAfterInvalidation;

  @Override
  public String get(String appId) {
    if (unavailable) throw new TokenUnavailableException(appId, 40164, "ip not in whitelist");
    return appId + "-t" + generation.computeIfAbsent(appId, a -> 1);
  }

  @Override
  public synchronized void invalidate(String appId, String badToken) {
    invalidated.add(badToken);
    if (unavailableAfterInvalidation) unavailable = true;
    generation.compute(appId, (a, g) -> badToken.equals(appId + "-t" + g) ? g + 1 : g);
  }

  synchronized List<String> invalidated() {
    return List.copyOf(invalidated);
  }
}
