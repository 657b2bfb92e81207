package io.wxgate.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.wxgate.callback.Interceptor;
import io.wxgate.callback.MessageHandler;
import io.wxgate.wechat.Event;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * A child span of the callback request around each routed handler. Handlers run on their own thread
 * under the deadline; the pipeline copies the request's MDC there, so the request's trace and span
 * ids are read from it. No span when the request's span is not recorded.
 */
final class HandlerSpans implements Interceptor {
  static final AttributeKey<String> MSG_TYPE = AttributeKey.stringKey("wechat.msg_type");
  static final AttributeKey<String> EVENT = AttributeKey.stringKey("wechat.event");
  static final AttributeKey<Boolean> REPLIED = AttributeKey.booleanKey("wxgate.handler.replied");

  private final Tracer tracer;

  HandlerSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public Optional<Reply> intercept(String appId, InboundMessage message, MessageHandler next) {
    String traceId = MDC.get(Tracing.MDC_TRACE_ID);
    String requestSpan = MDC.get(Tracing.MDC_SPAN_ID);
    if (requestSpan == null || !TraceParent.isTraceId(traceId)) {
      return next.handle(appId, message);
    }
    Span span =
        tracer
            .spanBuilder("callback handler")
            .setParent(
                OtelTracing.parentContext(
                    SpanContext.create(
                        traceId, requestSpan, TraceFlags.getSampled(), TraceState.getDefault())))
            .setAttribute(OtelTracing.APP_ID, appId)
            .setAttribute(MSG_TYPE, message.msgType())
            .startSpan();
    if (message instanceof Event e) span.setAttribute(EVENT, e.event());
    MDC.put(Tracing.MDC_SPAN_ID, span.getSpanContext().getSpanId());
    try {
      Optional<Reply> reply = next.handle(appId, message);
      span.setAttribute(REPLIED, reply.isPresent());
      return reply;
    } catch (RuntimeException | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      MDC.put(Tracing.MDC_SPAN_ID, requestSpan);
      span.end();
    }
  }
}
