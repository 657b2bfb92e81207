/**
 * Optional OpenTelemetry tracing, exported over OTLP/HTTP; off by default, and then no
 * OpenTelemetry class is loaded.
 *
 * <p>Entry points: {@link io.wxgate.tracing.Tracing} ({@code start(TracingConfig)} gives {@code
 * NOOP} or the SDK-backed implementation; server spans for HTTP requests, send-attempt spans for
 * the outbox, a handler-span interceptor for the callback router) and {@link
 * io.wxgate.tracing.TraceParent} (the W3C header). Nothing outside this package sees an
 * OpenTelemetry type. Span trace ids are the trace ids wxgate logs and stores, so logs and traces
 * join.
 */
package io.wxgate.tracing;
