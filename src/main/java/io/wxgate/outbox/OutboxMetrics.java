package io.wxgate.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The outbox's meters. Names are constants; tags are bounded: {@code appId} (configured accounts),
 * {@code state}, {@code result}, {@code errcode_kind}.
 */
public final class OutboxMetrics {
  /** Gauge, tag {@code state}: messages in each state (sampled by the dispatcher loop). */
  public static final String DEPTH = "wxgate.outbox.depth";

  /** Gauge, seconds: age of the oldest QUEUED/RETRY_WAIT message (0 when none). */
  public static final String OLDEST_WAITING_AGE = "wxgate.outbox.oldest.waiting.age";

  /** Counter, tag {@code type}: messages accepted. */
  public static final String ENQUEUED = "wxgate.outbox.enqueued";

  /**
   * Counter, tags {@code appId}, {@code result} (sent, retry, dead, paused, released), {@code
   * errcode_kind}: outcomes of send attempts.
   */
  public static final String SENDS = "wxgate.outbox.sends";

  /** Timer, tags {@code appId}, {@code errcode_kind}: latency of each call to WeChat. */
  public static final String SEND_LATENCY = "wxgate.outbox.send.latency";

  /** Timer, tag {@code appId}: time spent waiting for the per-AppID send rate. */
  public static final String THROTTLE_WAIT = "wxgate.outbox.throttle.wait";

  /** Distribution, tag {@code result} (sent, dead): counted attempts a message needed. */
  public static final String ATTEMPTS = "wxgate.outbox.attempts";

  /** Counter: sends whose outcome could not be recorded because the lease had been lost. */
  public static final String LEASE_LOST = "wxgate.outbox.lease.lost";

  /** Counter: expired leases returned to the queue. */
  public static final String LEASES_REAPED = "wxgate.outbox.leases.reaped";

  /** Counter, tag {@code outcome} (applied, duplicate, early): delivery receipts. */
  public static final String RECEIPTS = "wxgate.outbox.receipts";

  /** Counter: finished messages deleted by the retention. */
  public static final String PURGED = "wxgate.outbox.purged";

  /** Counter, tag {@code result} (posted, failed, suppressed, dropped): alert webhooks. */
  public static final String ALERTS = "wxgate.alerts";

  private final MeterRegistry registry;
  private final Map<State, AtomicLong> depth = new EnumMap<>(State.class);
  private final AtomicLong oldestWaitingSeconds = new AtomicLong();
  // the per-send meters by name and tag values: building and registering a meter (tag sorting,
  // id, histogram configuration) on every send, four times per send, is avoidable work
  private final Map<List<String>, Meter> perSend = new ConcurrentHashMap<>();

  OutboxMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (State s : State.values()) {
      AtomicLong value = new AtomicLong();
      depth.put(s, value);
      Gauge.builder(DEPTH, value, AtomicLong::get).tag("state", s.name()).register(registry);
    }
    Gauge.builder(OLDEST_WAITING_AGE, oldestWaitingSeconds, AtomicLong::get)
        .baseUnit("seconds")
        .register(registry);
  }

  MeterRegistry registry() {
    return registry;
  }

  void depth(Map<State, Long> counts, Instant oldestWaiting, Instant now) {
    counts.forEach((s, n) -> depth.get(s).set(n));
    oldestWaitingSeconds.set(
        oldestWaiting == null ? 0 : Math.max(0, Duration.between(oldestWaiting, now).toSeconds()));
  }

  void enqueued(SendRequest.Type type, int n) {
    Counter.builder(ENQUEUED).tag("type", type.name()).register(registry).increment(n);
  }

  void send(String appId, String result, String kind) {
    this.<Counter>perSend(
            () ->
                Counter.builder(SENDS)
                    .tag("appId", appId)
                    .tag("result", result)
                    .tag("errcode_kind", kind)
                    .register(registry),
            SENDS,
            appId,
            result,
            kind)
        .increment();
  }

  void latency(String appId, String errcodeKind, Duration latency) {
    this.<Timer>perSend(
            () ->
                Timer.builder(SEND_LATENCY)
                    .tag("appId", appId)
                    .tag("errcode_kind", errcodeKind)
                    .publishPercentileHistogram()
                    .register(registry),
            SEND_LATENCY,
            appId,
            errcodeKind)
        .record(latency);
  }

  /** How long a send waited for its AppID's rate limit. */
  void throttleWait(String appId, long nanos) {
    this.<Timer>perSend(
            () -> Timer.builder(THROTTLE_WAIT).tag("appId", appId).register(registry),
            THROTTLE_WAIT,
            appId)
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void attempts(String result, int attempts) {
    this.<DistributionSummary>perSend(
            () -> DistributionSummary.builder(ATTEMPTS).tag("result", result).register(registry),
            ATTEMPTS,
            result)
        .record(attempts);
  }

  /** The meter named by {@code key} (its name, then its tag values), registered on first use. */
  @SuppressWarnings("unchecked")
  private <M extends Meter> M perSend(Supplier<M> register, String... key) {
    return (M) perSend.computeIfAbsent(List.of(key), k -> register.get());
  }

  void count(String name) {
    registry.counter(name).increment();
  }

  void count(String name, int n) {
    if (n > 0) registry.counter(name).increment(n);
  }

  void receipt(ReceiptOutcome outcome) {
    registry
        .counter(RECEIPTS, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
        .increment();
  }
}
