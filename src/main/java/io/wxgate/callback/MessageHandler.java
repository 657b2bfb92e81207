package io.wxgate.callback;

import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import java.util.Optional;

/**
 * Business logic for inbound messages and events. Returns the passive reply, or empty for {@code
 * success}. Runs under the callback deadline; past it WeChat gets {@code success} and the handler
 * is left to finish. May throw: the gateway answers {@code success} and counts the failure.
 */
@FunctionalInterface
public interface MessageHandler {
  Optional<Reply> handle(String appId, InboundMessage message);
}
