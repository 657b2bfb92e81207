package io.wxgate.state.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.wxgate.state.CachedToken;
import io.wxgate.state.TokenCache;
import io.wxgate.wechat.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link TokenCache} on Redis. One string per AppID, {@code expiresAtMillis|fetchedAtMillis|token},
 * expiring with the token's own lifetime.
 */
final class RedisTokenCache implements TokenCache {
  // Compare and delete in one step on the server: a check in Java followed by DEL could delete a
  // fresh token another instance stored in between.
  private static final String COMPARE_AND_DELETE =
      """
      local v = redis.call('GET', KEYS[1])
      if not v then return 0 end
      local a = string.find(v, '|', 1, true)
      local b = string.find(v, '|', a + 1, true)
      if string.sub(v, b + 1) == ARGV[1] then
        redis.call('DEL', KEYS[1])
        return 1
      end
      return 0
      """;

  private final RedisLink link;
  private final String prefix;

  RedisTokenCache(RedisLink link, String keyPrefix) {
    this.link = link;
    this.prefix = keyPrefix + "token:";
  }

  @Override
  public Optional<CachedToken> get(String appId) {
    String v = link.call(c -> c.get(prefix + appId));
    if (v == null) return Optional.empty();
    int a = v.indexOf('|');
    int b = v.indexOf('|', a + 1);
    if (a < 0 || b < 0) return Optional.empty(); // not ours; the next put replaces it
    return Optional.of(
        new CachedToken(
            Secret.of(v.substring(b + 1)),
            Instant.ofEpochMilli(Long.parseLong(v.substring(0, a))),
            Instant.ofEpochMilli(Long.parseLong(v.substring(a + 1, b)))));
  }

  @Override
  public void put(String appId, CachedToken token) {
    String v =
        token.expiresAt().toEpochMilli()
            + "|"
            + token.fetchedAt().toEpochMilli()
            + "|"
            + token.value().reveal();
    // The token's lifetime as WeChat stated it, independent of any clock skew between instances.
    long ttl = RedisDedupStore.millis(Duration.between(token.fetchedAt(), token.expiresAt()));
    link.call(c -> c.set(prefix + appId, v, SetArgs.Builder.px(ttl)));
  }

  @Override
  public boolean compareAndDelete(String appId, Secret badValue) {
    Long removed =
        link.call(
            c ->
                c.<Long>eval(
                    COMPARE_AND_DELETE,
                    ScriptOutputType.INTEGER,
                    new String[] {prefix + appId},
                    badValue.reveal()));
    return removed != null && removed == 1L;
  }
}
