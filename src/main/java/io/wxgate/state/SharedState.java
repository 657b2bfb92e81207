package io.wxgate.state;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.StateConfig;
import io.wxgate.state.redis.RedisState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's shared ephemeral state, built from {@link StateConfig}. Without a Redis URI every
 * part is in-process. With one, every part is shared through Redis and falls back to in-process
 * state while Redis is unreachable: callers never see a Redis error, {@link #health()} says
 * DEGRADED, and sharing resumes once a probe sees Redis answer again (probes run every {@code
 * probeInterval} in a background thread, or on demand through {@link #runOnce()}).
 *
 * <p>Thread-safe. Close it last among its users.
 */
public final class SharedState implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedState.class);
  private static final Duration PURGE_EVERY = Duration.ofSeconds(30);
  static final String DEDUP_CLAIMS = "wxgate.state.dedup.claims";
  static final String DEDUP_BYTES = "wxgate.state.dedup.claim.bytes";
  static final String DEDUP_EVICTIONS = "wxgate.state.dedup.evictions";
  static final String DEDUP_ANSWERS_DROPPED = "wxgate.state.dedup.answers.dropped";

  private final InstantSource clock;
  private final Circuit circuit = new Circuit();
  private final RedisState redis;
  private final LocalDedupStore localDedup;
  private final LocalLocks localLocks;
  private final DedupStore dedup;
  private final TokenCache tokens;
  private final Locks locks;
  private final RateLimits rateLimits;
  private final ScheduledExecutorService prober;
  private volatile Instant lastPurge;

  /** Without metrics (tests, tools): the meters go to a registry nobody reads. */
  public SharedState(StateConfig config, InstantSource clock) {
    this(config, clock, new SimpleMeterRegistry());
  }

  public SharedState(StateConfig config, InstantSource clock, MeterRegistry registry) {
    this.clock = clock;
    this.localDedup = new LocalDedupStore(clock);
    registerDedupMeters(localDedup.table(), registry);
    this.localLocks = new LocalLocks(clock);
    LocalTokenCache localTokens = new LocalTokenCache();
    LocalRateLimits localRates = new LocalRateLimits(clock);
    this.lastPurge = clock.instant();
    if (config.redisUri() == null) {
      this.redis = null;
      this.dedup = localDedup;
      this.tokens = localTokens;
      this.locks = localLocks;
      this.rateLimits = localRates;
    } else {
      this.redis = new RedisState(config.redisUri(), config.keyPrefix(), config.commandTimeout());
      this.dedup = new FailoverDedupStore(redis.dedup(), localDedup, circuit);
      this.tokens = new FailoverTokenCache(redis.tokens(), localTokens, circuit);
      this.locks = new FailoverLocks(redis.locks(), localLocks, circuit);
      this.rateLimits = new FailoverRateLimits(redis.rateLimits(), localRates, circuit);
    }
    // Know the truth before the first caller asks for health.
    runOnce();
    long every = config.probeInterval().toMillis();
    this.prober =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "wxgate-state-probe");
              t.setDaemon(true);
              return t;
            });
    prober.scheduleWithFixedDelay(this::runOnceQuietly, every, every, TimeUnit.MILLISECONDS);
    log.info(
        "Shared state: {}",
        redis == null ? "in-process" : "Redis, key prefix " + config.keyPrefix());
  }

  private static void registerDedupMeters(ClaimTable table, MeterRegistry registry) {
    Gauge.builder(DEDUP_CLAIMS, table, ClaimTable::claims)
        .description("Dedup claims held in-process (expired ones not yet dropped included)")
        .register(registry);
    Gauge.builder(DEDUP_BYTES, table, ClaimTable::claimBytes)
        .description("Bytes of the in-process dedup claim tables")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(DEDUP_EVICTIONS, table, ClaimTable::claimEvictions)
        .description("In-process dedup claims evicted within their TTL because the table was full")
        .register(registry);
    FunctionCounter.builder(DEDUP_ANSWERS_DROPPED, table, ClaimTable::answersDropped)
        .description("First answers not kept in-process because the answer map was full")
        .register(registry);
  }

  public DedupStore dedup() {
    return dedup;
  }

  public TokenCache tokens() {
    return tokens;
  }

  public Locks locks() {
    return locks;
  }

  public RateLimits rateLimits() {
    return rateLimits;
  }

  /** Whether state is meant to be shared across instances (a Redis URI is configured). */
  public boolean isShared() {
    return redis != null;
  }

  /** UP when in-process by configuration or Redis answers; DEGRADED while Redis does not. */
  public Health health() {
    if (redis == null)
      return new Health(Health.Status.UP, "in-process state (no Redis configured)");
    String reason = circuit.downReason();
    return reason == null
        ? new Health(Health.Status.UP, "Redis")
        : new Health(
            Health.Status.DEGRADED,
            "Redis unreachable, state is per instance until it answers: " + reason);
  }

  /**
   * Pings Redis (marking it down or up again) and drops expired in-process entries. The background
   * probe calls this every {@code probeInterval}; tests call it directly.
   */
  public void runOnce() {
    if (redis != null) {
      try {
        redis.ping();
        circuit.markUp();
      } catch (SharedStateUnavailableException e) {
        circuit.markDown(e.getMessage());
      }
    }
    Instant now = clock.instant();
    if (!now.isBefore(lastPurge.plus(PURGE_EVERY))) {
      lastPurge = now;
      localDedup.purgeExpired();
      localLocks.purgeExpired();
    }
  }

  private void runOnceQuietly() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again; keep probing.
      log.warn("Shared-state probe failed", e);
    }
  }

  @Override
  public void close() {
    prober.shutdownNow();
    if (redis != null) redis.close();
  }
}
