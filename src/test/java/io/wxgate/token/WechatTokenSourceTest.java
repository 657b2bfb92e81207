package io.wxgate.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.TokenConfig;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.api.TokenResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WechatTokenSourceTest {
  @Test
  void an_app_id_without_a_secret_fails_as_a_config_error_without_calling_wechat() {
    // No WechatApi: the unknown AppID must be answered before any call.
    TokenSource source = new WechatTokenSource(null, TokenConfig.Api.STABLE, Map.of());
    TokenResult result = source.fetch("wx-unknown");
    assertThat(result)
        .isInstanceOfSatisfying(
            TokenResult.Failed.class,
            f -> {
              assertThat(f.error().errcode()).isEqualTo(40013);
              assertThat(f.error().kind()).isEqualTo(ErrorKind.CONFIG);
            });
  }
}
