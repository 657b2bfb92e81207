package io.wxgate.web;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wxgate.tracing.ServerSpan;
import io.wxgate.tracing.TraceParent;
import io.wxgate.tracing.Tracing;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Per-request observability: a trace id (from W3C {@code traceparent} or new) in the MDC and the
 * response, one access-log line, {@code http.server.requests} timed by route template, method and
 * status, and, when tracing is on, a server span whose trace id is that same trace id (its span id
 * is in the MDC as {@code spanId} while the span is recorded). Meters are cached so the hot path
 * does a map lookup, not a registration; with tracing off the hot path never calls it.
 */
final class RequestObserver {
  static final String TRACE_ID = Tracing.MDC_TRACE_ID;
  static final String TRACE_HEADER = "X-Trace-Id";
  static final String REQUESTS = "wxgate.http.requests";
  private static final String SPAN = "wxgate.span";
  private static final Logger access = LoggerFactory.getLogger("wxgate.access");

  private final MeterRegistry registry;
  private final Tracing tracing;
  private final boolean traced;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  RequestObserver(MeterRegistry registry) {
    this(registry, Tracing.NOOP);
  }

  RequestObserver(MeterRegistry registry, Tracing tracing) {
    this.registry = registry;
    this.tracing = tracing;
    this.traced = tracing.enabled();
  }

  private record Key(String method, String route, int status) {}

  void before(Context ctx) {
    String traceId;
    if (traced) {
      ServerSpan span =
          tracing.startServer(
              ctx.method().name(), TraceParent.parse(ctx.header("traceparent")), ctx.ip());
      ctx.attribute(SPAN, span);
      traceId = span.traceId();
      String spanId = span.spanId();
      if (spanId != null) MDC.put(Tracing.MDC_SPAN_ID, spanId);
    } else {
      traceId = TraceParent.traceIdOf(ctx.header("traceparent"));
    }
    MDC.put(TRACE_ID, traceId);
    ctx.attribute(TRACE_ID, traceId);
    ctx.header(TRACE_HEADER, traceId);
  }

  /** Javalin's request logger: runs once per request, after the response, errors included. */
  void completed(Context ctx, Float millis) {
    String route = route(ctx);
    int status = ctx.statusCode();
    long nanos = (long) (millis * 1_000_000);
    timers
        .computeIfAbsent(
            new Key(ctx.method().name(), route, status),
            k ->
                Timer.builder(REQUESTS)
                    .description("HTTP requests by route template, method and status")
                    .tag("method", k.method())
                    .tag("route", k.route())
                    .tag("status", Integer.toString(k.status()))
                    .publishPercentileHistogram()
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (access.isInfoEnabled()) {
      // microseconds as an integer: String.format showed up in the callback profile
      access.info("{} {} {} {}us {}", ctx.method().name(), route, status, nanos / 1000, ctx.ip());
    }
    if (traced) {
      ServerSpan span = ctx.attribute(SPAN);
      if (span != null) span.end(route, status);
      MDC.remove(Tracing.MDC_SPAN_ID);
    }
    MDC.remove(TRACE_ID);
  }

  /** The matched route template, never the raw path (bounded tag values). */
  private static String route(Context ctx) {
    try {
      Endpoint e = ctx.endpoint();
      return e == null ? "unmatched" : e.path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
