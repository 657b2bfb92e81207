package io.wxgate.state.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.wxgate.state.Locks;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** {@link Locks} on Redis: SET NX PX with a random owner token, released only by that owner. */
final class RedisLocks implements Locks {
  // Check-and-delete in one step: a holder whose lock expired must not delete the next owner's.
  private static final String RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final RedisLink link;
  private final String prefix;

  RedisLocks(RedisLink link, String keyPrefix) {
    this.link = link;
    this.prefix = keyPrefix + "lock:";
  }

  @Override
  public Optional<Lock> tryLock(String name, Duration ttl) {
    String key = prefix + name;
    String owner = UUID.randomUUID().toString();
    String ok =
        link.call(c -> c.set(key, owner, SetArgs.Builder.nx().px(RedisDedupStore.millis(ttl))));
    if (!"OK".equals(ok)) return Optional.empty();
    return Optional.of(
        () ->
            link.call(
                c -> c.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, owner)));
  }
}
