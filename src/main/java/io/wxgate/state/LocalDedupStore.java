package io.wxgate.state;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * In-process {@link DedupStore} on a {@link ClaimTable}: keys are kept as 128-bit hashes, claims
 * live at least their TTL (whole seconds, rounded up), expired ones are dropped as the table needs
 * room and by {@link #purgeExpired}. At most {@value #MAX_CLAIMS} claims (rounded up by the table)
 * and {@value #MAX_ANSWERS} answers are kept; past that the oldest are evicted, counted and logged
 * (see {@link ClaimTable}), and a retry that finds no answer gets {@code success}, which WeChat
 * accepts.
 */
final class LocalDedupStore implements DedupStore {
  /**
   * Rounded up by the table to 1,572,864 (64 stripes of 24,576): 60 s of ~26,000 distinct pushes/s,
   * 32 MB of claim tables when all are in use.
   */
  static final int MAX_CLAIMS = 1 << 20;

  static final int MAX_ANSWERS = 50_000;

  private final ClaimTable table;
  private final InstantSource clock;
  private final long seed;

  LocalDedupStore(InstantSource clock) {
    this(clock, MAX_CLAIMS, MAX_ANSWERS, new SecureRandom().nextLong());
  }

  LocalDedupStore(InstantSource clock, int maxClaims, int maxAnswers, long seed) {
    this.clock = clock;
    this.table = new ClaimTable(maxClaims, maxAnswers, clock.millis());
    this.seed = seed;
  }

  @Override
  public boolean claim(String key, Duration ttl) {
    return table.claim(hash(key), clock.millis(), ttl.toMillis());
  }

  @Override
  public void rememberAnswer(String key, String answer, Duration ttl) {
    long now = clock.millis();
    table.putAnswer(hash(key), answer, now + ttl.toMillis(), now);
  }

  @Override
  public Optional<String> answer(String key) {
    return Optional.ofNullable(table.answer(hash(key), clock.millis()));
  }

  @Override
  public void release(String key) {
    table.release(hash(key));
  }

  void purgeExpired() {
    table.purge(clock.millis());
  }

  ClaimTable table() {
    return table;
  }

  private KeyHash hash(String key) {
    return KeyHash.of(key, seed);
  }
}
