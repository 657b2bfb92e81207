package io.wxgate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wxgate.callback.CallbackPipeline;
import io.wxgate.config.ServerConfig;
import io.wxgate.tracing.Tracing;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin app: every route, the error mapping, health and metrics. Built by the composition
 * root; nothing below {@code web} sees Javalin.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerConfig config;
  private final Javalin app;
  private final AtomicBoolean draining = new AtomicBoolean(false);
  private final AtomicBoolean live = new AtomicBoolean(false);

  /**
   * @param extraRoutes more routes (e.g. the message API) registered on the same app
   */
  public WebServer(
      ServerConfig config,
      int callbackMaxBodyBytes,
      CallbackPipeline callbacks,
      PrometheusMeterRegistry metrics,
      Tracing tracing,
      List<HealthCheck> checks,
      ObjectMapper json,
      List<Routes> extraRoutes) {
    this.config = config;
    HealthRoutes health = new HealthRoutes(checks, live, draining);
    RequestObserver observer =
        new RequestObserver(metrics, new ClientAddress(config.trustedProxies()), tracing);
    CallbackHandler callback = new CallbackHandler(callbacks, callbackMaxBodyBytes, observer, json);
    this.app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.startup.showOldJavalinVersionWarning = false;
              c.jetty.host = config.host();
              c.jetty.port = config.port();
              if (config.tls() != null) Tls.install(c, config.tls(), config.host(), config.port());
              c.http.maxRequestSize = config.maxBodyBytes();
              // every answer is small; the compressing stream cost more than it saved
              c.http.compressionStrategy = CompressionStrategy.NONE;
              c.jsonMapper(new JavalinJackson(json, false));
              if (config.virtualThreads()) {
                c.concurrency.useVirtualThreads = true;
              } else {
                QueuedThreadPool pool = new QueuedThreadPool(config.maxThreads(), 8);
                pool.setName("wxgate-http");
                c.jetty.threadPool = pool;
              }
              c.jetty.modifyServer(
                  server -> {
                    server.setStopTimeout(config.drainTimeout().toMillis());
                    server.setStopAtShutdown(false);
                    // Javalin puts its servlet context inside the innermost wrapper: the callback
                    // handler answers its route before the servlet layer, everything else passes
                    server.insertHandler(callback);
                    // Javalin adds none: without it stop() cuts requests in flight (a committed
                    // message whose 202 never reached the client)
                    server.insertHandler(new GracefulHandler());
                  });
              c.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setSendServerVersion(false);
                    http.setIdleTimeout(config.idleTimeout().toMillis());
                  });
              c.requestLogger.http(observer::completed);
              c.routes.before(observer::before);
              c.routes.get("/healthz", health::live);
              c.routes.get("/readyz", health::ready);
              c.routes.get("/metrics", ctx -> scrape(ctx, metrics));
              c.routes.get("/openapi.json", WebServer::openApi);
              extraRoutes.forEach(r -> r.addTo(c));
              c.routes.exception(Exception.class, ErrorMapper::handle);
              c.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      ErrorMapper.error(ctx, 404, "not_found", "no such route");
                    }
                  });
            });
  }

  /**
   * Prometheus text format. {@code ?name[]=a&name[]=b} limits the answer to those metric families,
   * as Prometheus' own exporters do: a probe that polls one counter (the send benchmark does, five
   * times a second) then costs a fraction of rendering every meter. A counter may be named as it is
   * printed ({@code …_total}) or by its family name (without the suffix).
   */
  private static void scrape(io.javalin.http.Context ctx, PrometheusMeterRegistry metrics) {
    List<String> asked = ctx.queryParams("name[]");
    Set<String> names = new HashSet<>(asked);
    for (String name : asked) {
      if (name.endsWith("_total")) names.add(name.substring(0, name.length() - "_total".length()));
    }
    ctx.contentType(TEXT_FORMAT)
        .result(names.isEmpty() ? metrics.scrape() : metrics.scrape(TEXT_FORMAT, names));
  }

  /** The API contract, a static file kept next to the code it describes. */
  private static void openApi(io.javalin.http.Context ctx) throws java.io.IOException {
    try (var in = WebServer.class.getResourceAsStream("/openapi/wxgate.json")) {
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }

  /**
   * Starts listening; {@code /healthz} and {@code /readyz} answer 503 until {@link #live}, so the
   * composition root may start this while components it serves are still opening.
   */
  public WebServer start() {
    app.start();
    log.info("listening on {}:{}", config.host(), app.port());
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Every component is started: {@code /healthz} answers 200 from now on. */
  public void live() {
    live.set(true);
  }

  /** Readiness turns false first, so load balancers stop sending before the listener closes. */
  public void drain() {
    draining.set(true);
  }

  @Override
  public void close() {
    draining.set(true);
    app.stop();
  }
}
