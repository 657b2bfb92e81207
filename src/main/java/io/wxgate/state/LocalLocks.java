package io.wxgate.state;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** In-process {@link Locks}: expiring, released only by their owner. */
final class LocalLocks implements Locks {
  private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();
  private final InstantSource clock;

  LocalLocks(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public Optional<Lock> tryLock(String name, Duration ttl) {
    Instant now = clock.instant();
    Owner mine = new Owner(now.plus(ttl));
    Owner result =
        owners.compute(name, (k, old) -> old == null || !old.expiresAt.isAfter(now) ? mine : old);
    if (result != mine) return Optional.empty();
    // remove(key, value) matches the identical Owner only, so an expired holder never frees a
    // lock that someone else took over.
    return Optional.of(() -> owners.remove(name, mine));
  }

  void purgeExpired() {
    Instant now = clock.instant();
    owners.values().removeIf(o -> !o.expiresAt.isAfter(now));
  }

  // A class, not a record: ownership is identity, two owners with the same expiry differ.
  private static final class Owner {
    final Instant expiresAt;

    Owner(Instant expiresAt) {
      this.expiresAt = expiresAt;
    }
  }
}
