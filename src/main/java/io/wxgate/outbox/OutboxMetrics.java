package io.wxgate.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
  // the per-send meters, looked up once per tag combination: building and registering a meter on
  // every send (tag sorting, id, histogram configuration) cost a few µs each, four times per send
  private final Map<SendKey, Counter> sends = new ConcurrentHashMap<>();
  private final Map<SendKey, Timer> latencies = new ConcurrentHashMap<>();
  private final Map<String, Timer> throttleWaits = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> attempts = new ConcurrentHashMap<>();

  private record SendKey(String appId, String result, String kind) {}

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
    sends
        .computeIfAbsent(
            new SendKey(appId, result, kind),
            k ->
                Counter.builder(SENDS)
                    .tag("appId", k.appId())
                    .tag("result", k.result())
                    .tag("errcode_kind", k.kind())
                    .register(registry))
        .increment();
  }

  void latency(String appId, String errcodeKind, Duration latency) {
    latencies
        .computeIfAbsent(
            new SendKey(appId, null, errcodeKind),
            k ->
                Timer.builder(SEND_LATENCY)
                    .tag("appId", k.appId())
                    .tag("errcode_kind", k.kind())
                    .publishPercentileHistogram()
                    .register(registry))
        .record(latency);
  }

  /** How long a send waited for its AppID's rate limit. */
  void throttleWait(String appId, long nanos) {
    throttleWaits
        .computeIfAbsent(
            appId, a -> Timer.builder(THROTTLE_WAIT).tag("appId", a).register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void attempts(String result, int attempts) {
    this.attempts
        .computeIfAbsent(
            result, r -> DistributionSummary.builder(ATTEMPTS).tag("result", r).register(registry))
        .record(attempts);
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
