package io.wxgate.token;

import io.wxgate.config.TokenConfig;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.api.TokenResult;
import io.wxgate.wechat.api.WechatApi;
import io.wxgate.wechat.api.WechatError;
import java.util.Map;

/**
 * Tokens from WeChat: {@code stable_token} in normal mode (never {@code force_refresh}, which would
 * invalidate the token for every other system sharing the AppID) or the classic {@code token}
 * endpoint.
 */
public final class WechatTokenSource implements TokenSource {
  private final WechatApi api;
  private final TokenConfig.Api endpoint;
  private final Map<String, Secret> secrets;

  /**
   * @param secrets the AppSecret of every AppID this gateway sends for
   */
  public WechatTokenSource(WechatApi api, TokenConfig.Api endpoint, Map<String, Secret> secrets) {
    this.api = api;
    this.endpoint = endpoint;
    this.secrets = Map.copyOf(secrets);
  }

  @Override
  public TokenResult fetch(String appId) {
    Secret secret = secrets.get(appId);
    if (secret == null) {
      return new TokenResult.Failed(
          new WechatError(40013, "no AppSecret configured for this AppID", ErrorKind.CONFIG));
    }
    return switch (endpoint) {
      case STABLE -> api.stableToken(appId, secret, false);
      case CLASSIC -> api.token(appId, secret);
    };
  }
}
