package io.wxgate.callback;

import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import java.util.Optional;

/** Wraps every routed handler (logging, metrics, auditing); call {@code next} to continue. */
@FunctionalInterface
public interface Interceptor {
  Optional<Reply> intercept(String appId, InboundMessage message, MessageHandler next);
}
