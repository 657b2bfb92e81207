package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.TracingConfig;
import io.wxgate.testsupport.FakeCollector;
import io.wxgate.testsupport.FakeCollector.ReceivedSpan;
import io.wxgate.tracing.Tracing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@link RequestObserver} with tracing on, hooked into Javalin as {@link WebServer} hooks it: the
 * server span's trace id is the one in {@code X-Trace-Id} and the MDC, so logs and traces join.
 */
class RequestTracingTest {
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  final FakeCollector collector = new FakeCollector();
  final HttpClient http = HttpClient.newHttpClient();
  Tracing tracing;
  Javalin app;

  @BeforeEach
  void start() {
    tracing =
        Tracing.start(
            new TracingConfig(
                true, collector.endpoint(), Map.of(), null, 1.0, Duration.ofSeconds(5)));
    RequestObserver observer =
        new RequestObserver(new SimpleMeterRegistry(), new ClientAddress(List.of()), tracing);
    app =
        Javalin.create(
                c -> {
                  c.startup.showJavalinBanner = false;
                  c.jetty.host = "127.0.0.1";
                  c.jetty.port = 0;
                  c.requestLogger.http(observer::completed);
                  c.routes.before(observer::before);
                  c.routes.get(
                      "/things/{id}",
                      ctx ->
                          ctx.result(
                              MDC.get(Tracing.MDC_TRACE_ID) + " " + MDC.get(Tracing.MDC_SPAN_ID)));
                  c.routes.get(
                      "/broken",
                      ctx -> {
                        throw new IllegalStateException("broken");
                      });
                })
            .start();
  }

  @AfterEach
  void stop() {
    app.stop();
    tracing.close();
    collector.close();
  }

  HttpResponse<String> get(String path, String traceparent) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    if (traceparent != null) b.header("traceparent", traceparent);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Closing tracing flushes every span that ended. */
  List<ReceivedSpan> exported() {
    app.stop();
    tracing.close();
    return collector.spans();
  }

  @Test
  void the_server_span_continues_the_callers_trace_with_the_trace_id_wxgate_logs() {
    HttpResponse<String> r = get("/things/42", TRACEPARENT);
    assertThat(r.statusCode()).isEqualTo(200);
    String traceId = r.headers().firstValue("X-Trace-Id").orElseThrow();
    assertThat(traceId).isEqualTo("0af7651916cd43dd8448eb211c80319c");

    ReceivedSpan span = exported().getFirst();
    assertThat(span.traceId()).isEqualTo(traceId);
    assertThat(span.parentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(span.name()).isEqualTo("GET /things/{id}");
    assertThat(span.kind()).isEqualTo("SPAN_KIND_SERVER");
    assertThat(span.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("http.route", "/things/{id}")
        .containsEntry("http.response.status_code", "200")
        .containsEntry("client.address", "127.0.0.1");
    // the handler's log lines carry the trace id and this span's id
    assertThat(r.body()).isEqualTo(traceId + " " + span.spanId());
  }

  @Test
  void without_a_valid_traceparent_the_span_starts_the_trace_named_in_x_trace_id() {
    HttpResponse<String> fresh = get("/things/1", null);
    HttpResponse<String> zeroParent =
        get("/things/2", "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01");
    HttpResponse<String> broken = get("/broken", null);
    assertThat(broken.statusCode()).isEqualTo(500);

    List<ReceivedSpan> spans = exported();
    assertThat(spans).hasSize(3);
    for (var pair : List.of(Map.entry(fresh, 0), Map.entry(zeroParent, 1), Map.entry(broken, 2))) {
      ReceivedSpan span = spans.get(pair.getValue());
      assertThat(pair.getKey().headers().firstValue("X-Trace-Id")).hasValue(span.traceId());
      assertThat(span.parentSpanId()).isEmpty();
    }
    assertThat(spans.get(1).traceId()).isNotEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(spans.get(2).name()).isEqualTo("GET /broken");
    assertThat(spans.get(2).status()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(spans.get(2).attributes()).containsEntry("http.response.status_code", "500");
  }
}
