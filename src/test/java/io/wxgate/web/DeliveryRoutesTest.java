package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.ForwardConfig;
import io.wxgate.config.ForwardConfig.Kind;
import io.wxgate.config.ForwardConfig.Rule;
import io.wxgate.config.ForwardConfig.Target;
import io.wxgate.config.StoreConfig;
import io.wxgate.forward.DeliveryStatus;
import io.wxgate.forward.Forwarding;
import io.wxgate.store.Database;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.xml.XmlCodec;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two delivery routes on a real Javalin app over a real H2 database. */
class DeliveryRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;
  Database db;
  Forwarding forwarding;
  Javalin app;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    db = Database.open(new StoreConfig(null, null, null, dataDir, 0, null));
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    // a webhook nobody listens on, one attempt: every delivery goes DEAD at once
    Target down =
        new Target(
            "crm",
            Kind.ASYNC,
            URI.create("http://127.0.0.1:" + closedPort + "/"),
            null,
            Secret.of("k"),
            Duration.ofSeconds(2),
            1,
            false);
    Rule all = new Rule(null, null, null, null, List.of("crm"));
    forwarding =
        new Forwarding(
            ForwardConfig.of(List.of(down), List.of(all)),
            db,
            new SimpleMeterRegistry(),
            InstantSource.system(),
            Duration.ofSeconds(4));
    XmlCodec xml = new XmlCodec(XmlCodec.XmlLimits.defaults());
    for (int i = 1; i <= 3; i++) {
      forwarding
          .handler(all)
          .handle(
              "wxapp",
              xml.parse(
                  "<xml><ToUserName>gh_1</ToUserName><FromUserName>user</FromUserName>"
                      + "<CreateTime>1700000000</CreateTime><MsgType>text</MsgType>"
                      + "<Content>m"
                      + i
                      + "</Content><MsgId>"
                      + i
                      + "</MsgId></xml>"));
    }
    forwarding.worker().runOnce();
    DeliveryRoutes routes = new DeliveryRoutes(forwarding.deliveries());
    app =
        Javalin.create(
                c -> {
                  c.startup.showJavalinBanner = false;
                  c.jetty.host = "127.0.0.1";
                  c.jetty.port = 0;
                  routes.register(c);
                  c.routes.exception(Exception.class, ErrorMapper::handle);
                })
            .start();
  }

  @AfterEach
  void stop() {
    app.stop();
    forwarding.close();
    db.close();
  }

  HttpResponse<String> call(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void lists_dead_deliveries_newest_first_page_by_page() throws Exception {
    HttpResponse<String> first = call("GET", "/api/v1/deliveries?status=dead&limit=2");
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode page = JSON.readTree(first.body());
    assertThat(page.path("items")).hasSize(2);
    JsonNode item = page.path("items").get(0);
    assertThat(item.path("status").asText()).isEqualTo("DEAD");
    assertThat(item.path("target").asText()).isEqualTo("crm");
    assertThat(item.path("lastError").asText()).startsWith("gave up after 1 attempts; last: ");
    assertThat(item.path("event").path("data").path("content").asText()).isEqualTo("m3");
    String cursor = page.path("nextCursor").asText();

    JsonNode second =
        JSON.readTree(
            call("GET", "/api/v1/deliveries?status=dead&limit=2&cursor=" + cursor).body());
    assertThat(second.path("items")).hasSize(1);
    assertThat(second.path("items").get(0).path("event").path("data").path("content").asText())
        .isEqualTo("m1");
    assertThat(second.path("nextCursor").isNull()).isTrue();

    JsonNode delivered = JSON.readTree(call("GET", "/api/v1/deliveries?status=delivered").body());
    assertThat(delivered.path("items")).isEmpty();
  }

  @Test
  void retry_moves_a_dead_delivery_back_to_pending_once() throws Exception {
    String id =
        forwarding
            .deliveries()
            .list(io.wxgate.forward.DeliveryQuery.withStatus(DeliveryStatus.DEAD))
            .items()
            .getFirst()
            .id();

    HttpResponse<String> r = call("POST", "/api/v1/deliveries/" + id + "/retry");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("PENDING");
    assertThat(JSON.readTree(r.body()).path("attempts").asInt()).isZero();

    HttpResponse<String> again = call("POST", "/api/v1/deliveries/" + id + "/retry");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).path("error").asText()).isEqualTo("not_retryable");
  }

  @Test
  void unknown_ids_and_bad_filters_are_refused_with_json_errors() throws Exception {
    HttpResponse<String> missing =
        call("POST", "/api/v1/deliveries/01HXXXXXXXXXXXXXXXXXXXXXXX/retry");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).path("error").asText()).isEqualTo("not_found");
    assertThat(call("GET", "/api/v1/deliveries?status=lost").statusCode()).isEqualTo(400);
    assertThat(call("GET", "/api/v1/deliveries?limit=9999").statusCode()).isEqualTo(400);
    assertThat(call("GET", "/api/v1/deliveries?limit=x").statusCode()).isEqualTo(400);
    assertThat(call("GET", "/api/v1/deliveries?cursor=../etc").statusCode()).isEqualTo(400);
  }
}
