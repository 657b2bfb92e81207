package io.wxgate.state;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** In-process {@link DedupStore}; expired keys are dropped by {@link #purgeExpired}. */
final class LocalDedupStore implements DedupStore {
  private record Entry(Instant expiresAt, String answer) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final InstantSource clock;

  LocalDedupStore(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public boolean claim(String key, Duration ttl) {
    Instant now = clock.instant();
    Entry fresh = new Entry(now.plus(ttl), null);
    // compute() runs atomically per key, so exactly one caller installs `fresh`.
    Entry result =
        entries.compute(key, (k, old) -> old == null || !old.expiresAt.isAfter(now) ? fresh : old);
    return result == fresh;
  }

  @Override
  public void rememberAnswer(String key, String answer, Duration ttl) {
    Instant expiresAt = clock.instant().plus(ttl);
    entries.compute(
        key,
        (k, old) -> new Entry(old == null ? expiresAt : max(old.expiresAt, expiresAt), answer));
  }

  @Override
  public Optional<String> answer(String key) {
    Entry e = entries.get(key);
    if (e == null || !e.expiresAt.isAfter(clock.instant())) return Optional.empty();
    return Optional.ofNullable(e.answer);
  }

  void purgeExpired() {
    Instant now = clock.instant();
    entries.values().removeIf(e -> !e.expiresAt.isAfter(now));
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
