package io.wxgate.wechat.api;

/** The outcome of a {@code token} or {@code stable_token} call. */
public sealed interface TokenResult {
  record Issued(AccessToken token) implements TokenResult {}

  record Failed(WechatError error) implements TokenResult {}
}
