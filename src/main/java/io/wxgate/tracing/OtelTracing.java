package io.wxgate.tracing;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.wxgate.callback.Interceptor;
import io.wxgate.callback.Router;
import io.wxgate.config.TracingConfig;
import io.wxgate.wechat.Secret;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK behind {@link Tracing}: a parent-based ratio sampler, a batch processor and
 * the OTLP/HTTP exporter on the JDK's HttpClient. Only {@link Tracing#start} with tracing enabled
 * reaches this class, so a gateway with tracing off loads no OpenTelemetry class.
 */
final class OtelTracing implements Tracing {
  static final AttributeKey<String> HTTP_METHOD = stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = stringKey("http.route");
  static final AttributeKey<Long> HTTP_STATUS = longKey("http.response.status_code");
  static final AttributeKey<String> CLIENT_ADDRESS = stringKey("client.address");
  static final AttributeKey<String> APP_ID = stringKey("wechat.app_id");
  static final AttributeKey<String> MESSAGE_ID = stringKey("wxgate.message.id");
  static final AttributeKey<Long> ATTEMPT = longKey("wxgate.send.attempt");
  static final AttributeKey<String> OUTCOME = stringKey("wxgate.send.outcome");
  static final AttributeKey<Long> ERRCODE = longKey("wechat.errcode");
  static final AttributeKey<String> STORED_TRACE_ID = stringKey("wxgate.trace_id");

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final Sampler newTraces;
  private final long closeTimeoutMillis;
  private final OtelDiagnostics diagnostics;

  private OtelTracing(TracingConfig config, SdkTracerProvider provider, Sampler newTraces) {
    this.provider = provider;
    this.tracer = provider.get("io.wxgate");
    this.newTraces = newTraces;
    this.closeTimeoutMillis = config.exportTimeout().toMillis() + 1000;
    this.diagnostics = OtelDiagnostics.install();
  }

  static Tracing start(TracingConfig config) {
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(config.endpoint().toString())
            .setTimeout(config.exportTimeout())
            // the exporter's self-metrics would go to GlobalOpenTelemetry; wxgate has Micrometer
            .setMeterProvider(MeterProvider::noop);
    for (Map.Entry<String, Secret> h : config.headers().entrySet()) {
      exporter.addHeader(h.getKey(), h.getValue().reveal());
    }
    Sampler newTraces = Sampler.traceIdRatioBased(config.sampleRatio());
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(stringKey("service.name"), config.serviceName()))))
            .setSampler(Sampler.parentBased(newTraces))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter.build())
                    .setExporterTimeout(config.exportTimeout())
                    .setMeterProvider(MeterProvider::noop)
                    .build())
            .build();
    return new OtelTracing(config, provider, newTraces);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public ServerSpan startServer(String method, TraceParent parent, String clientAddress) {
    SpanBuilder b =
        tracer
            .spanBuilder(method)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(HTTP_METHOD, method)
            .setAttribute(CLIENT_ADDRESS, clientAddress);
    if (parent == null) {
      b.setNoParent();
    } else {
      b.setParent(
          parentContext(
              SpanContext.createFromRemoteParent(
                  parent.traceId(),
                  parent.spanId(),
                  parent.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                  TraceState.getDefault())));
    }
    return new OtelServerSpan(b.startSpan(), method);
  }

  @Override
  public SendSpan startSend(String traceId, String messageId, String appId, int attempt) {
    SpanBuilder b =
        tracer
            .spanBuilder("wechat send")
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(MESSAGE_ID, messageId)
            .setAttribute(APP_ID, appId)
            .setAttribute(ATTEMPT, (long) attempt);
    if (TraceParent.isTraceId(traceId)) {
      b.setParent(parentContext(acceptingRequest(traceId, messageId)));
    } else {
      b.setNoParent();
      if (traceId != null) b.setAttribute(STORED_TRACE_ID, traceId);
    }
    return new OtelSendSpan(b.startSpan());
  }

  /**
   * Stands in for the span of the API request that accepted the message: the outbox stores its
   * trace id, not its span id. The id is derived from the message id, so all attempts of one
   * message hang under one (missing) parent; the sampled flag is the decision the ratio sampler
   * takes for that trace id, which is the one a request without {@code traceparent} got.
   */
  private SpanContext acceptingRequest(String traceId, String messageId) {
    boolean sampled =
        newTraces
                .shouldSample(
                    Context.root(), traceId, "", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision()
            == SamplingDecision.RECORD_AND_SAMPLE;
    return SpanContext.createFromRemoteParent(
        traceId,
        SpanId.fromLong(nonZeroHash(messageId)),
        sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        TraceState.getDefault());
  }

  /** FNV-1a, 64 bits; a span id must not be zero. */
  private static long nonZeroHash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }

  static Context parentContext(SpanContext parent) {
    return Context.root().with(Span.wrap(parent));
  }

  @Override
  public void addTo(Router.Builder handlers) {
    handlers.intercept(handlerSpans());
  }

  Interceptor handlerSpans() {
    return new HandlerSpans(tracer);
  }

  @Override
  public void close() {
    try {
      provider.shutdown().join(closeTimeoutMillis, TimeUnit.MILLISECONDS);
    } finally {
      diagnostics.close();
    }
  }

  @Override
  public String toString() {
    return "tracing on";
  }

  private record OtelServerSpan(Span span, String method) implements ServerSpan {
    @Override
    public String traceId() {
      return span.getSpanContext().getTraceId();
    }

    @Override
    public String spanId() {
      // sampled, not isRecording(): that turns false once the span has ended
      return span.getSpanContext().isSampled() ? span.getSpanContext().getSpanId() : null;
    }

    @Override
    public void end(String route, int status) {
      if (span.isRecording()) {
        span.updateName(method + " " + route);
        span.setAttribute(HTTP_ROUTE, route);
        span.setAttribute(HTTP_STATUS, (long) status);
        // semantic conventions: for a server, only 5xx is an error; 4xx is the caller's
        if (status >= 500) span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }

  private record OtelSendSpan(Span span) implements SendSpan {
    @Override
    public void end(String outcome, int errcode) {
      if (span.isRecording()) {
        span.setAttribute(OUTCOME, outcome);
        span.setAttribute(ERRCODE, (long) errcode);
        if (!"sent".equals(outcome)) span.setStatus(StatusCode.ERROR, outcome);
      }
      span.end();
    }
  }
}
