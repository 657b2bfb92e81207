package io.wxgate.web;

import static net.logstash.logback.argument.StructuredArguments.v;

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
 * does a map lookup, not a registration; with tracing off the hot path never calls it. {@link
 * #begin} and {@link #end} know no framework: the Javalin routes and the plain Jetty callback
 * handler both use them.
 */
final class RequestObserver {
  static final String TRACE_ID = Tracing.MDC_TRACE_ID;
  static final String TRACE_HEADER = "X-Trace-Id";
  static final String REQUESTS = "wxgate.http.requests";
  static final String FORWARDED_FOR = "X-Forwarded-For";
  private static final String OBSERVATION = "wxgate.observation";
  private static final Logger access = LoggerFactory.getLogger("wxgate.access");

  private final MeterRegistry registry;
  private final ClientAddress clients;
  private final Tracing tracing;
  private final boolean traced;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  RequestObserver(MeterRegistry registry, ClientAddress clients, Tracing tracing) {
    this.registry = registry;
    this.clients = clients;
    this.tracing = tracing;
    this.traced = tracing.enabled();
  }

  private record Key(String method, String route, int status) {}

  /** A request being observed: its trace id and, with tracing on, its server span. */
  record Observation(String traceId, ServerSpan span) {}

  /** Javalin's before-handler: {@link #begin} plus the response header. */
  void before(Context ctx) {
    Observation o =
        begin(ctx.method().name(), ctx.header("traceparent"), ctx.ip(), ctx.header(FORWARDED_FOR));
    ctx.attribute(OBSERVATION, o);
    ctx.attribute(TRACE_ID, o.traceId());
    ctx.header(TRACE_HEADER, o.traceId());
  }

  /** Javalin's request logger: runs once per request, after the response, errors included. */
  void completed(Context ctx, Float millis) {
    end(
        ctx.attribute(OBSERVATION),
        ctx.method().name(),
        route(ctx),
        ctx.statusCode(),
        (long) (millis * 1_000_000),
        ctx.ip(),
        ctx.header(FORWARDED_FOR));
  }

  /** Starts observing a request: its trace id, now in the MDC for every log line it causes. */
  Observation begin(String method, String traceparent, String peer, String forwardedFor) {
    Observation o;
    if (traced) {
      ServerSpan span =
          tracing.startServer(
              method, TraceParent.parse(traceparent), clients.of(peer, forwardedFor));
      o = new Observation(span.traceId(), span);
      if (span.spanId() != null) MDC.put(Tracing.MDC_SPAN_ID, span.spanId());
    } else {
      o = new Observation(TraceParent.traceIdOf(traceparent), null);
    }
    MDC.put(TRACE_ID, o.traceId());
    return o;
  }

  /**
   * Ends observing a request: its timer, its access-log line, its span, and the MDC cleared. The
   * line's fields are also JSON fields ({@code method}, {@code route}, {@code status}, {@code
   * duration_us}, {@code client_ip}) in the JSON log format.
   */
  void end(
      Observation o,
      String method,
      String route,
      int status,
      long nanos,
      String peer,
      String forwardedFor) {
    timers
        .computeIfAbsent(
            new Key(method, route, status),
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
      access.info(
          "{} {} {} {}us {}",
          v("method", method),
          v("route", route),
          v("status", status),
          v("duration_us", nanos / 1000),
          v("client_ip", clients.of(peer, forwardedFor)));
    }
    if (o != null && o.span() != null) {
      o.span().end(route, status);
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
