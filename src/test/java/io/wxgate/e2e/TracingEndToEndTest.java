package io.wxgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wxgate.Gateway;
import io.wxgate.config.ConfigLoader;
import io.wxgate.testsupport.FakeCollector;
import io.wxgate.testsupport.FakeCollector.ReceivedSpan;
import io.wxgate.testsupport.GatewayProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tracing through the whole gateway: on, an API request and the sends of the message it accepted
 * share one trace (the id in {@code X-Trace-Id} and stored with the message); off, the gateway
 * process never loads an OpenTelemetry class.
 */
class TracingEndToEndTest {
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void an_api_request_and_the_sends_of_its_message_share_one_trace() throws IOException {
    try (FakeCollector collector = new FakeCollector();
        Stack stack = new Stack(Stack.Db.H2, Stack.fastOutbox())) {
      stack.env.put("WXGATE_TRACING_ENABLED", "true");
      stack.env.put("WXGATE_TRACING_ENDPOINT", collector.endpoint().toString());
      stack.env.put("WXGATE_TRACING_HEADERS", "Authorization=Bearer%20e2e-collector-token");
      String traced;
      String untraced;
      String untracedTraceId;
      try (Gateway gateway = Gateway.start(new ConfigLoader(stack.env).load())) {
        HttpResponse<String> withParent =
            stack.send(
                HttpRequest.newBuilder(URI.create(stack.base() + "/api/v1/messages"))
                    .header("X-Api-Key", Stack.API_KEY)
                    .header("Content-Type", "application/json")
                    .header("traceparent", TRACEPARENT)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            stack.template(Stack.openId(1), "tmpl_order", "traced")))
                    .build());
        assertThat(withParent.statusCode()).isEqualTo(202);
        assertThat(withParent.headers().firstValue("X-Trace-Id"))
            .hasValue("0af7651916cd43dd8448eb211c80319c");
        traced = Stack.JSON.readTree(withParent.body()).get("id").asText();
        HttpResponse<String> withoutParent =
            stack.post("/api/v1/messages", stack.template(Stack.openId(2), "tmpl_order", "new"));
        untracedTraceId = withoutParent.headers().firstValue("X-Trace-Id").orElseThrow();
        untraced = Stack.JSON.readTree(withoutParent.body()).get("id").asText();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(stack.status(traced)).isIn("SENT", "DELIVERED");
                  assertThat(stack.status(untraced)).isIn("SENT", "DELIVERED");
                });
        try (var wechat =
            new io.wxgate.sandbox.CallbackClient(
                Duration.ofSeconds(5), java.time.Clock.systemUTC())) {
          var pushed =
              wechat.push(
                  stack.base() + "/wx/{appId}/callback",
                  stack.account,
                  io.wxgate.sandbox.InboundXml.text(
                      "gh_1", "oU1", java.time.Instant.now().getEpochSecond(), "hi", 42),
                  stack.account.mode());
          assertThat(pushed.status()).isEqualTo(200);
        }
        assertThat(stack.get("/api/v1/messages/" + traced).path("traceId").asText())
            .isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(stack.get("/api/v1/messages/" + untraced).path("traceId").asText())
            .isEqualTo(untracedTraceId);
      } // closing the gateway flushes the spans still buffered

      List<ReceivedSpan> sends = collector.spansNamed("wechat send");
      ReceivedSpan tracedSend = only(sends, traced);
      assertThat(tracedSend.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(tracedSend.serviceName()).isEqualTo("wxgate");
      assertThat(tracedSend.attributes())
          .containsEntry("wechat.app_id", stack.account.appId())
          .containsEntry("wxgate.send.attempt", "1")
          .containsEntry("wxgate.send.outcome", "sent")
          .containsEntry("wechat.errcode", "0");
      assertThat(only(sends, untraced).traceId()).isEqualTo(untracedTraceId);
      // WeChat's callbacks (the plain Jetty route: the push above and the sandbox's receipts) get
      // server spans too
      assertThat(collector.spansNamed("POST /wx/{appId}/callback"))
          .hasSizeGreaterThanOrEqualTo(1)
          .allSatisfy(s -> assertThat(s.kind()).isEqualTo("SPAN_KIND_SERVER"));
      // the accepting request's server span is the root of the same trace
      assertThat(collector.spansNamed("POST /api/v1/messages"))
          .anySatisfy(
              s -> {
                assertThat(s.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
                assertThat(s.parentSpanId()).isEqualTo("b7ad6b7169203331");
              });
      assertThat(collector.requestHeaders())
          .allSatisfy(
              h ->
                  assertThat(h.get("Authorization")).containsExactly("Bearer e2e-collector-token"));
    }
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String messageId) {
    List<ReceivedSpan> mine =
        spans.stream().filter(s -> messageId.equals(s.attribute("wxgate.message.id"))).toList();
    assertThat(mine).as("send spans of " + messageId + " in " + spans).hasSize(1);
    return mine.getFirst();
  }

  @Test
  void with_tracing_off_the_gateway_loads_no_opentelemetry_class() throws IOException {
    Path classes = Files.createTempFile("wxgate-classes", ".log");
    try (Stack stack = new Stack(Stack.Db.H2, Stack.fastOutbox())) {
      stack.env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes);
      try (GatewayProcess gateway = GatewayProcess.start(stack.env)) {
        HttpResponse<String> r =
            stack.send(
                HttpRequest.newBuilder(URI.create(stack.base() + "/api/v1/messages"))
                    .header("X-Api-Key", Stack.API_KEY)
                    .header("Content-Type", "application/json")
                    .header("traceparent", TRACEPARENT)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            stack.template(Stack.openId(1), "tmpl_order", "off")))
                    .build());
        assertThat(r.headers().firstValue("X-Trace-Id"))
            .hasValue("0af7651916cd43dd8448eb211c80319c");
        String id = Stack.JSON.readTree(r.body()).get("id").asText();
        // DELIVERED: sent, and WeChat's receipt came back through the callback endpoint
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(stack.status(id)).isEqualTo("DELIVERED"));
        gateway.terminate(Duration.ofSeconds(30));
      }
      String loaded = Files.readString(classes);
      assertThat(loaded)
          .as("the class-load log covers the request and send paths")
          .contains("io.wxgate.web.RequestObserver")
          .contains("io.wxgate.outbox.Dispatcher")
          .contains("io.wxgate.tracing.NoopTracing");
      assertThat(loaded).doesNotContain("io.opentelemetry").doesNotContain("OtelTracing");
    } finally {
      Files.deleteIfExists(classes);
    }
  }
}
