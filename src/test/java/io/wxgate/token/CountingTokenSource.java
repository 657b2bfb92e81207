package io.wxgate.token;

import io.wxgate.wechat.Secret;
import io.wxgate.wechat.api.AccessToken;
import io.wxgate.wechat.api.TokenResult;
import io.wxgate.wechat.api.WechatError;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;

/** Issues {@code token-1}, {@code token-2}, … and counts the calls; can be told to fail. */
final class CountingTokenSource implements TokenSource {
  private final AtomicInteger calls = new AtomicInteger();
  private final InstantSource clock;
  private final Duration latency;
  private volatile Duration lifetime = Duration.ofSeconds(7200);
  private volatile WechatError failure;
  private volatile RuntimeException thrown;

  /**
   * @param latency how long each call takes, so concurrent callers really overlap
   */
  CountingTokenSource(InstantSource clock, Duration latency) {
    this.clock = clock;
    this.latency = latency;
  }

  CountingTokenSource(InstantSource clock) {
    this(clock, Duration.ZERO);
  }

  @Override
  public TokenResult fetch(String appId) {
    int n = calls.incrementAndGet();
    if (latency.isPositive()) {
      try {
        Thread.sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (thrown != null) throw thrown;
    if (failure != null) return new TokenResult.Failed(failure);
    return new TokenResult.Issued(
        new AccessToken(Secret.of("token-" + n), clock.instant().plus(lifetime)));
  }

  int calls() {
    return calls.get();
  }

  void lifetime(Duration d) {
    lifetime = d;
  }

  void failWith(WechatError e) {
    failure = e;
  }

  void throwing(RuntimeException e) {
    thrown = e;
  }

  void succeed() {
    failure = null;
    thrown = null;
  }
}
