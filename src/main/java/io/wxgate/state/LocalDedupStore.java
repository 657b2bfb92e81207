package io.wxgate.state;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process {@link DedupStore}; expired keys are dropped by {@link #purgeExpired}. Claims and
 * answers are kept apart: a claim is a key and an expiry, while answers are capped at {@value
 * #MAX_ANSWERS} so a burst cannot grow the heap without bound (a retry that finds no answer gets
 * {@code success}, which WeChat accepts).
 */
final class LocalDedupStore implements DedupStore {
  static final int MAX_ANSWERS = 50_000;

  private record Answer(long expiresAtMillis, String text) {}

  private final ConcurrentHashMap<String, Long> claims = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Answer> answers = new ConcurrentHashMap<>();
  private final InstantSource clock;

  LocalDedupStore(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public boolean claim(String key, Duration ttl) {
    long now = clock.millis();
    Long fresh = now + ttl.toMillis();
    // compute() runs atomically per key, so exactly one caller installs `fresh`.
    Long result = claims.compute(key, (k, old) -> old == null || old <= now ? fresh : old);
    return result == fresh;
  }

  @Override
  public void rememberAnswer(String key, String answer, Duration ttl) {
    if (answers.size() >= MAX_ANSWERS) return;
    answers.put(key, new Answer(clock.millis() + ttl.toMillis(), answer));
  }

  @Override
  public Optional<String> answer(String key) {
    Answer a = answers.get(key);
    if (a == null || a.expiresAtMillis() <= clock.millis()) return Optional.empty();
    return Optional.of(a.text());
  }

  @Override
  public void release(String key) {
    claims.remove(key);
    answers.remove(key);
  }

  void purgeExpired() {
    long now = clock.millis();
    claims.values().removeIf(expiry -> expiry <= now);
    answers.values().removeIf(a -> a.expiresAtMillis() <= now);
  }
}
