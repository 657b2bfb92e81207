package io.wxgate.outbox;

import io.wxgate.wechat.api.SendResult;
import io.wxgate.wechat.api.SubscribeMessage;
import io.wxgate.wechat.api.TemplateMessage;
import io.wxgate.wechat.api.WechatApi;

/**
 * Sends one message to WeChat (or the sandbox). Must not throw for WeChat or transport failures:
 * they come back as {@link SendResult.Failed}; a thrown exception is treated as a transient
 * failure.
 */
@FunctionalInterface
public interface Sender {
  SendResult send(String accessToken, OutboundMessage message);

  /** The production sender: template send or bizsend; {@code client_msg_id} is the message id. */
  static Sender wechat(WechatApi api) {
    return (token, m) ->
        switch (m.request().type()) {
          case TEMPLATE -> api.sendTemplate(token, templateOf(m));
          case SUBSCRIBE -> api.sendSubscribe(token, subscribeOf(m));
        };
  }

  static TemplateMessage templateOf(OutboundMessage m) {
    SendRequest r = m.request();
    return new TemplateMessage(
        r.toUser(), r.templateId(), r.url(), r.miniProgram(), m.id(), r.data());
  }

  static SubscribeMessage subscribeOf(OutboundMessage m) {
    SendRequest r = m.request();
    return new SubscribeMessage(r.toUser(), r.templateId(), r.page(), r.miniProgram(), r.data());
  }
}
