package io.wxgate.forward;

import io.wxgate.callback.CallbackUnavailable;
import io.wxgate.callback.MessageHandler;
import io.wxgate.config.ForwardConfig.Kind;
import io.wxgate.config.ForwardConfig.Target;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of one forwarding rule: stores the event for every durable target first, then, when
 * the rule has a sync target, asks it for the reply. A sync call that times out or fails answers
 * {@code success} and hands the event to the durable path for that same target, so nothing is lost.
 *
 * <p>An event that cannot be stored is not answered {@code success}: the handler throws {@link
 * CallbackUnavailable}, the callback fails and WeChat delivers the push again. A store that does
 * not answer within {@code storeBudget} (a database that is down usually makes callers wait for a
 * connection, longer than WeChat waits) counts as failed, and its insert is rolled back if it ever
 * gets as far as the commit, so the retry stores the event exactly once.
 */
final class ForwardHandler implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(ForwardHandler.class);

  private final Target sync;
  private final List<Target> durable;
  private final DeliveryStore store;
  private final WebhookClient webhooks;
  private final ForwardMetrics metrics;
  private final InstantSource clock;
  private final Ids ids;
  private final Duration storeBudget;
  private final Executor storeThreads;

  /**
   * @param storeThreads where inserts run, so a handler can stop waiting for one
   * @param storeBudget how long after the handler starts a store may still answer; below the
   *     callback deadline, so a failure reaches WeChat as an error rather than after {@code
   *     success}
   */
  ForwardHandler(
      List<Target> targets,
      DeliveryStore store,
      WebhookClient webhooks,
      ForwardMetrics metrics,
      InstantSource clock,
      Ids ids,
      Executor storeThreads,
      Duration storeBudget) {
    Target s = null;
    List<Target> d = new ArrayList<>();
    for (Target t : targets) {
      if (t.kind() == Kind.SYNC) s = t;
      else d.add(t);
    }
    this.sync = s;
    this.durable = List.copyOf(d);
    this.store = store;
    this.webhooks = webhooks;
    this.metrics = metrics;
    this.clock = clock;
    this.ids = ids;
    this.storeThreads = storeThreads;
    this.storeBudget = storeBudget;
  }

  @Override
  public Optional<Reply> handle(String appId, InboundMessage message) {
    long answerBy = System.nanoTime() + storeBudget.toNanos();
    Instant received = clock.instant();
    ForwardEvent event = Events.of(ids.next(), appId, message, received);
    String json = Events.jsonString(event);
    if (!durable.isEmpty()) {
      List<DeliveryStore.NewDelivery> rows = new ArrayList<>(durable.size());
      for (Target t : durable) rows.add(row(event, t, json));
      try {
        storeDurably(rows, received, answerBy);
      } catch (CallbackUnavailable e) {
        for (Target t : durable) metrics.failed(t.name(), kindTag(t), "store", Duration.ZERO);
        log.error("cannot store event {} for {}: {}", event.id(), names(durable), e.getMessage());
        throw e;
      }
      for (Target t : durable) metrics.enqueued(t.name(), kindTag(t));
    }
    return sync == null ? Optional.empty() : askSync(event, json, answerBy);
  }

  private Optional<Reply> askSync(ForwardEvent event, String json, long answerBy) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    long started = System.nanoTime();
    WebhookClient.Outcome outcome;
    try {
      outcome =
          webhooks.post(sync, "sync", event.id(), null, 1, clock.instant().getEpochSecond(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fallBack(event, json, "interrupted", answerBy);
      return Optional.empty();
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    switch (outcome) {
      case WebhookClient.Answered a when a.ok() -> {
        try {
          Optional<Reply> reply = SyncReplies.parse(a.body());
          metrics.forwarded(sync.name(), "sync", latency);
          return reply;
        } catch (SyncReplies.BadReply e) {
          // the business has the event (it answered 2xx), so it is not sent again
          metrics.failed(sync.name(), "sync", "bad_reply", latency);
          log.warn("sync target {} answered an unusable reply: {}", sync.name(), e.getMessage());
          return Optional.empty();
        }
      }
      case WebhookClient.Answered a -> {
        metrics.failed(sync.name(), "sync", "status", latency);
        fallBack(event, json, "HTTP " + a.status(), answerBy);
      }
      case WebhookClient.Failed f -> {
        metrics.failed(sync.name(), "sync", f.result(), latency);
        fallBack(event, json, f.reason(), answerBy);
      }
    }
    return Optional.empty();
  }

  private void fallBack(ForwardEvent event, String json, String why, long answerBy) {
    log.warn(
        "sync target {} missed event {} ({}); delivering it asynchronously",
        sync.name(),
        event.id(),
        why);
    metrics.syncFallback(sync.name());
    try {
      storeDurably(List.of(row(event, sync, json)), clock.instant(), answerBy);
    } catch (CallbackUnavailable e) {
      // WeChat retries the push: the durable targets above may then get it a second time, under
      // a new event id; that beats losing it for this target
      metrics.failed(sync.name(), "webhook", "store", Duration.ZERO);
      log.error("cannot store event {} for {}: {}", event.id(), sync.name(), e.getMessage());
      throw e;
    }
    metrics.enqueued(sync.name(), "webhook");
  }

  /**
   * Inserts {@code rows} in one transaction, waiting at most until {@code answerBy}; past it the
   * insert is abandoned (rolled back should it still reach its commit).
   *
   * @throws CallbackUnavailable when the rows were not stored
   */
  private void storeDurably(List<DeliveryStore.NewDelivery> rows, Instant now, long answerBy) {
    long left = answerBy - System.nanoTime();
    if (left <= 0) {
      // too late to make WeChat retry (it has its answer or is about to): store without a limit;
      // a failure is still thrown, and the callback pipeline reports it as a late one
      try {
        store.insert(rows, now);
        return;
      } catch (RuntimeException e) {
        throw new CallbackUnavailable("the event could not be stored: " + e.getMessage(), e);
      }
    }
    CommitGate gate = new CommitGate();
    FutureTask<Void> insert =
        new FutureTask<>(
            () -> {
              store.insert(rows, now, gate::enterCommit);
              return null;
            });
    storeThreads.execute(insert);
    try {
      try {
        insert.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (gate.abandon()) {
          throw new CallbackUnavailable(
              "the database did not store the event within "
                  + storeBudget.toMillis()
                  + " ms of the push",
              e);
        }
        // the insert reached its commit before we gave up: its outcome decides
        insert.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new CallbackUnavailable("the event could not be stored: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (gate.abandon()) {
        throw new CallbackUnavailable("interrupted while storing the event", e);
      }
      // committing already; the outcome is unknown to us but most likely stored
      log.warn("interrupted while the event's insert was committing");
    }
  }

  /** Decides, exactly once, whether an insert may commit or was given up by its caller. */
  private static final class CommitGate {
    private static final int OPEN = 0;
    private static final int COMMITTING = 1;
    private static final int ABANDONED = 2;
    private final AtomicInteger state = new AtomicInteger(OPEN);

    boolean enterCommit() {
      return state.compareAndSet(OPEN, COMMITTING);
    }

    boolean abandon() {
      return state.compareAndSet(OPEN, ABANDONED);
    }
  }

  private DeliveryStore.NewDelivery row(ForwardEvent event, Target t, String json) {
    return new DeliveryStore.NewDelivery(
        ids.next(),
        event.id(),
        event.appId(),
        event.openId(),
        t.name(),
        t.kind() == Kind.RABBITMQ ? Forwarding.KIND_RABBITMQ : Forwarding.KIND_WEBHOOK,
        t.ordered(),
        json);
  }

  private static List<String> names(List<Target> targets) {
    return targets.stream().map(Target::name).toList();
  }

  private static String kindTag(Target t) {
    return t.kind() == Kind.RABBITMQ ? "rabbitmq" : "webhook";
  }
}
