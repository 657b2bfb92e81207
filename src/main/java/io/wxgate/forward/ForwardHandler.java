package io.wxgate.forward;

import io.wxgate.callback.MessageHandler;
import io.wxgate.config.ForwardConfig.Kind;
import io.wxgate.config.ForwardConfig.Target;
import io.wxgate.store.StoreException;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of one forwarding rule: stores the event for every durable target first, then, when
 * the rule has a sync target, asks it for the reply. A sync call that times out or fails answers
 * {@code success} and hands the event to the durable path for that same target, so nothing is lost.
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

  ForwardHandler(
      List<Target> targets,
      DeliveryStore store,
      WebhookClient webhooks,
      ForwardMetrics metrics,
      InstantSource clock,
      Ids ids) {
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
  }

  @Override
  public Optional<Reply> handle(String appId, InboundMessage message) {
    Instant received = clock.instant();
    ForwardEvent event = Events.of(ids.next(), appId, message, received);
    String json = Events.jsonString(event);
    if (!durable.isEmpty()) {
      List<DeliveryStore.NewDelivery> rows = new ArrayList<>(durable.size());
      for (Target t : durable) rows.add(row(event, t, json));
      try {
        store.insert(rows, received);
        for (Target t : durable) metrics.enqueued(t.name(), kindTag(t));
      } catch (StoreException e) {
        // the database is down: the event is lost for these targets, but a sync reply can still
        // be given, so say so loudly and go on
        for (Target t : durable) metrics.failed(t.name(), kindTag(t), "store", Duration.ZERO);
        log.error("cannot store event {} for {}: {}", event.id(), durable, e.getMessage());
      }
    }
    return sync == null ? Optional.empty() : askSync(event, json);
  }

  private Optional<Reply> askSync(ForwardEvent event, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    long started = System.nanoTime();
    WebhookClient.Outcome outcome;
    try {
      outcome =
          webhooks.post(sync, "sync", event.id(), null, 1, clock.instant().getEpochSecond(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fallBack(event, json, "interrupted");
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
        fallBack(event, json, "HTTP " + a.status());
      }
      case WebhookClient.Failed f -> {
        metrics.failed(sync.name(), "sync", f.result(), latency);
        fallBack(event, json, f.reason());
      }
    }
    return Optional.empty();
  }

  private void fallBack(ForwardEvent event, String json, String why) {
    log.warn(
        "sync target {} missed event {} ({}); answered success, delivering it asynchronously",
        sync.name(),
        event.id(),
        why);
    metrics.syncFallback(sync.name());
    store.insert(List.of(row(event, sync, json)), clock.instant());
    metrics.enqueued(sync.name(), "webhook");
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

  private static String kindTag(Target t) {
    return t.kind() == Kind.RABBITMQ ? "rabbitmq" : "webhook";
  }
}
