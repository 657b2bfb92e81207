package io.wxgate.web;

import static io.wxgate.web.RunningGateway.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.callback.Router;
import io.wxgate.callback.Rule;
import io.wxgate.wechat.TextReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObservabilityTest {
  RunningGateway gw;

  @BeforeEach
  void start() {
    gw = new RunningGateway(Router.builder().reply(Rule.any(), new TextReply("hi")), Map.of());
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void trace_id_comes_from_traceparent_or_is_generated() {
    HttpResponse<String> given =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/healthz"))
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .build());
    assertThat(given.headers().firstValue("X-Trace-Id"))
        .hasValue("4bf92f3577b34da6a3ce929d0e0e4736");
    HttpResponse<String> fresh = gw.get("/healthz");
    assertThat(fresh.headers().firstValue("X-Trace-Id").orElseThrow()).matches("[0-9a-f]{32}");
  }

  @Test
  void requests_are_timed_by_route_template_not_raw_path() {
    Signed s = gw.safe(textXml("m", 1), now(), "1");
    gw.post(s.query(), "text/xml", s.body().getBytes(StandardCharsets.UTF_8));
    gw.get("/healthz");
    String metrics = gw.get("/metrics").body();
    assertThat(metrics)
        .contains(
            "wxgate_http_requests_seconds_count{method=\"POST\",route=\"/wx/{appId}/callback\",status=\"200\"}")
        .contains("route=\"/healthz\"")
        .doesNotContain("route=\"/wx/" + APP_ID)
        .contains("wxgate_callback_accepted_total{mode=\"aes\"}")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void metrics_can_be_limited_to_named_families() {
    Signed s = gw.safe(textXml("m", 2), now(), "2");
    gw.post(s.query(), "text/xml", s.body().getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> some =
        gw.get("/metrics?name[]=wxgate_callback_accepted_total&name[]=jvm_threads_live_threads");
    assertThat(some.statusCode()).isEqualTo(200);
    assertThat(some.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(some.body())
        .contains("wxgate_callback_accepted_total{mode=\"aes\"} 1")
        .contains("jvm_threads_live_threads ")
        .doesNotContain("jvm_memory_used_bytes")
        .doesNotContain("wxgate_http_requests_seconds");
    assertThat(gw.get("/metrics?name[]=wxgate_callback_accepted").body())
        .contains("wxgate_callback_accepted_total{mode=\"aes\"} 1");
    assertThat(gw.get("/metrics?name[]=no_such_metric").body()).doesNotContain("wxgate_");
  }

  @Test
  void one_access_line_per_request_with_the_forwarded_client_behind_a_trusted_proxy() {
    gw.close();
    gw =
        new RunningGateway(
            Router.builder().reply(Rule.any(), new TextReply("hi")),
            Map.of("WXGATE_TRUSTED_PROXIES", "127.0.0.1"));
    ch.qos.logback.classic.Logger access =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("wxgate.access");
    var lines =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    lines.start();
    ch.qos.logback.classic.Level level = access.getLevel();
    access.setLevel(ch.qos.logback.classic.Level.INFO);
    access.addAppender(lines);
    try {
      Signed s = gw.safe(textXml("m", 7), now(), "7");
      HttpResponse<String> r =
          gw.send(
              HttpRequest.newBuilder(URI.create(gw.callbackUrl(APP_ID) + s.query()))
                  .header("X-Forwarded-For", "1.2.3.4, 203.0.113.9")
                  .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                  .POST(HttpRequest.BodyPublishers.ofString(s.body()))
                  .build());
      assertThat(r.statusCode()).isEqualTo(200);
      gw.get("/healthz");
    } finally {
      access.detachAppender(lines);
      access.setLevel(level);
    }
    assertThat(lines.list).hasSize(2);
    var callback = lines.list.get(0);
    assertThat(callback.getFormattedMessage())
        .matches("POST /wx/\\{appId\\}/callback 200 \\d+us 203\\.0\\.113\\.9");
    assertThat(callback.getMDCPropertyMap())
        .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(lines.list.get(1).getFormattedMessage()).startsWith("GET /healthz 200 ");
  }
}
