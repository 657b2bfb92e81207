package io.wxgate.web;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Per-request observability: a trace id (from W3C {@code traceparent} or new) in the MDC and the
 * response, one access-log line, and {@code http.server.requests} timed by route template, method
 * and status. Meters are cached so the hot path does a map lookup, not a registration.
 */
final class RequestObserver {
  static final String TRACE_ID = "traceId";
  static final String TRACE_HEADER = "X-Trace-Id";
  static final String REQUESTS = "wxgate.http.requests";
  private static final Logger access = LoggerFactory.getLogger("wxgate.access");
  private static final HexFormat HEX = HexFormat.of();

  static final String FORWARDED_FOR = "X-Forwarded-For";

  private final MeterRegistry registry;
  private final ClientAddress clients;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  RequestObserver(MeterRegistry registry, ClientAddress clients) {
    this.registry = registry;
    this.clients = clients;
  }

  private record Key(String method, String route, int status) {}

  /** Javalin's before-handler: the framework-free {@link #begin} plus the response header. */
  void before(Context ctx) {
    String traceId = begin(ctx.header("traceparent"));
    ctx.attribute(TRACE_ID, traceId);
    ctx.header(TRACE_HEADER, traceId);
  }

  /** Javalin's request logger: runs once per request, after the response, errors included. */
  void completed(Context ctx, Float millis) {
    end(
        ctx.method().name(),
        route(ctx),
        ctx.statusCode(),
        (long) (millis * 1_000_000),
        ctx.ip(),
        ctx.header(FORWARDED_FOR));
  }

  /** Starts observing a request: its trace id, now in the MDC for every log line it causes. */
  String begin(String traceparent) {
    String traceId = traceId(traceparent);
    MDC.put(TRACE_ID, traceId);
    return traceId;
  }

  /**
   * Ends observing a request: its timer, its access-log line, and the MDC cleared. The line's
   * fields are also JSON fields ({@code method}, {@code route}, {@code status}, {@code
   * duration_us}, {@code client_ip}) in the JSON log format.
   */
  void end(String method, String route, int status, long nanos, String peer, String forwardedFor) {
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
      // microseconds as an integer: String.format showed up in the callback profile
      access.info(
          "{} {} {} {}us {}",
          v("method", method),
          v("route", route),
          v("status", status),
          v("duration_us", nanos / 1000),
          v("client_ip", clients.of(peer, forwardedFor)));
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

  /** Trace id of a valid {@code traceparent} ({@code 00-<32 hex>-<16 hex>-<2 hex>}), else new. */
  static String traceId(String traceparent) {
    if (traceparent != null && traceparent.length() >= 55 && traceparent.charAt(2) == '-') {
      String id = traceparent.substring(3, 35);
      if (isHex(id) && !id.equals("00000000000000000000000000000000")) return id;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }
}
