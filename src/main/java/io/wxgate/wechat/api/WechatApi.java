package io.wxgate.wechat.api;

import io.wxgate.wechat.Secret;

/**
 * WeChat's HTTP API on {@code java.net.http}. Thread-safe; one instance per gateway. Never throws
 * for WeChat or transport failures: they come back as {@code Failed} results. Access tokens are
 * redacted from every message it produces.
 */
public final class WechatApi implements AutoCloseable {
  public WechatApi(io.wxgate.config.WechatApiConfig config) {
    throw new UnsupportedOperationException("TODO");
  }

  public TokenResult token(String appId, Secret secret) {
    throw new UnsupportedOperationException("TODO");
  }

  public TokenResult stableToken(String appId, Secret secret, boolean forceRefresh) {
    throw new UnsupportedOperationException("TODO");
  }

  public SendResult sendTemplate(String accessToken, TemplateMessage message) {
    throw new UnsupportedOperationException("TODO");
  }

  public SendResult sendSubscribe(String accessToken, SubscribeMessage message) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {}
}
