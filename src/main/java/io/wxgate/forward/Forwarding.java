package io.wxgate.forward;

import io.micrometer.core.instrument.MeterRegistry;
import io.wxgate.callback.MessageHandler;
import io.wxgate.callback.Router;
import io.wxgate.callback.Rule;
import io.wxgate.config.ForwardConfig;
import io.wxgate.config.ForwardConfig.Kind;
import io.wxgate.config.ForwardConfig.Target;
import io.wxgate.store.Database;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding inbound messages and events to the business, built from {@link ForwardConfig}: one
 * {@link MessageHandler} per configured rule (added to the callback router with {@link #addTo}),
 * the durable delivery table, and the {@link DeliveryWorker} that empties it.
 *
 * <p>Lifecycle: construct after the database, {@link #addTo} before the router is built, {@link
 * #start} the worker, {@link #close} after the callback pipeline (in-flight deliveries finish or
 * are released, broker connections close). Thread-safe.
 */
public final class Forwarding implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Forwarding.class);
  static final String KIND_WEBHOOK = "WEBHOOK";
  static final String KIND_RABBITMQ = "RABBITMQ";

  private final ForwardConfig config;
  private final DeliveryStore store;
  private final WebhookClient webhooks = new WebhookClient();
  private final Map<String, RabbitPublisher> publishers;
  private final ForwardMetrics metrics;
  private final InstantSource clock;
  private final Ids ids;
  private final Deliveries deliveries;
  private final DeliveryWorker worker;
  private final Duration storeBudget;
  private final ExecutorService storeThreads = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param callbackDeadline the callback handler deadline; every sync target's timeout must stay
   *     below it, so a late business answer still leaves time to reply {@code success}; an event
   *     not stored within three quarters of it fails the callback (WeChat retries)
   * @throws IllegalArgumentException naming the setting when a sync timeout is too long
   */
  public Forwarding(
      ForwardConfig config,
      Database database,
      MeterRegistry registry,
      InstantSource clock,
      Duration callbackDeadline) {
    this(config, database, registry, clock, callbackDeadline, defaultOwner(), null);
  }

  Forwarding(
      ForwardConfig config,
      Database database,
      MeterRegistry registry,
      InstantSource clock,
      Duration callbackDeadline,
      String owner,
      RandomGenerator random) {
    for (Target t : config.targets()) {
      if (t.kind() == Kind.SYNC && t.timeout().compareTo(callbackDeadline) >= 0) {
        throw new IllegalArgumentException(
            "forward.targets["
                + t.name()
                + "].timeout must be below callback.handlerDeadline ("
                + callbackDeadline.toMillis()
                + " ms)");
      }
    }
    this.config = config;
    // a quarter of the deadline is left for the pipeline to turn a failed store into an error
    this.storeBudget = callbackDeadline.multipliedBy(3).dividedBy(4);
    this.store = new DeliveryStore(database);
    this.metrics = new ForwardMetrics(registry);
    this.clock = clock;
    this.ids = new Ids(clock);
    Map<String, RabbitPublisher> byName = new HashMap<>();
    for (Target t : config.targets()) {
      if (t.kind() == Kind.RABBITMQ) byName.put(t.name(), new RabbitPublisher(t));
    }
    this.publishers = Map.copyOf(byName);
    this.deliveries = new Deliveries(store, clock);
    this.worker =
        new DeliveryWorker(
            config,
            store,
            webhooks,
            publishers,
            metrics,
            clock,
            owner,
            random == null ? ThreadLocalRandom.current() : random);
  }

  private static String defaultOwner() {
    // host and pid make leases readable in the table; the suffix keeps restarts apart
    return ManagementFactory.getRuntimeMXBean().getName()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Adds one route per configured rule, in file order. The router takes the first matching route,
   * so add forwarding where it should rank: after keyword replies to let them answer first, or
   * before them to forward everything a rule matches. A rule with no criteria forwards everything
   * not routed before it.
   */
  public Router.Builder addTo(Router.Builder router) {
    for (ForwardConfig.Rule r : config.rules()) router.route(rule(r), handler(r));
    return router;
  }

  /** The handler of one rule: stores the event for its durable targets, asks its sync target. */
  public MessageHandler handler(ForwardConfig.Rule rule) {
    List<Target> targets = new ArrayList<>();
    for (String name : rule.targets()) {
      Target t = config.target(name);
      if (t == null) throw new IllegalArgumentException("unknown forward target " + name);
      targets.add(t);
    }
    return new ForwardHandler(
        targets, store, webhooks, metrics, clock, ids, storeThreads, storeBudget);
  }

  /** The callback router's criteria for a forwarding rule. */
  static Rule rule(ForwardConfig.Rule r) {
    Rule rule = Rule.any();
    if (r.appId() != null) rule = rule.app(r.appId());
    if (r.msgType() != null) rule = rule.msgType(r.msgType());
    if (r.event() != null) rule = rule.event(r.event());
    if (r.eventKeyPrefix() != null) rule = rule.eventKeyPrefix(r.eventKeyPrefix());
    return rule;
  }

  /** List and retry deliveries (the operations API). */
  public Deliveries deliveries() {
    return deliveries;
  }

  /** The worker, for {@link DeliveryWorker#runOnce()} in tests and tools. */
  public DeliveryWorker worker() {
    return worker;
  }

  /** Starts the delivery loop on a virtual thread. */
  public void start() {
    worker.start();
  }

  @Override
  public void close() {
    // inserts a handler gave up on still finish (and roll back) before the database closes
    storeThreads.shutdown();
    try {
      if (!storeThreads.awaitTermination(
          config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("event inserts still running at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.close();
    publishers.values().forEach(RabbitPublisher::close);
    webhooks.close();
    log.info("forwarding closed");
  }
}
