package io.wxgate.forward;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.config.ForwardConfig;
import io.wxgate.config.ForwardConfig.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the delivery table holds. Each round ({@link #runOnce}) returns expired leases,
 * claims a batch with a lease and delivers each on a virtual thread: a signed POST for webhooks, a
 * confirmed publish for RabbitMQ. Success → DELIVERED; failure → PENDING again after exponential
 * backoff with full jitter, or DEAD with the reason once the target's max attempts are used.
 *
 * <p>Thread-safe; one per gateway instance. {@link #close} stops claiming, lets in-flight
 * deliveries finish within the shutdown timeout, and gives every lease still held back.
 */
public final class DeliveryWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  private final ForwardConfig config;
  private final DeliveryStore store;
  private final WebhookClient webhooks;
  private final Map<String, RabbitPublisher> publishers;
  private final ForwardMetrics metrics;
  private final InstantSource clock;
  private final Backoff backoff;
  private final String owner;
  private final RandomGenerator random;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore permits;
  private final Object inFlightLock = new Object();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private int inFlight;
  private volatile boolean closing;
  private Thread loop;
  private Instant lastPurge = Instant.EPOCH;
  private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

  DeliveryWorker(
      ForwardConfig config,
      DeliveryStore store,
      WebhookClient webhooks,
      Map<String, RabbitPublisher> publishers,
      ForwardMetrics metrics,
      InstantSource clock,
      String owner,
      RandomGenerator random) {
    this.config = config;
    this.store = store;
    this.webhooks = webhooks;
    this.publishers = publishers;
    this.metrics = metrics;
    this.clock = clock;
    this.backoff = new Backoff(config.retryBase(), config.retryCap());
    this.owner = owner;
    this.random = random;
    this.permits = new Semaphore(config.workers());
  }

  /** The lease owner name written into claimed rows. */
  public String owner() {
    return owner;
  }

  /**
   * One round: reap expired leases, claim a batch, deliver it, wait until every outcome is
   * recorded. Returns how many deliveries were claimed (0 when closing or nothing is due).
   */
  public int runOnce() {
    synchronized (inFlightLock) {
      if (closing) return 0;
      inFlight++;
    }
    try {
      Instant now = clock.instant();
      int reaped = store.reapExpired(now);
      if (reaped > 0) log.warn("{} delivery leases expired and were returned", reaped);
      List<Delivery> batch = store.claim(owner, now, now.plus(config.lease()), config.batchSize());
      List<Future<?>> running = new ArrayList<>(batch.size());
      for (Delivery d : batch) running.add(workers.submit(() -> deliverWithPermit(d)));
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          log.error("a delivery failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return batch.size();
    } finally {
      synchronized (inFlightLock) {
        inFlight--;
        inFlightLock.notifyAll();
      }
    }
  }

  private void deliverWithPermit(Delivery d) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      return; // closing: close() releases the lease
    }
    try {
      deliver(d);
    } catch (DeliveryStore.LeaseLost e) {
      metrics.leaseLost();
      log.warn("{}; the outcome of this delivery was not recorded", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: close() releases the lease
    } finally {
      permits.release();
    }
  }

  private void deliver(Delivery d) throws InterruptedException {
    Target target = config.target(d.target());
    String kind = d.kind().toLowerCase(Locale.ROOT);
    if (target == null) {
      store.markDead(d.id(), owner, "target " + d.target() + " is not configured", clock.instant());
      metrics.dead(d.target(), kind);
      log.error("delivery {} is DEAD: target {} is not configured", d.id(), d.target());
      return;
    }
    long started = System.nanoTime();
    Failure failure =
        Forwarding.KIND_RABBITMQ.equals(d.kind()) ? publish(target, d) : post(target, d);
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    Instant now = clock.instant();
    if (failure == null) {
      store.markDelivered(d.id(), owner, now);
      metrics.forwarded(target.name(), kind, latency);
      return;
    }
    metrics.failed(target.name(), kind, failure.result(), latency);
    int attempts = d.attempts() + 1;
    if (attempts >= target.maxAttempts()) {
      String reason = "gave up after " + attempts + " attempts; last: " + failure.reason();
      store.markDead(d.id(), owner, reason, now);
      metrics.dead(target.name(), kind);
      log.error(
          "delivery {} of event {} to {} is DEAD: {}", d.id(), d.eventId(), d.target(), reason);
    } else {
      Instant next = now.plus(backoff.delayAfter(attempts, random));
      store.markRetry(d.id(), owner, next, failure.reason(), now);
      metrics.retried(target.name(), kind);
      log.info("delivery {} to {} failed ({}); will retry", d.id(), d.target(), failure.reason());
    }
  }

  /** Why an attempt failed; {@code result} is the metric tag. */
  private record Failure(String result, String reason) {}

  /** A signed POST; null when the target answered 2xx. */
  private Failure post(Target target, Delivery d) throws InterruptedException {
    byte[] body = d.event().getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    WebhookClient.Outcome o =
        webhooks.post(target, "async", d.eventId(), d.id(), d.attempts() + 1, timestamp, body);
    return switch (o) {
      case WebhookClient.Answered a when a.ok() -> null;
      case WebhookClient.Answered a -> new Failure("status", "HTTP " + a.status());
      case WebhookClient.Failed f -> new Failure(f.result(), f.reason());
    };
  }

  /** A confirmed publish; null when the broker confirmed it. */
  private Failure publish(Target target, Delivery d) throws InterruptedException {
    RabbitPublisher publisher = publishers.get(target.name());
    if (publisher == null) return new Failure("error", "target is not a rabbitmq target");
    try {
      publisher.publish(routingKey(d), d.eventId(), d.event().getBytes(StandardCharsets.UTF_8));
      return null;
    } catch (TimeoutException e) {
      return new Failure("timeout", "no confirm within " + target.timeout().toMillis() + " ms");
    } catch (IOException e) {
      Throwable cause = e.getMessage() == null && e.getCause() != null ? e.getCause() : e;
      return new Failure("connect", "broker: " + cause);
    } catch (RuntimeException e) {
      return new Failure("error", "broker: " + e);
    }
  }

  /** {@code wx.<appId>.<msgType>.<event>}; {@code none} for messages, which have no event. */
  static String routingKey(Delivery d) {
    String type = "unknown";
    String event = null;
    try {
      JsonNode e = Events.JSON.readTree(d.event());
      type = e.path("type").asText("unknown");
      event = e.path("event").isTextual() ? e.path("event").asText() : null;
    } catch (IOException ignored) {
      // the payload was written by us; an unreadable one still goes out under "unknown"
    }
    return "wx."
        + word(d.appId())
        + "."
        + word(type)
        + "."
        + (event == null ? "none" : word(event));
  }

  private static String word(String s) {
    return s == null || s.isEmpty()
        ? "none"
        : s.replace('.', '_').replace('#', '_').replace('*', '_');
  }

  /**
   * Deletes delivered rows older than the retention, in chunks; returns how many. DEAD rows stay
   * until an operator retries them.
   */
  public int purgeOnce() {
    Instant before = clock.instant().minus(Duration.ofDays(config.retentionDays()));
    int total = 0;
    int n;
    do {
      n = store.purgeDelivered(before, 1000);
      total += n;
    } while (n == 1000 && !closing);
    return total;
  }

  private void purgeNowAndThen() {
    Instant now = clock.instant();
    if (now.isBefore(lastPurge.plus(PURGE_EVERY)) && !now.isBefore(lastPurge)) return;
    lastPurge = now;
    int n = purgeOnce();
    if (n > 0) log.info("purged {} delivered forward deliveries", n);
  }

  /** Starts the background loop on a virtual thread: rounds back to back while there is work. */
  public synchronized void start() {
    if (loop != null) throw new IllegalStateException("already started");
    loop = Thread.ofVirtual().name("wxgate-forward-worker").start(this::loopBody);
    log.info("forward worker {} started", owner);
  }

  private void loopBody() {
    while (!closing) {
      int claimed = 0;
      try {
        claimed = runOnce();
        purgeNowAndThen();
      } catch (RuntimeException e) {
        log.warn("forward worker round failed: {}", e.toString());
      }
      // any claim may have unblocked a user's next ordered event: look again at once
      if (claimed == 0) {
        try {
          if (stopSignal.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Stops claiming, waits up to the shutdown timeout for in-flight deliveries to be recorded,
   * interrupts what is left and releases every lease this worker still holds.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    synchronized (inFlightLock) {
      closing = true;
    }
    stopSignal.countDown();
    synchronized (inFlightLock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        try {
          TimeUnit.NANOSECONDS.timedWait(inFlightLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int released = store.releaseAll(owner, clock.instant());
    log.info("forward worker {} closed; {} leases released", owner, released);
  }
}
