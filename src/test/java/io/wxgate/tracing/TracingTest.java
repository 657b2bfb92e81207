package io.wxgate.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.config.TracingConfig;
import io.wxgate.testsupport.FakeCollector;
import io.wxgate.testsupport.FakeCollector.ReceivedSpan;
import io.wxgate.wechat.Header;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.SubscribeEvent;
import io.wxgate.wechat.TextReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The OTLP-backed {@link Tracing} against a fake collector, and the NOOP when disabled. */
class TracingTest {
  static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER_SPAN = "00f067aa0ba902b7";

  final FakeCollector collector = new FakeCollector();

  @AfterEach
  void stop() {
    collector.close();
    MDC.clear();
  }

  TracingConfig config(boolean enabled, double ratio) {
    return new TracingConfig(
        enabled,
        collector.endpoint(),
        Map.of("Authorization", Secret.of("Bearer collector-token")),
        "wxgate-test",
        ratio,
        Duration.ofSeconds(5));
  }

  /** Closing flushes: every span ended before is at the collector when close returns. */
  List<ReceivedSpan> exported(Tracing tracing) {
    tracing.close();
    return collector.spans();
  }

  @Test
  void disabled_tracing_is_the_noop_and_sends_nothing() {
    Tracing tracing = Tracing.start(config(false, 1.0));
    assertThat(tracing).isSameAs(Tracing.NOOP);
    assertThat(tracing.enabled()).isFalse();
    ServerSpan continued =
        tracing.startServer("GET", new TraceParent(CALLER_TRACE, CALLER_SPAN, true), "127.0.0.1");
    assertThat(continued.traceId()).isEqualTo(CALLER_TRACE);
    assertThat(continued.spanId()).isNull();
    continued.end("/healthz", 200);
    assertThat(tracing.startServer("GET", null, "127.0.0.1").traceId()).matches("[0-9a-f]{32}");
    tracing.startSend(CALLER_TRACE, "m1", "wx1", 1).end("sent", 0);
    assertThat(exported(tracing)).isEmpty();
    assertThat(collector.requestHeaders()).isEmpty();
  }

  @Test
  void a_server_span_continues_the_callers_trace_and_is_named_by_route_template() {
    Tracing tracing = Tracing.start(config(true, 1.0));
    ServerSpan span =
        tracing.startServer("POST", new TraceParent(CALLER_TRACE, CALLER_SPAN, true), "10.1.2.3");
    assertThat(span.traceId()).isEqualTo(CALLER_TRACE);
    assertThat(span.spanId()).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN);
    span.end("/wx/{appId}/callback", 503);

    ReceivedSpan s = exported(tracing).getFirst();
    assertThat(s.name()).isEqualTo("POST /wx/{appId}/callback");
    assertThat(s.kind()).isEqualTo("SPAN_KIND_SERVER");
    assertThat(s.traceId()).isEqualTo(CALLER_TRACE);
    assertThat(s.spanId()).isEqualTo(span.spanId());
    assertThat(s.parentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(s.serviceName()).isEqualTo("wxgate-test");
    assertThat(s.attributes())
        .containsEntry("http.request.method", "POST")
        .containsEntry("http.route", "/wx/{appId}/callback")
        .containsEntry("http.response.status_code", "503")
        .containsEntry("client.address", "10.1.2.3");
    assertThat(s.status()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(collector.requestHeaders().getFirst().get("Authorization"))
        .containsExactly("Bearer collector-token");
  }

  @Test
  void a_request_without_traceparent_is_the_root_of_a_new_trace() {
    Tracing tracing = Tracing.start(config(true, 1.0));
    ServerSpan span = tracing.startServer("GET", null, "127.0.0.1");
    span.end("/healthz", 200);

    ReceivedSpan s = exported(tracing).getFirst();
    assertThat(span.traceId()).matches("[0-9a-f]{32}");
    assertThat(s.traceId()).isEqualTo(span.traceId());
    assertThat(s.parentSpanId()).isEmpty();
    assertThat(s.status()).isEqualTo("STATUS_CODE_UNSET");
  }

  @Test
  void send_attempts_join_the_trace_stored_with_the_message() {
    Tracing tracing = Tracing.start(config(true, 1.0));
    tracing.startSend(CALLER_TRACE, "msg-1", "wx1", 1).end("retry", 45011);
    tracing.startSend(CALLER_TRACE, "msg-1", "wx1", 2).end("sent", 0);
    tracing.startSend(CALLER_TRACE, "msg-2", "wx1", 1).end("dead", 40037);
    tracing.startSend("req-1", "msg-3", "wx1", 1).end("sent", 0);

    List<ReceivedSpan> spans = exported(tracing);
    assertThat(spans).hasSize(4).allMatch(s -> s.name().equals("wechat send"));
    ReceivedSpan first = spans.get(0);
    ReceivedSpan second = spans.get(1);
    ReceivedSpan other = spans.get(2);
    assertThat(List.of(first, second, other)).allMatch(s -> s.traceId().equals(CALLER_TRACE));
    assertThat(first.kind()).isEqualTo("SPAN_KIND_CLIENT");
    assertThat(first.attributes())
        .containsEntry("wxgate.message.id", "msg-1")
        .containsEntry("wechat.app_id", "wx1")
        .containsEntry("wxgate.send.attempt", "1")
        .containsEntry("wxgate.send.outcome", "retry")
        .containsEntry("wechat.errcode", "45011");
    assertThat(first.status()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(second.attributes()).containsEntry("wxgate.send.outcome", "sent");
    assertThat(second.status()).isEqualTo("STATUS_CODE_UNSET");
    // one stand-in parent per message, so a message's attempts are siblings
    assertThat(first.parentSpanId())
        .matches("[0-9a-f]{16}")
        .isNotEqualTo("0000000000000000")
        .isEqualTo(second.parentSpanId())
        .isNotEqualTo(other.parentSpanId());
    // a stored id that is not a trace id (an X-Request-Id) starts a trace and is kept findable
    ReceivedSpan untraced = spans.get(3);
    assertThat(untraced.traceId()).isNotEqualTo(CALLER_TRACE).matches("[0-9a-f]{32}");
    assertThat(untraced.parentSpanId()).isEmpty();
    assertThat(untraced.attributes()).containsEntry("wxgate.trace_id", "req-1");
  }

  @Test
  void ratio_zero_records_no_new_trace_but_follows_a_sampled_caller() {
    Tracing tracing = Tracing.start(config(true, 0.0));
    ServerSpan unsampled = tracing.startServer("GET", null, "127.0.0.1");
    assertThat(unsampled.spanId()).isNull();
    assertThat(unsampled.traceId()).matches("[0-9a-f]{32}");
    unsampled.end("/healthz", 200);
    ServerSpan notByCaller =
        tracing.startServer("GET", new TraceParent(CALLER_TRACE, CALLER_SPAN, false), "127.0.0.1");
    assertThat(notByCaller.spanId()).isNull();
    assertThat(notByCaller.traceId()).isEqualTo(CALLER_TRACE);
    notByCaller.end("/healthz", 200);
    tracing.startSend(unsampled.traceId(), "m1", "wx1", 1).end("sent", 0);
    ServerSpan sampledByCaller =
        tracing.startServer("GET", new TraceParent(CALLER_TRACE, CALLER_SPAN, true), "127.0.0.1");
    assertThat(sampledByCaller.spanId()).isNotNull();
    sampledByCaller.end("/readyz", 200);

    assertThat(exported(tracing)).extracting(ReceivedSpan::name).containsExactly("GET /readyz");
  }

  @Test
  void a_handler_span_is_a_child_of_the_request_span_found_in_the_mdc() {
    OtelTracing tracing = (OtelTracing) Tracing.start(config(true, 1.0));
    ServerSpan request =
        tracing.startServer("POST", new TraceParent(CALLER_TRACE, CALLER_SPAN, true), "127.0.0.1");
    MDC.put(Tracing.MDC_TRACE_ID, request.traceId());
    MDC.put(Tracing.MDC_SPAN_ID, request.spanId());
    SubscribeEvent subscribe =
        new SubscribeEvent(
            new Header("gh_1", "oUser", 1_700_000_000L, "event", Map.of()), "", null);
    String[] spanInHandler = new String[1];
    Optional<?> reply =
        tracing
            .handlerSpans()
            .intercept(
                "wx1",
                subscribe,
                (appId, m) -> {
                  spanInHandler[0] = MDC.get(Tracing.MDC_SPAN_ID);
                  return Optional.of(new TextReply("welcome"));
                });
    assertThat(reply).isPresent();
    assertThat(MDC.get(Tracing.MDC_SPAN_ID)).isEqualTo(request.spanId());
    assertThatThrownBy(
            () ->
                tracing
                    .handlerSpans()
                    .intercept(
                        "wx1",
                        subscribe,
                        (appId, m) -> {
                          throw new IllegalStateException("handler broke");
                        }))
        .hasMessage("handler broke");
    MDC.remove(Tracing.MDC_SPAN_ID);
    tracing.handlerSpans().intercept("wx1", subscribe, (appId, m) -> Optional.empty());
    request.end("/wx/{appId}/callback", 200);

    List<ReceivedSpan> handlers =
        exported(tracing).stream().filter(s -> s.name().equals("callback handler")).toList();
    assertThat(handlers).as("no span without a recorded request span").hasSize(2);
    ReceivedSpan ok = handlers.get(0);
    assertThat(ok.traceId()).isEqualTo(CALLER_TRACE);
    assertThat(ok.parentSpanId()).isEqualTo(request.spanId());
    assertThat(ok.spanId()).isEqualTo(spanInHandler[0]);
    assertThat(ok.attributes())
        .containsEntry("wechat.app_id", "wx1")
        .containsEntry("wechat.msg_type", "event")
        .containsEntry("wechat.event", "subscribe")
        .containsEntry("wxgate.handler.replied", "true");
    assertThat(handlers.get(1).status()).isEqualTo("STATUS_CODE_ERROR");
  }

  @Test
  void a_collector_that_refuses_does_not_break_the_caller() {
    collector.refuseWith(401);
    Tracing tracing = Tracing.start(config(true, 1.0));
    tracing.startServer("GET", null, "127.0.0.1").end("/healthz", 200);
    tracing.close();
    assertThat(collector.requestHeaders()).isNotEmpty();
    assertThat(collector.spans()).isEmpty();
  }

  @Test
  void an_unreachable_collector_holds_up_close_no_longer_than_the_export_timeout() {
    collector.close(); // nothing listens on its port any more
    Tracing tracing =
        Tracing.start(
            new TracingConfig(
                true, collector.endpoint(), Map.of(), null, 1.0, Duration.ofMillis(300)));
    tracing.startServer("GET", null, "127.0.0.1").end("/healthz", 200);
    long started = System.nanoTime();
    tracing.close();
    // close waits for the export timeout plus one second, then gives up; generous slack for CI
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }
}
