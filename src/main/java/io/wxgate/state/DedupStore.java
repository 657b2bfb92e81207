package io.wxgate.state;

import java.time.Duration;
import java.util.Optional;

/**
 * Remembers which inbound deliveries were already seen, and the answer given to the first one, so
 * WeChat's retries never reach a handler twice. Implementations are thread-safe; the Redis one is
 * shared by every instance.
 */
public interface DedupStore {
  /**
   * Atomically claims {@code key}. Returns true for the first caller within {@code ttl}, false for
   * every later one (a duplicate).
   */
  boolean claim(String key, Duration ttl);

  /** Stores the answer given to the first delivery of {@code key}. */
  void rememberAnswer(String key, String answer, Duration ttl);

  /** The answer given to the first delivery, when it is known. */
  Optional<String> answer(String key);

  /**
   * Forgets {@code key} and its answer, so the next delivery of it is processed as a first one.
   * Called when the first delivery failed (WeChat got an error and will retry it).
   */
  void release(String key);
}
