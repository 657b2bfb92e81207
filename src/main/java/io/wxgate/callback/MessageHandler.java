package io.wxgate.callback;

import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import java.util.Optional;

/**
 * Business logic for inbound messages and events. Returns the passive reply, or empty for {@code
 * success}. Runs under the callback deadline; past it WeChat gets {@code success} and the handler
 * is left to finish. May throw: the gateway answers {@code success} and counts the failure, except
 * for {@link CallbackUnavailable} (the handler could not keep the push, e.g. its store is down),
 * which fails the callback within the deadline so that WeChat delivers the push again.
 */
@FunctionalInterface
public interface MessageHandler {
  Optional<Reply> handle(String appId, InboundMessage message);
}
