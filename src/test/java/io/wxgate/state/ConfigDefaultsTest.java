package io.wxgate.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.config.StateConfig;
import io.wxgate.config.TokenConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {
  @Test
  void state_config_defaults_to_in_process_with_short_redis_timeouts() {
    StateConfig c = StateConfig.inProcess();
    assertThat(c.redisUri()).isNull();
    assertThat(c.keyPrefix()).isEqualTo("wxgate:");
    assertThat(c.commandTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void state_config_names_the_bad_setting() {
    assertThatThrownBy(() -> new StateConfig(URI.create("http://x"), null, null, null))
        .hasMessageContaining("state.redisUri");
    assertThatThrownBy(() -> new StateConfig(null, " ", null, null))
        .hasMessageContaining("state.keyPrefix");
    assertThatThrownBy(() -> new StateConfig(null, null, Duration.ZERO, null))
        .hasMessageContaining("state.commandTimeout");
  }

  @Test
  void token_config_defaults_to_stable_token_and_a_five_minute_margin() {
    TokenConfig c = TokenConfig.defaults();
    assertThat(c.api()).isEqualTo(TokenConfig.Api.STABLE);
    assertThat(c.refreshMargin()).isEqualTo(Duration.ofSeconds(300));
    assertThatThrownBy(
            () -> new TokenConfig(null, Duration.ofSeconds(-1), null, null, null, null, null))
        .hasMessageContaining("token.refreshMargin");
  }

  @Test
  void rate_spec_rejects_an_empty_bucket() {
    assertThatThrownBy(() -> new RateSpec(0, Duration.ofSeconds(1)))
        .hasMessageContaining("permits");
  }
}
