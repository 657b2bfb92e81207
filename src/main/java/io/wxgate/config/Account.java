package io.wxgate.config;

import io.wxgate.wechat.Secret;

/**
 * One Official Account served by this gateway. {@code secret} may be null for an inbound-only
 * account; {@code aesKey} (43 chars) is required for compatible and safe mode; {@code
 * previousAesKey} is the key before the last rotation, tried when the current one fails to decrypt.
 */
public record Account(
    String appId, Secret secret, Secret token, Secret aesKey, Secret previousAesKey, Mode mode) {

  /**
   * The message-security mode chosen in the MP console; inbound requests are detected per request.
   */
  public enum Mode {
    PLAINTEXT,
    COMPATIBLE,
    SAFE
  }
}
