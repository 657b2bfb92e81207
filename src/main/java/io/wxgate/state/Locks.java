package io.wxgate.state;

import java.time.Duration;
import java.util.Optional;

/**
 * Named locks with an expiry, shared by every instance when Redis is configured. A holder that
 * crashes loses its lock when the expiry passes. Thread-safe.
 */
public interface Locks {
  /**
   * Takes {@code name} for at most {@code ttl} without waiting.
   *
   * @return the held lock, or empty when someone else holds it
   */
  Optional<Lock> tryLock(String name, Duration ttl);

  /** A held lock. {@link #close} releases it only while this holder still owns it. */
  interface Lock extends AutoCloseable {
    @Override
    void close();
  }
}
