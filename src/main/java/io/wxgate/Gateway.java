package io.wxgate;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wxgate.callback.CallbackPipeline;
import io.wxgate.callback.ConfiguredReplies;
import io.wxgate.callback.Router;
import io.wxgate.callback.Rule;
import io.wxgate.config.Account;
import io.wxgate.config.ApiAuthConfig;
import io.wxgate.config.SandboxConfig;
import io.wxgate.config.WechatApiConfig;
import io.wxgate.config.WxgateConfig;
import io.wxgate.forward.Forwarding;
import io.wxgate.outbox.Alerts;
import io.wxgate.outbox.Dispatcher;
import io.wxgate.outbox.Outbox;
import io.wxgate.outbox.Retention;
import io.wxgate.outbox.SendThrottle;
import io.wxgate.outbox.Sender;
import io.wxgate.sandbox.Sandbox;
import io.wxgate.state.RateLimits;
import io.wxgate.state.RateSpec;
import io.wxgate.state.SharedState;
import io.wxgate.store.Database;
import io.wxgate.token.TokenService;
import io.wxgate.token.WechatTokenSource;
import io.wxgate.tracing.Tracing;
import io.wxgate.web.ApiAuth;
import io.wxgate.web.ApiRateLimit;
import io.wxgate.web.DeliveryRoutes;
import io.wxgate.web.HealthCheck;
import io.wxgate.web.MessageRoutes;
import io.wxgate.web.Routes;
import io.wxgate.web.WebServer;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.TextMessage;
import io.wxgate.wechat.TextReply;
import io.wxgate.wechat.api.WechatApi;
import io.wxgate.wechat.xml.XmlCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with constructors, starts them in order (sandbox →
 * database, opening in the background → state → WeChat API → tokens → callback → web) and closes
 * them in reverse; {@code /healthz} answers 200 once the database is open too. The only place that
 * knows all packages.
 *
 * <p>With no account configured it starts the built-in sandbox with its demo account and talks to
 * it instead of WeChat, so the whole product runs offline.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final Duration TOKEN_REFRESH_EVERY = Duration.ofSeconds(30);

  private final Deque<Map.Entry<String, AutoCloseable>> started = new ArrayDeque<>();
  private final PrometheusMeterRegistry metrics;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("wxgate-ticker").unstarted(r));
  private final WxgateConfig config;
  private Sandbox sandbox;
  private String demoApiKey;
  private WebServer web;

  private Gateway(WxgateConfig requested, Router.Builder handlers, InstantSource clock) {
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      config = requested.accounts().isEmpty() ? demo(requested) : requested;
      // started early, closed late: the last spans of everything else are flushed on close
      Tracing tracing = Tracing.start(config.tracing());
      if (tracing.enabled()) {
        started(tracing, "tracing to " + config.tracing().endpointForLogs());
      }
      // the database (H2 files or a PostgreSQL pool, then the migrations: ~200 ms of a start)
      // opens on its own thread while everything else is built and the web server starts;
      // whatever uses it before then waits, and /healthz answers 200 only once it is open
      Database db = Database.openInBackground(config.store(), metrics);
      started.push(Map.entry("database " + config.store(), db));
      bindJvmMetrics();
      SharedState state = started(new SharedState(config.state(), clock, metrics), "shared state");
      WechatApiConfig apiConfig = config.wechatApi();
      WechatApi api =
          started(
              new WechatApi(
                  apiConfig.baseUrl(), apiConfig.connectTimeout(), apiConfig.requestTimeout()),
              "WeChat API client for " + apiConfig.baseUrl());
      TokenService tokens =
          started(
              new TokenService(
                  config.token(),
                  new WechatTokenSource(api, config.token().api(), secrets(config.accounts())),
                  state.tokens(),
                  state.locks(),
                  clock,
                  metrics),
              "token service");
      every(TOKEN_REFRESH_EVERY, tokens::refreshDue);
      Outbox outbox = new Outbox(db, config.outbox(), appIds(config.accounts()), metrics, clock);
      Alerts alerts = started(new Alerts(config.alerts(), metrics, clock), "alerts");
      alerts.start();
      Dispatcher dispatcher =
          started(
              new Dispatcher(
                  config.outbox(),
                  outbox,
                  Sender.wechat(api),
                  tokens,
                  sendThrottle(state.rateLimits(), config.outbox().perAppRate()),
                  alerts,
                  tracing),
              "dispatcher");
      dispatcher.start();
      started(new Retention(outbox, config.outbox()), "retention").start();
      ConfiguredReplies.addTo(handlers, config.callback());
      Forwarding forwarding =
          started(
              new Forwarding(
                  config.forward(), db, metrics, clock, config.callback().handlerDeadline()),
              "forwarding");
      forwarding.addTo(handlers);
      if (sandbox != null) {
        // demo mode answers every text so a first push shows the encrypted reply round trip
        handlers.route(
            Rule.any().msgType("text"),
            (appId, m) ->
                Optional.of(new TextReply("wxgate demo received: " + ((TextMessage) m).content())));
      }
      tracing.addTo(handlers);
      Router router = handlers.build();
      forwarding.start();
      CallbackPipeline callbacks =
          started(
              new CallbackPipeline(
                  config.callback(),
                  config.accounts(),
                  new XmlCodec(
                      new XmlCodec.XmlLimits(
                          config.callback().maxBodyBytes(),
                          config.callback().maxXmlDepth(),
                          config.callback().maxXmlFields())),
                  state.dedup(),
                  router,
                  (appId, msgId, status) -> outbox.markDelivered(appId, msgId, status),
                  clock,
                  metrics),
              "callback pipeline");
      List<HealthCheck> checks =
          List.of(
              new HealthCheck("database", db::probe),
              new HealthCheck(
                  "dispatcher", () -> dispatcher.isRunning() ? "UP" : "DOWN: dispatcher stopped"),
              new HealthCheck(
                  "redis",
                  () -> describe(state.health(), config.state().redisRequiredForReadiness())));
      if (config.api().closed()) {
        log.warn("no API keys or JWT configured: /api/v1 refuses every request");
      }
      Routes messageApi =
          MessageRoutes.routes(
              outbox,
              new ApiAuth(config.api(), clock),
              new ApiRateLimit(clientRate(state.rateLimits(), config.api())));
      web =
          new WebServer(
              config.server(),
              config.callback().maxBodyBytes(),
              callbacks,
              metrics,
              tracing,
              checks,
              JsonMappers.create(),
              List.of(messageApi, DeliveryRoutes.routes(forwarding.deliveries())));
      started(web.start(), "web on port " + web.port());
      db.awaitOpen();
      log.info("started database {}", config.store());
      web.live();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts a gateway; {@code handlers} holds the embedding application's own routes. */
  public static Gateway start(WxgateConfig config, Router.Builder handlers) {
    return new Gateway(config, handlers, InstantSource.system());
  }

  public static Gateway start(WxgateConfig config) {
    return start(config, Router.builder());
  }

  public int port() {
    return web.port();
  }

  /** The configuration in effect (in demo mode: the demo account and the sandbox's API URL). */
  public WxgateConfig config() {
    return config;
  }

  /** The API key generated for demo mode when no API credential was configured. */
  public Optional<String> demoApiKey() {
    return Optional.ofNullable(demoApiKey);
  }

  /** The in-process sandbox's URL when running in demo mode. */
  public Optional<URI> sandboxUrl() {
    return Optional.ofNullable(sandbox).map(Sandbox::baseUrl);
  }

  private WxgateConfig demo(WxgateConfig requested) {
    int port = requested.server().port() == 0 ? freePort() : requested.server().port();
    Account demo = Sandbox.demoAccount();
    sandbox =
        started(
            Sandbox.start(
                SandboxConfig.of(demo)
                    .withCallbackUrl("http://127.0.0.1:" + port + "/wx/{appId}/callback")),
            "built-in WeChat sandbox (no account configured)");
    WechatApiConfig api =
        new WechatApiConfig(
            sandbox.baseUrl(),
            requested.wechatApi().connectTimeout(),
            requested.wechatApi().requestTimeout());
    WxgateConfig effective =
        requested.withServer(requested.server().withPort(port)).withAccounts(List.of(demo), api);
    if (effective.api().closed()) {
      demoApiKey = "demo-" + UUID.randomUUID().toString().replace("-", "");
      effective =
          effective.withApi(
              ApiAuthConfig.ofKeys(
                  List.of(new ApiAuthConfig.ApiKey("demo", Secret.of(demoApiKey), null, null))));
    }
    return effective;
  }

  /** The per-AppID send rate, shared through Redis when configured. */
  private static SendThrottle sendThrottle(RateLimits limits, double perSecond) {
    RateSpec spec = rate(perSecond);
    return appId -> {
      while (!limits.acquire("send:" + appId, spec, Duration.ofSeconds(5))) {
        if (Thread.interrupted()) throw new InterruptedException();
      }
    };
  }

  /** The per-client API rate: answers how long to wait, ZERO when the request may go. */
  private static ApiRateLimit.Limiter clientRate(RateLimits limits, ApiAuthConfig api) {
    RateSpec spec =
        new RateSpec(
            api.perClientBurst(),
            Duration.ofNanos((long) (api.perClientBurst() * 1e9 / api.perClientRate())));
    return clientId -> {
      RateLimits.Decision d = limits.tryAcquire("api:" + clientId, spec);
      return d.allowed() ? Duration.ZERO : d.retryAfter();
    };
  }

  private static RateSpec rate(double perSecond) {
    long permits = Math.max(1, Math.round(Math.ceil(perSecond)));
    return new RateSpec(permits, Duration.ofNanos((long) (permits * 1e9 / perSecond)));
  }

  private static Set<String> appIds(List<Account> accounts) {
    Set<String> ids = new HashSet<>();
    for (Account a : accounts) ids.add(a.appId());
    return ids;
  }

  private static Map<String, Secret> secrets(List<Account> accounts) {
    Map<String, Secret> secrets = new HashMap<>();
    for (Account a : accounts) {
      if (a.secret() != null) secrets.put(a.appId(), a.secret());
    }
    return secrets;
  }

  private void every(Duration period, Runnable task) {
    ticker.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("periodic task failed", e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(metrics);
    started.push(Map.entry("JVM metrics", gc));
  }

  private static String describe(io.wxgate.state.Health health, boolean required) {
    if (health.isUp()) return "UP";
    return (required ? "DOWN: " : "DEGRADED: ")
        + health.reason()
        + " (serving from in-process state)";
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  private <T extends AutoCloseable> T started(T component, String name) {
    started.push(Map.entry(name, component));
    log.info("started {}", name);
    return component;
  }

  /**
   * The SIGTERM path: readiness turns false, the gateway keeps serving for {@code
   * server.readinessGraceSeconds} so load balancers stop sending, then everything closes in order.
   */
  public void shutdown() {
    if (web != null) {
      web.drain();
      Duration grace = config.server().readinessGrace();
      if (!grace.isZero()) {
        log.info("readiness false; closing in {} s", grace.toSeconds());
        try {
          Thread.sleep(grace.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    close();
  }

  /** Closes in reverse start order: web first (readiness false, drain), state last. */
  @Override
  public void close() {
    if (web != null) web.drain();
    ticker.shutdownNow();
    while (!started.isEmpty()) {
      Map.Entry<String, AutoCloseable> c = started.pop();
      log.info("stopping {}", c.getKey());
      try {
        c.getValue().close();
      } catch (Exception e) {
        log.warn("stopping {} failed", c.getKey(), e);
      }
    }
    log.info("all components stopped");
    metrics.close();
  }
}
