package io.wxgate.outbox;

import io.wxgate.config.OutboxConfig;
import io.wxgate.token.AccessTokens;
import io.wxgate.token.TokenUnavailableException;
import io.wxgate.tracing.SendSpan;
import io.wxgate.tracing.Tracing;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.api.SendResult;
import io.wxgate.wechat.api.WechatError;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends what the outbox holds. Each round ({@link #runOnce}) returns expired leases to the queue,
 * claims a batch with a lease, and sends each message on a virtual thread: per-AppID throttle,
 * access token, send, classify the outcome, record it with the attempt in one transaction.
 *
 * <p>Outcomes: accepted → SENT with WeChat's msgid; token invalid (40001, 40014, 42001) → that
 * exact token is invalidated and the send retried at once, one time; transient (-1, 5xx, timeouts,
 * 45011, admin hold) → RETRY_WAIT with full-jitter backoff until max attempts, then DEAD; permanent
 * or configuration errors → DEAD with the reason; 45009 → the AppID pauses until its quota resets
 * (no attempt used) and an alert goes out; no access token → RETRY_WAIT without using an attempt,
 * DEAD only once the message is older than {@code maxWaitForToken}, and an alert. A message
 * recorded SENT is never claimed again. With tracing on, every attempt is a span in the trace of
 * the API request that accepted the message.
 *
 * <p>Thread-safe; one per gateway instance. {@link #close} stops claiming, lets in-flight sends
 * finish within the configured timeout and gives every lease still held back to the queue.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration DEPTH_SAMPLE_EVERY = Duration.ofSeconds(15);
  private static final String TOKEN_UNAVAILABLE = "access token unavailable";

  private final OutboxConfig config;
  private final Outbox outbox;
  private final OutboxStore store;
  private final OutboxMetrics metrics;
  private final InstantSource clock;
  private final Sender sender;
  private final AccessTokens tokens;
  private final SendThrottle throttle;
  private final Alerts alerts;
  private final Tracing tracing;
  private final RetryPolicy retry;
  private final FailureRates failureRates;
  private final String owner;
  private final RandomGenerator random;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final OutcomeWriter outcomes;
  private final Semaphore permits;
  private final Object inFlightLock = new Object();
  // released by nudge() (messages accepted here) and close(): the idle loop looks again at once
  private final Semaphore wakeUp = new Semaphore(0);
  private volatile Map<String, Instant> paused = Map.of();
  private final Map<String, LocalPause> pausedHere = new ConcurrentHashMap<>();
  private int inFlight;
  private volatile boolean closing;
  private volatile Thread loop;
  private Instant lastDepthSample = Instant.EPOCH;
  private Instant lastReap = Instant.EPOCH;
  // A lease only expires when its holder died, so looking a quarter of a lease late delays a
  // takeover little, while each look scans every SENDING index entry, dead versions included
  // (one per send since the table's last vacuum: 60,000 and 12 ms a look after the send
  // benchmark's warm-up on PostgreSQL).
  private final Duration reapEvery;

  public Dispatcher(
      OutboxConfig config,
      Outbox outbox,
      Sender sender,
      AccessTokens tokens,
      SendThrottle throttle,
      Alerts alerts,
      Tracing tracing) {
    this(
        config,
        outbox,
        sender,
        tokens,
        throttle,
        alerts,
        tracing,
        defaultOwner(),
        ThreadLocalRandom.current());
  }

  Dispatcher(
      OutboxConfig config,
      Outbox outbox,
      Sender sender,
      AccessTokens tokens,
      SendThrottle throttle,
      Alerts alerts,
      Tracing tracing,
      String owner,
      RandomGenerator random) {
    this.config = config;
    Duration quarter = config.lease().dividedBy(4);
    this.reapEvery = quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
    this.outbox = outbox;
    this.store = outbox.store();
    this.metrics = outbox.metrics();
    this.clock = outbox.clock();
    this.sender = sender;
    this.tokens = tokens;
    this.throttle = throttle;
    this.alerts = alerts;
    this.tracing = tracing;
    this.retry = new RetryPolicy(config.maxAttempts(), config.retryBase(), config.retryCap());
    this.failureRates =
        new FailureRates(
            alerts.config().failureRateThreshold(),
            alerts.config().failureRateMinSamples(),
            alerts.config().failureRateWindow());
    this.owner = owner;
    this.random = random;
    this.permits = new Semaphore(config.workers());
    this.outcomes = new OutcomeWriter(store);
    outbox.onAccepted(this::nudge);
  }

  private static String defaultOwner() {
    // host and pid make leases readable in the table; the suffix keeps restarts apart
    return ManagementFactory.getRuntimeMXBean().getName()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** True while the background loop runs (readiness: a dead loop sends nothing). */
  public boolean isRunning() {
    Thread t = loop;
    return t != null && t.isAlive() && !closing;
  }

  /** The lease owner name this dispatcher writes into claimed rows. */
  public String owner() {
    return owner;
  }

  /**
   * One round: reap expired leases, claim a batch, send it, wait for every send to be recorded.
   * Returns how many messages were claimed (0 when closing or nothing is due).
   */
  public int runOnce() {
    synchronized (inFlightLock) {
      if (closing) return 0;
      inFlight++;
    }
    try {
      Instant now = clock.instant();
      metrics.count(OutboxMetrics.LEASES_REAPED, store.reapExpired(now));
      refreshPauses(now);
      List<OutboundMessage> batch =
          store.claim(owner, now, now.plus(config.lease()), config.batchSize());
      if (batch.isEmpty()) return 0;
      List<Future<?>> running = new ArrayList<>(batch.size());
      for (OutboundMessage m : batch) running.add(workers.submit(() -> processWithPermit(m)));
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          log.error("send of a message failed unexpectedly", e.getCause());
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

  /**
   * The table is the truth (an operator may have resumed an AppID); {@code pausedHere} only carries
   * a 45009 to the sends already in flight, until a read of the table that began after it was
   * written there.
   */
  private void refreshPauses(Instant now) {
    long readStarted = System.nanoTime();
    paused = store.activePauses(now);
    pausedHere.values().removeIf(p -> p.notedAt() - readStarted < 0);
  }

  private void processWithPermit(OutboundMessage m) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      giveBack(m, m.nextAttemptAt());
      return;
    }
    try {
      processHeld(m);
    } finally {
      permits.release();
    }
  }

  /** Sends one claimed message; the caller holds a worker permit for it. */
  private void processHeld(OutboundMessage m) {
    // the request's trace id follows the message into every log line of its sends
    if (m.traceId() != null) MDC.put("traceId", m.traceId());
    MDC.put("messageId", m.id());
    try {
      process(m);
    } catch (LeaseLost e) {
      metrics.count(OutboxMetrics.LEASE_LOST);
      log.warn("{}; the outcome of this send was not recorded", e.getMessage());
    } finally {
      MDC.remove("traceId");
      MDC.remove("messageId");
    }
  }

  private void process(OutboundMessage m) {
    String appId = m.appId();
    Instant pausedUntil = pausedUntil(appId);
    if (pausedUntil != null) {
      giveBack(m, pausedUntil);
      return;
    }
    long waitStarted = System.nanoTime();
    try {
      throttle.acquire(appId);
      metrics.throttleWait(appId, System.nanoTime() - waitStarted);
    } catch (InterruptedException e) {
      // closing: give the message back first (the pool refuses interrupted threads), then re-flag
      giveBack(m, m.nextAttemptAt());
      Thread.currentThread().interrupt();
      return;
    }
    // the AppID may have been paused by another message while this one waited for the throttle
    pausedUntil = pausedUntil(appId);
    if (pausedUntil != null) {
      giveBack(m, pausedUntil);
      return;
    }
    // one span per attempt, in the trace of the request that accepted the message
    SendSpan span = tracing.startSend(m.traceId(), m.id(), appId, m.attempts() + 1);
    String outcome = "error"; // kept if recording the outcome throws (e.g. the lease was lost)
    int errcode = -1;
    try {
      String token;
      try {
        token = tokens.get(appId);
      } catch (TokenUnavailableException e) {
        errcode = e.errcode();
        outcome = waitForToken(m, e);
        return;
      }
      SendResult result = send(token, m);
      if (result instanceof SendResult.Failed f && f.error().kind() == ErrorKind.TOKEN_INVALID) {
        store.recordAttempt(m.id(), attempt(f.error(), f.latency(), false));
        metrics.send(appId, "token_retry", kind(f.error().kind()));
        tokens.invalidate(appId, token);
        span.end("token_retry", f.error().errcode());
        span = tracing.startSend(m.traceId(), m.id(), appId, m.attempts() + 1);
        try {
          token = tokens.get(appId);
        } catch (TokenUnavailableException e) {
          errcode = e.errcode();
          outcome = waitForToken(m, e);
          return;
        }
        result = send(token, m);
      }
      switch (result) {
        case SendResult.Sent s -> {
          onSent(m, s);
          errcode = 0;
          outcome = "sent";
        }
        case SendResult.Failed f -> {
          errcode = f.error().errcode();
          outcome = onFailure(m, f.error(), f.latency());
        }
      }
    } finally {
      span.end(outcome, errcode);
    }
  }

  private SendResult send(String token, OutboundMessage m) {
    long started = System.nanoTime();
    SendResult r;
    try {
      r = sender.send(token, m);
    } catch (RuntimeException e) {
      // a sender must not throw; if one does, the call's fate is unknown: retry like a timeout
      r =
          new SendResult.Failed(
              new WechatError(
                  -1, "sender failed: " + e.getClass().getSimpleName(), ErrorKind.TRANSIENT),
              Duration.ofNanos(System.nanoTime() - started));
    }
    metrics.latency(
        m.appId(), r instanceof SendResult.Failed f ? kind(f.error().kind()) : "ok", r.latency());
    return r;
  }

  private void onSent(OutboundMessage m, SendResult.Sent s) {
    Instant now = clock.instant();
    Attempt a = new Attempt(now, 0, "ok", s.latency(), true);
    outcomes.finish(
        m.id(), owner, new OutboxStore.Finish(State.SENT, true, null, s.msgId(), null, a), now);
    metrics.send(m.appId(), "sent", "ok");
    metrics.attempts("sent", m.attempts() + 1);
    if (log.isDebugEnabled()) {
      log.debug("sent message {} to {} (msgid {})", m.id(), m.appId(), s.msgId());
    }
    failureRates.record(m.appId(), false, now);
  }

  /**
   * Records a failed attempt; returns what it led to: {@code paused}, {@code dead} or {@code
   * retry}.
   */
  private String onFailure(OutboundMessage m, WechatError error, Duration latency) {
    Instant now = clock.instant();
    String appId = m.appId();
    String reason = "errcode " + error.errcode() + ": " + error.errmsg();
    ErrorKind kind = error.kind() == null ? ErrorKind.TRANSIENT : error.kind();
    log.info("send of message {} to {} failed: {} ({})", m.id(), appId, reason, kind);
    String outcome;
    switch (kind) {
      case QUOTA_EXHAUSTED -> {
        Instant until = quotaResetAfter(now);
        store.pauseApp(appId, until, reason);
        pausedHere.put(appId, new LocalPause(until, System.nanoTime()));
        outcomes.finish(
            m.id(),
            owner,
            new OutboxStore.Finish(
                State.RETRY_WAIT, false, until, null, reason, attempt(error, latency, false)),
            now);
        metrics.send(appId, "paused", kind(kind));
        alerts.raise(
            "quota_exhausted",
            appId,
            "AppID " + appId + " daily send quota exhausted (45009)",
            "Sending for "
                + appId
                + " is paused until "
                + until
                + "; messages wait, none are lost.");
        return "paused";
      }
      case PERMANENT, CONFIG -> {
        dead(m, reason, error, latency, now);
        outcome = "dead";
      }
      default -> {
        int attempts = m.attempts() + 1;
        if (retry.exhausted(attempts)) {
          dead(m, "gave up after " + attempts + " attempts; last " + reason, error, latency, now);
          outcome = "dead";
        } else {
          Instant next = now.plus(retry.delayAfter(attempts, random));
          outcomes.finish(
              m.id(),
              owner,
              new OutboxStore.Finish(
                  State.RETRY_WAIT, true, next, null, reason, attempt(error, latency, true)),
              now);
          metrics.send(appId, "retry", kind(kind));
          outcome = "retry";
        }
      }
    }
    double rate = failureRates.record(appId, true, now);
    if (rate >= 0) {
      alerts.raise(
          "failure_rate",
          appId,
          "AppID " + appId + " send failure rate " + Math.round(rate * 100) + "%",
          "Last failure: " + reason);
    }
    return outcome;
  }

  /**
   * No access token: nothing was sent, so no attempt is used (a WeChat auth outage or a wrong
   * secret must not use up messages' budgets). The message waits, less often the older it is, until
   * it is older than {@code maxWaitForToken}; then it is DEAD. One attempt row marks where a run of
   * waits starts; the latest reason is in {@code lastError}. Returns {@code token_wait} or {@code
   * dead}.
   */
  private String waitForToken(OutboundMessage m, TokenUnavailableException e) {
    Instant now = clock.instant();
    String appId = m.appId();
    String reason = TOKEN_UNAVAILABLE + " (errcode " + e.errcode() + "): " + e.getMessage();
    WechatError error = new WechatError(e.errcode(), reason, ErrorKind.TRANSIENT);
    Duration age = Duration.between(m.createdAt(), now);
    if (age.compareTo(config.maxWaitForToken()) >= 0) {
      String why =
          "no access token for longer than "
              + config.maxWaitForToken()
              + " since the message was accepted; last "
              + reason;
      outcomes.finish(
          m.id(),
          owner,
          new OutboxStore.Finish(
              State.DEAD, false, null, null, why, attempt(error, Duration.ZERO, false)),
          now);
      metrics.send(appId, "dead", "token_unavailable");
      alerts.raise("dead", appId, "message " + m.id() + " to AppID " + appId + " is DEAD", why);
      return "dead";
    }
    boolean firstOfRun = m.lastError() == null || !m.lastError().startsWith(TOKEN_UNAVAILABLE);
    outcomes.finish(
        m.id(),
        owner,
        new OutboxStore.Finish(
            State.RETRY_WAIT,
            false,
            now.plus(retry.tokenWaitAfter(age, random)),
            null,
            reason,
            firstOfRun ? attempt(error, Duration.ZERO, false) : null),
        now);
    metrics.send(appId, "token_wait", "token_unavailable");
    alerts.raise(
        "token_unavailable",
        appId,
        "AppID " + appId + " has no access token; its messages wait",
        reason
            + ". Messages wait without using attempts and go DEAD once older than "
            + config.maxWaitForToken()
            + ".");
    return "token_wait";
  }

  private void dead(
      OutboundMessage m, String reason, WechatError error, Duration latency, Instant now) {
    outcomes.finish(
        m.id(),
        owner,
        new OutboxStore.Finish(State.DEAD, true, null, null, reason, attempt(error, latency, true)),
        now);
    metrics.send(m.appId(), "dead", kind(error.kind()));
    metrics.attempts("dead", m.attempts() + 1);
    alerts.raise(
        "dead", m.appId(), "message " + m.id() + " to AppID " + m.appId() + " is DEAD", reason);
  }

  private void giveBack(OutboundMessage m, Instant dueAt) {
    Instant now = clock.instant();
    store.release(m.id(), owner, dueAt.isBefore(now) ? now : dueAt, now);
    metrics.send(m.appId(), "released", "none");
  }

  /** A 45009 seen by this dispatcher, noted (System.nanoTime) after it was written to the table. */
  private record LocalPause(Instant until, long notedAt) {}

  private Instant pausedUntil(String appId) {
    Instant now = clock.instant();
    LocalPause here = pausedHere.get(appId);
    Instant until = here == null ? null : here.until();
    if (until == null) until = paused.get(appId);
    return until != null && until.isAfter(now) ? until : null;
  }

  /** WeChat's daily quotas reset at midnight China time (assumed; see wechat-protocol.md §9). */
  private Instant quotaResetAfter(Instant now) {
    Instant midnight =
        now.atZone(config.quotaResetZone())
            .toLocalDate()
            .plusDays(1)
            .atStartOfDay(config.quotaResetZone())
            .toInstant();
    Instant cap = now.plus(config.quotaPauseMax());
    return midnight.isBefore(cap) ? midnight : cap;
  }

  private Attempt attempt(WechatError e, Duration latency, boolean counted) {
    return new Attempt(clock.instant(), e.errcode(), e.errmsg(), latency, counted);
  }

  private static String kind(ErrorKind k) {
    return k == null ? "unknown" : k.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Starts the background loop on a virtual thread. Unlike back-to-back {@link #runOnce} rounds it
   * never waits for a whole batch: it claims again as soon as a quarter of the workers are free, so
   * one slow send does not hold up the next claim and the workers stay busy while there is work.
   */
  public synchronized void start() {
    if (loop != null) throw new IllegalStateException("already started");
    loop = Thread.ofVirtual().name("wxgate-dispatcher").start(this::loopBody);
    log.info("dispatcher {} started", owner);
  }

  /** Tells an idle loop that new messages are due, so it claims now instead of at its next poll. */
  public void nudge() {
    if (wakeUp.availablePermits() == 0) wakeUp.release();
  }

  private void loopBody() {
    int refillAt = Math.max(1, Math.min(config.batchSize(), config.workers()) / 4);
    while (!closing) {
      boolean drained = false;
      try {
        int free = takeFreeWorkers(refillAt);
        if (free == 0) continue;
        int claimed = 0;
        try {
          claimed = claimAndSubmit(free);
        } finally {
          permits.release(free - claimed);
        }
        drained = claimed < free;
        sampleDepthNowAndThen();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("dispatcher round failed: {}", e.toString());
        drained = true;
      }
      if (drained) {
        try {
          wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Waits until at least {@code atLeast} workers are free; returns how many it took (≤ batch). */
  private int takeFreeWorkers(int atLeast) throws InterruptedException {
    if (!permits.tryAcquire(atLeast, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
      return 0;
    }
    int more = permits.drainPermits();
    int cap = config.batchSize() - atLeast;
    if (more > cap) {
      permits.release(more - cap);
      more = cap;
    }
    return atLeast + more;
  }

  /**
   * Claims up to {@code free} messages and hands each to a worker that already holds its permit;
   * returns how many were claimed. Expired leases are reaped at most every quarter lease (at least
   * a second apart).
   */
  private int claimAndSubmit(int free) {
    synchronized (inFlightLock) {
      if (closing) return 0;
      inFlight++; // the claim itself: close() must not release leases while it is being taken
    }
    try {
      Instant now = clock.instant();
      if (!now.isBefore(lastReap.plus(reapEvery)) || now.isBefore(lastReap)) {
        lastReap = now;
        metrics.count(OutboxMetrics.LEASES_REAPED, store.reapExpired(now));
      }
      refreshPauses(now);
      List<OutboundMessage> batch = store.claim(owner, now, now.plus(config.lease()), free);
      synchronized (inFlightLock) {
        inFlight += batch.size();
      }
      for (OutboundMessage m : batch) {
        workers.submit(
            () -> {
              try {
                processHeld(m);
              } finally {
                permits.release();
                synchronized (inFlightLock) {
                  inFlight--;
                  inFlightLock.notifyAll();
                }
              }
            });
      }
      return batch.size();
    } finally {
      synchronized (inFlightLock) {
        inFlight--;
        inFlightLock.notifyAll();
      }
    }
  }

  private void sampleDepthNowAndThen() {
    Instant now = clock.instant();
    if (now.isAfter(lastDepthSample.plus(DEPTH_SAMPLE_EVERY)) || now.isBefore(lastDepthSample)) {
      lastDepthSample = now;
      outbox.sampleDepth();
    }
  }

  /**
   * Stops claiming, waits up to the shutdown timeout for in-flight sends to be recorded, interrupts
   * what is left, and releases every lease this dispatcher still holds.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    synchronized (inFlightLock) {
      closing = true;
    }
    wakeUp.release();
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
    outcomes.close(); // outcomes already handed over are committed before the leases go back
    int released = store.releaseAll(owner, clock.instant());
    log.info("dispatcher {} closed; {} leases released", owner, released);
  }
}
