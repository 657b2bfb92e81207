package io.wxgate.wechat;

import java.util.List;

/** The user answered a subscription-notice popup; one item per template. */
public record SubscribeMsgPopupEvent(Header header, List<SubscriptionItem> items) implements Event {
  public static final String EVENT = "subscribe_msg_popup_event";

  @Override
  public String event() {
    return EVENT;
  }

  public SubscribeMsgPopupEvent {
    items = List.copyOf(items);
  }
}
