package io.wxgate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wxgate.callback.CallbackPipeline;
import io.wxgate.callback.ConfiguredReplies;
import io.wxgate.callback.ReceiptSink;
import io.wxgate.callback.Router;
import io.wxgate.config.WxgateConfig;
import io.wxgate.state.SharedState;
import io.wxgate.web.HealthCheck;
import io.wxgate.web.WebServer;
import io.wxgate.wechat.xml.XmlCodec;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with constructors, starts them in order (state →
 * callback → web) and closes them in reverse. The only place that knows all packages.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final WebServer web;
  private final PrometheusMeterRegistry metrics;

  private Gateway(WxgateConfig config, Router.Builder handlers, InstantSource clock) {
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(metrics);
    started.push(gc);
    try {
      SharedState state = started(new SharedState(config.state(), clock), "shared state");
      Router router = ConfiguredReplies.addTo(handlers, config.callback()).build();
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
                  ReceiptSink.NONE,
                  clock,
                  metrics),
              "callback pipeline");
      List<HealthCheck> checks = List.of(new HealthCheck("state", () -> describe(state.health())));
      web =
          new WebServer(
              config.server(),
              config.callback().maxBodyBytes(),
              callbacks,
              metrics,
              checks,
              new ObjectMapper(),
              List.of());
      started(web.start(), "web");
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

  private static String describe(io.wxgate.state.Health health) {
    return switch (health.status()) {
      case UP -> "UP";
      default -> health.status() + ": " + health.reason();
    };
  }

  private <T extends AutoCloseable> T started(T component, String name) {
    started.push(component);
    log.info("started {}", name);
    return component;
  }

  /** Closes in reverse start order: web first (readiness false, drain), state last. */
  @Override
  public void close() {
    if (web != null) web.drain();
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {} failed", c.getClass().getSimpleName(), e);
      }
    }
    metrics.close();
  }
}
