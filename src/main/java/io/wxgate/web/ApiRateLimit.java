package io.wxgate.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import io.wxgate.WxgateException;
import io.wxgate.config.ApiAuthConfig;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-client request rate on {@code /api}, after {@link ApiAuth}. Over the limit: {@link Exceeded}
 * (429) with a {@code Retry-After} header already set on the response. The limiter is an interface
 * so a Redis-backed one can share the budget across instances. Thread-safe.
 */
public final class ApiRateLimit {
  /**
   * Takes one request from a client's budget: returns 0 when allowed, else how long to wait.
   * Implementations must be thread-safe.
   */
  @FunctionalInterface
  public interface Limiter {
    Duration tryTake(String clientId);
  }

  /** 429: the client used up its budget; retry after {@link #retryAfter()}. */
  public static final class Exceeded extends WxgateException {
    private final Duration retryAfter;

    public Exceeded(String clientId, Duration retryAfter) {
      super("rate limit exceeded for client " + clientId);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }

    /** Whole seconds, at least 1, as {@code Retry-After} wants them. */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  private final Limiter limiter;

  public ApiRateLimit(Limiter limiter) {
    this.limiter = limiter;
  }

  /** In-process Bucket4j buckets, one per client, from the configured rate and burst. */
  public static ApiRateLimit local(ApiAuthConfig config) {
    double rate = config.perClientRate();
    long burst = config.perClientBurst();
    ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    return new ApiRateLimit(
        clientId -> {
          ConsumptionProbe probe =
              buckets
                  .computeIfAbsent(
                      clientId,
                      id ->
                          Bucket.builder()
                              .addLimit(
                                  Bandwidth.builder()
                                      .capacity(burst)
                                      .refillGreedy(
                                          burst, Duration.ofNanos((long) (burst * 1e9 / rate)))
                                      .build())
                              .build())
                  .tryConsumeAndReturnRemaining(1);
          return probe.isConsumed()
              ? Duration.ZERO
              : Duration.ofNanos(probe.getNanosToWaitForRefill());
        });
  }

  /** A before-handler; must run after {@link ApiAuth#authenticate(Context)}. */
  public void check(Context ctx) {
    String clientId = ApiAuth.client(ctx).id();
    Duration wait = limiter.tryTake(clientId);
    if (wait.isZero() || wait.isNegative()) return;
    Exceeded e = new Exceeded(clientId, wait);
    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    throw e;
  }
}
