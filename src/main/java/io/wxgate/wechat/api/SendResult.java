package io.wxgate.wechat.api;

import java.time.Duration;

/** The outcome of a template send or subscription notice, with the call's latency. */
public sealed interface SendResult {
  Duration latency();

  /** {@code msgId} is WeChat's msgid, or null when WeChat gave none (bizsend). */
  record Sent(Long msgId, Duration latency) implements SendResult {}

  record Failed(WechatError error, Duration latency) implements SendResult {}
}
