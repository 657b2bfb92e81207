package io.wxgate.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.wxgate.wechat.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The token meters. In Prometheus: {@code wxgate_token_refreshes_total{appId,result}}, {@code
 * wxgate_token_refresh_failures_total{appId,kind}}, {@code wxgate_token_age_seconds{appId}}.
 */
final class TokenMeters {
  static final String REFRESHES = "wxgate.token.refreshes";
  static final String REFRESH_FAILURES = "wxgate.token.refresh.failures";
  static final String AGE = "wxgate.token.age";

  private final MeterRegistry registry;
  private final List<Meter> registered = new CopyOnWriteArrayList<>();
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

  TokenMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void refreshed(String appId) {
    counter(REFRESHES, "appId", appId, "result", "ok").increment();
  }

  void failed(String appId, ErrorKind kind) {
    counter(REFRESHES, "appId", appId, "result", "error").increment();
    counter(REFRESH_FAILURES, "appId", appId, "kind", kind.name().toLowerCase(Locale.ROOT))
        .increment();
  }

  <T> void age(String appId, T slot, ToDoubleFunction<T> seconds) {
    registered.add(
        Gauge.builder(AGE, slot, seconds)
            .description("Seconds since the current access token was fetched from WeChat")
            .baseUnit("seconds")
            .tag("appId", appId)
            .register(registry));
  }

  private Counter counter(String name, String... tags) {
    List<String> id = new ArrayList<>(List.of(tags));
    id.add(name);
    return counters.computeIfAbsent(
        id,
        k -> {
          Counter c = Counter.builder(name).tags(tags).register(registry);
          registered.add(c);
          return c;
        });
  }

  void close() {
    registered.forEach(registry::remove);
  }
}
