package io.wxgate.token;

import io.wxgate.wechat.api.TokenResult;

/**
 * Where new access tokens come from: WeChat's {@code stable_token} or {@code token} endpoint (see
 * {@link WechatTokenSource}), or a fake in tests. Implementations are thread-safe and report
 * failures as {@link TokenResult.Failed}; the expiry they return is on the same clock as the {@link
 * TokenService} using them.
 */
public interface TokenSource {
  TokenResult fetch(String appId);
}
