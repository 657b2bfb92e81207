package io.wxgate.state.redis;

import io.lettuce.core.SetArgs;
import io.wxgate.state.DedupStore;
import java.time.Duration;
import java.util.Optional;

/** {@link DedupStore} on Redis: SET NX with an expiry claims a key for every instance at once. */
final class RedisDedupStore implements DedupStore {
  private final RedisLink link;
  private final String prefix;
  private final String answerPrefix;

  RedisDedupStore(RedisLink link, String keyPrefix) {
    this.link = link;
    this.prefix = keyPrefix + "dedup:";
    this.answerPrefix = keyPrefix + "dedup-answer:";
  }

  @Override
  public boolean claim(String key, Duration ttl) {
    return "OK"
        .equals(link.call(c -> c.set(prefix + key, "1", SetArgs.Builder.nx().px(millis(ttl)))));
  }

  @Override
  public void rememberAnswer(String key, String answer, Duration ttl) {
    link.call(c -> c.set(answerPrefix + key, answer, SetArgs.Builder.px(millis(ttl))));
  }

  @Override
  public Optional<String> answer(String key) {
    return Optional.ofNullable(link.call(c -> c.get(answerPrefix + key)));
  }

  @Override
  public void release(String key) {
    link.call(c -> c.del(prefix + key, answerPrefix + key));
  }

  static long millis(Duration ttl) {
    // Redis rejects a zero or negative expiry.
    return Math.max(1, ttl.toMillis());
  }
}
