package io.wxgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.StateConfig;
import io.wxgate.config.TokenConfig;
import io.wxgate.state.Health;
import io.wxgate.state.SettableClock;
import io.wxgate.state.SharedState;
import io.wxgate.state.TcpProxy;
import io.wxgate.testsupport.TestServices;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three gateway instances sharing the real Redis, each with its own TokenService. */
class SharedTokensOnRedisTest {
  private static final String APP = "wx-shared";
  private static final int INSTANCES = 3;

  private final SettableClock clock = new SettableClock();
  // Slow enough that every caller arrives while the first fetch is still running.
  private final CountingTokenSource wechat = new CountingTokenSource(clock, Duration.ofMillis(100));
  private final TcpProxy proxy = new TcpProxy(URI.create(TestServices.redisUri())).start();
  private final List<SharedState> states = new ArrayList<>();
  private final List<TokenService> services = new ArrayList<>();

  private void startInstances(URI redis) {
    StateConfig config = StateConfig.redis(redis, TestServices.freshPrefix());
    for (int i = 0; i < INSTANCES; i++) {
      SharedState state = new SharedState(config, InstantSource.system());
      states.add(state);
      services.add(
          new TokenService(
              TokenConfig.defaults(),
              wechat,
              state.tokens(),
              state.locks(),
              clock,
              new SimpleMeterRegistry()));
    }
  }

  private TokenService instance(int i) {
    return services.get(i % INSTANCES);
  }

  @AfterEach
  void close() {
    services.forEach(TokenService::close);
    states.forEach(SharedState::close);
    proxy.close();
  }

  @Test
  void a_thousand_concurrent_callers_on_three_instances_cause_one_fetch() throws Exception {
    startInstances(URI.create(TestServices.redisUri()));
    List<String> served = Concurrently.run(1000, i -> instance(i).get(APP));
    assertThat(served).hasSize(1000).containsOnly("token-1");
    assertThat(wechat.calls()).isEqualTo(1);
  }

  @Test
  void two_hundred_workers_invalidating_the_same_bad_token_cause_one_refresh() throws Exception {
    startInstances(URI.create(TestServices.redisUri()));
    for (int i = 0; i < INSTANCES; i++) assertThat(instance(i).get(APP)).isEqualTo("token-1");

    List<String> served =
        Concurrently.run(
            200,
            i -> {
              instance(i).invalidate(APP, "token-1");
              return instance(i).get(APP);
            });

    assertThat(served).containsOnly("token-2");
    assertThat(wechat.calls()).isEqualTo(2);
  }

  @Test
  void tokens_are_served_while_redis_is_down_and_shared_again_once_it_is_back() throws Exception {
    startInstances(proxy.uri());
    assertThat(Concurrently.run(30, i -> instance(i).get(APP))).containsOnly("token-1");
    assertThat(wechat.calls()).isEqualTo(1);

    proxy.stop();
    clock.advance(Duration.ofSeconds(7200 - 200));

    List<String> duringOutage = Concurrently.run(300, i -> instance(i).get(APP));
    assertThat(duringOutage).doesNotContain("token-1").allMatch(t -> t.startsWith("token-"));
    assertThat(wechat.calls()).as("one fetch per instance on its own").isEqualTo(1 + INSTANCES);
    for (SharedState state : states) {
      assertThat(state.health().status()).isEqualTo(Health.Status.DEGRADED);
    }

    proxy.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              states.forEach(SharedState::runOnce);
              assertThat(states).allMatch(s -> s.health().isUp());
            });
    clock.advance(Duration.ofSeconds(7200 - 200));

    List<String> afterOutage = Concurrently.run(300, i -> instance(i).get(APP));
    assertThat(afterOutage).containsOnly("token-" + (2 + INSTANCES));
    assertThat(wechat.calls()).as("shared again: one fetch for all").isEqualTo(2 + INSTANCES);
  }
}
