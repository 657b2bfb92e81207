package io.wxgate.tracing;

import io.wxgate.callback.Router;
import io.wxgate.config.TracingConfig;

/**
 * Spans for the work wxgate does, exported over OTLP/HTTP when {@code tracing.enabled} is true. Off
 * by default: then {@link #NOOP} is used and no OpenTelemetry class is ever loaded (the
 * implementation is reached only through {@link #start}'s enabled branch). Callers on hot paths
 * check {@link #enabled()} once and skip the calls altogether.
 *
 * <p>Every span's trace id is the one wxgate already logs ({@code traceId} in the MDC, {@code
 * X-Trace-Id}, the message's stored trace id), so a trace found in the tracing backend leads to its
 * log lines and back. Thread-safe.
 */
public interface Tracing extends AutoCloseable {
  /** The MDC key of the current request's span id, set only while that span is recorded. */
  String MDC_SPAN_ID = "spanId";

  /** The MDC key of the current trace id (set by the web layer and the dispatcher). */
  String MDC_TRACE_ID = "traceId";

  /** Tracing off: spans carry only a trace id, nothing is recorded or sent. */
  Tracing NOOP = new NoopTracing();

  /** {@link #NOOP} when tracing is disabled, else an exporter to the configured collector. */
  static Tracing start(TracingConfig config) {
    return config.enabled() ? OtelTracing.start(config) : NOOP;
  }

  /** False for {@link #NOOP}. */
  boolean enabled();

  /**
   * Starts the server span of an HTTP request, a child of {@code parent} when the caller sent a
   * valid {@code traceparent} (then the span has the caller's trace id), else the root of a new
   * trace. End it with {@link ServerSpan#end}.
   *
   * @param parent may be null
   */
  ServerSpan startServer(String method, TraceParent parent, String clientAddress);

  /**
   * Starts the span of one attempt to send an outbound message, in the trace whose id the message
   * stored when it was accepted ({@code traceId}; a new trace when it is null or not a trace id).
   */
  SendSpan startSend(String traceId, String messageId, String appId, int attempt);

  /** Adds a span around every routed callback handler (nothing when tracing is off). */
  void addTo(Router.Builder handlers);

  /** Sends the spans still buffered (bounded by the export timeout) and stops. */
  @Override
  void close();
}
