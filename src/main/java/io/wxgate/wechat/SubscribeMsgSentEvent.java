package io.wxgate.wechat;

import java.util.List;

/** Delivery results of subscription notices sent with {@code bizsend}. */
public record SubscribeMsgSentEvent(Header header, List<SubscriptionSentItem> items)
    implements Event {
  public static final String EVENT = "subscribe_msg_sent_event";

  @Override
  public String event() {
    return EVENT;
  }

  public SubscribeMsgSentEvent {
    items = List.copyOf(items);
  }
}
