package io.wxgate.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.config.StateConfig;
import io.wxgate.config.TokenConfig;
import io.wxgate.sandbox.Sandbox;
import io.wxgate.state.SharedState;
import io.wxgate.testsupport.TestServices;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.api.WechatApi;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three gateways' token services sharing the real Redis, against the sandbox as WeChat: the sandbox
 * counts the upstream token calls.
 */
class TokenServiceAgainstSandboxTest {
  Sandbox sandbox;
  WechatApi api;
  final List<AutoCloseable> closing = new ArrayList<>();
  final Account account =
      new Account(
          "wxtokens0000000001",
          Secret.of("token-test-secret"),
          Secret.of("tok"),
          null,
          null,
          Account.Mode.PLAINTEXT);

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(SandboxConfig.of(account));
    api = new WechatApi(sandbox.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing.reversed()) c.close();
    api.close();
    sandbox.close();
  }

  private List<TokenService> threeInstances() {
    String prefix = TestServices.freshPrefix();
    List<TokenService> services = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SharedState state =
          new SharedState(
              StateConfig.redis(URI.create(TestServices.redisUri()), prefix),
              InstantSource.system());
      closing.add(state);
      TokenService tokens =
          new TokenService(
              TokenConfig.defaults(),
              new WechatTokenSource(
                  api, TokenConfig.Api.STABLE, Map.of(account.appId(), account.secret())),
              state.tokens(),
              state.locks(),
              InstantSource.system(),
              new SimpleMeterRegistry());
      closing.add(tokens);
      services.add(tokens);
    }
    return services;
  }

  @Test
  void a_thousand_concurrent_gets_over_three_instances_make_one_upstream_call() throws Exception {
    List<TokenService> services = threeInstances();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        TokenService s = services.get(i % 3);
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  seen.add(s.get(account.appId()));
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : calls) f.get();
    }
    assertThat(seen).hasSize(1);
    assertThat(sandbox.stats().getOrDefault("stable_token", 0L)).isEqualTo(1L);
  }

  @Test
  void two_hundred_concurrent_invalidations_of_one_bad_token_cause_one_refresh() throws Exception {
    List<TokenService> services = threeInstances();
    String bad = services.get(0).get(account.appId());
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        TokenService s = services.get(i % 3);
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  s.invalidate(account.appId(), bad);
                  s.get(account.appId());
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : calls) f.get();
    }
    // the first fetch plus exactly one refresh, whatever the interleaving
    assertThat(sandbox.stats().getOrDefault("stable_token", 0L)).isEqualTo(2L);
  }
}
