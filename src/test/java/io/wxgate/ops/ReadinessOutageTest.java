package io.wxgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.Gateway;
import io.wxgate.config.ConfigLoader;
import io.wxgate.state.TcpProxy;
import io.wxgate.testsupport.TestServices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, "/readyz turns unready when PostgreSQL or Redis is unreachable and ready again when they
 * return": the gateway reaches both through TCP proxies the test cuts and restores.
 */
class ReadinessOutageTest {
  OpsStack stack;
  TcpProxy postgres;
  TcpProxy redis;
  Gateway gateway;

  @BeforeEach
  void start() {
    String pgUrl = TestServices.freshPostgresSchemaUrl();
    URI pg = URI.create(pgUrl.substring("jdbc:".length()));
    postgres = new TcpProxy(URI.create("tcp://" + pg.getHost() + ":" + pg.getPort())).start();
    String proxiedPg =
        pgUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + postgres.uri().getPort() + "/");
    redis = new TcpProxy(URI.create(TestServices.redisUri())).start();
    String yaml =
        OpsStack.fastOutbox()
            + """
            store:
              connectionTimeoutMillis: 1000
            redis:
              keyPrefix: "%s"
              probeIntervalMillis: 100
              commandTimeoutMillis: 300
            """
                .formatted(TestServices.freshPrefix());
    stack = new OpsStack(proxiedPg, yaml, List.of());
    stack.env.put("WXGATE_REDIS_URL", redis.uri().toString());
    gateway = Gateway.start(new ConfigLoader(stack.env).load());
  }

  @AfterEach
  void stop() {
    if (gateway != null) gateway.close();
    stack.close();
    postgres.close();
    redis.close();
  }

  record Readiness(int status, JsonNode body) {
    String check(String name) {
      return body.path("checks").path(name).asText();
    }
  }

  private Readiness ready() {
    HttpResponse<String> r =
        stack.send(
            HttpRequest.newBuilder(URI.create(stack.base() + "/readyz"))
                .timeout(Duration.ofSeconds(20))
                .build());
    return new Readiness(r.statusCode(), OpsStack.json(r.body()));
  }

  private void awaitReady() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Readiness r = ready();
              assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
              assertThat(r.body().path("status").asText()).isEqualTo("UP");
              assertThat(r.check("database")).isEqualTo("UP");
              assertThat(r.check("redis")).isEqualTo("UP");
            });
  }

  @Test
  void a_postgresql_outage_makes_the_gateway_unready_until_the_database_returns() {
    awaitReady();
    postgres.stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Readiness r = ready();
              assertThat(r.status()).as(r.body().toString()).isEqualTo(503);
              assertThat(r.body().path("status").asText()).isEqualTo("DOWN");
              assertThat(r.check("database")).startsWith("DOWN");
              assertThat(r.check("redis")).isEqualTo("UP");
            });
    // unready, not dead: the orchestrator must not restart a gateway waiting for its database
    assertThat(stack.getRaw("/healthz").statusCode()).isEqualTo(200);
    postgres.start();
    awaitReady();
  }

  @Test
  void a_redis_outage_makes_the_gateway_unready_until_redis_returns() {
    awaitReady();
    redis.stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Readiness r = ready();
              assertThat(r.status()).as(r.body().toString()).isEqualTo(503);
              assertThat(r.check("redis")).startsWith("DOWN");
              assertThat(r.check("database")).isEqualTo("UP");
            });
    assertThat(stack.getRaw("/healthz").statusCode()).isEqualTo(200);
    redis.start();
    awaitReady();
  }

  @Test
  void the_body_names_every_check_and_never_a_url_or_password() {
    awaitReady();
    postgres.stop();
    redis.stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Readiness r = ready();
              assertThat(r.check("database")).startsWith("DOWN");
              assertThat(r.check("redis")).startsWith("DOWN");
              assertThat(r.body().toString())
                  .doesNotContain("postgresql://")
                  .doesNotContain("redis://")
                  .doesNotContain(Integer.toString(postgres.uri().getPort()));
            });
    postgres.start();
    redis.start();
    awaitReady();
  }

  @Test
  void readiness_also_names_the_dispatcher() {
    awaitReady();
    assertThat(ready().check("dispatcher")).isEqualTo("UP");
  }
}
