package io.wxgate.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wxgate.config.StateConfig;
import io.wxgate.config.TokenConfig;
import io.wxgate.state.SettableClock;
import io.wxgate.state.SharedState;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.api.WechatError;
import org.junit.jupiter.api.Test;

class TokenMetersPrometheusTest {
  @Test
  void meters_appear_under_their_prometheus_names() {
    SettableClock clock = new SettableClock();
    CountingTokenSource source = new CountingTokenSource(clock);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SharedState state = new SharedState(StateConfig.inProcess(), clock);
        TokenService tokens =
            new TokenService(
                TokenConfig.defaults(), source, state.tokens(), state.locks(), clock, registry)) {
      tokens.get("wx1");
      source.failWith(new WechatError(-1, "system error", ErrorKind.TRANSIENT));
      tokens.invalidate("wx1", "token-1");
      try {
        tokens.get("wx1");
      } catch (TokenUnavailableException expected) {
        // counted below
      }
      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("wxgate_token_refreshes_total{appId=\"wx1\",result=\"ok\"} 1")
          .contains("wxgate_token_refreshes_total{appId=\"wx1\",result=\"error\"} 1")
          .contains("wxgate_token_refresh_failures_total{appId=\"wx1\",kind=\"transient\"} 1")
          .contains("wxgate_token_age_seconds{appId=\"wx1\"}")
          .doesNotContain("token-1");
    }
  }
}
