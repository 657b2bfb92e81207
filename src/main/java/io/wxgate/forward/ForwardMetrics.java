package io.wxgate.forward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Forwarding's meters. Tags are bounded: {@code target} (a configured name), {@code kind} ({@code
 * sync}, {@code webhook}, {@code rabbitmq}) and {@code result} (a fixed vocabulary).
 */
final class ForwardMetrics {
  /** Events a target accepted: a sync answer, a 2xx to an async POST, a broker confirm. */
  static final String FORWARDED = "wxgate.forward.forwarded";

  /** Failed attempts, by {@code result}: timeout, connect, status, bad_reply, nack, error. */
  static final String FAILED = "wxgate.forward.failed";

  /** Failed deliveries scheduled for another attempt. */
  static final String RETRIED = "wxgate.forward.retried";

  /** Deliveries that gave up (dead-lettered). */
  static final String DEAD = "wxgate.forward.dead";

  /** Deliveries stored for the durable path (including sync misses handed over). */
  static final String ENQUEUED = "wxgate.forward.enqueued";

  /** Sync calls that missed their timeout or failed and were handed to the durable path. */
  static final String SYNC_FALLBACKS = "wxgate.forward.sync.fallbacks";

  /** Time per attempt, by {@code result} ok or failed. */
  static final String LATENCY = "wxgate.forward.latency";

  /** A delivery's lease expired while it was being delivered; it may be delivered twice. */
  static final String LEASE_LOST = "wxgate.forward.lease.lost";

  private final MeterRegistry registry;

  ForwardMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void forwarded(String target, String kind, Duration latency) {
    counter(FORWARDED, target, kind).increment();
    timer(target, kind, "ok").record(latency);
  }

  void failed(String target, String kind, String result, Duration latency) {
    Counter.builder(FAILED)
        .tag("target", target)
        .tag("kind", kind)
        .tag("result", result)
        .register(registry)
        .increment();
    timer(target, kind, "failed").record(latency);
  }

  void retried(String target, String kind) {
    counter(RETRIED, target, kind).increment();
  }

  void dead(String target, String kind) {
    counter(DEAD, target, kind).increment();
  }

  void enqueued(String target, String kind) {
    counter(ENQUEUED, target, kind).increment();
  }

  void syncFallback(String target) {
    counter(SYNC_FALLBACKS, target, "sync").increment();
  }

  void leaseLost() {
    registry.counter(LEASE_LOST).increment();
  }

  private Counter counter(String name, String target, String kind) {
    return Counter.builder(name).tag("target", target).tag("kind", kind).register(registry);
  }

  private Timer timer(String target, String kind, String result) {
    return Timer.builder(LATENCY)
        .tag("target", target)
        .tag("kind", kind)
        .tag("result", result)
        .register(registry);
  }
}
