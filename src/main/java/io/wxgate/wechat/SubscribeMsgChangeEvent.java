package io.wxgate.wechat;

import java.util.List;

/**
 * The user changed subscriptions in the settings (usually {@code reject}); one item per template.
 */
public record SubscribeMsgChangeEvent(Header header, List<SubscriptionItem> items)
    implements Event {
  public static final String EVENT = "subscribe_msg_change_event";

  @Override
  public String event() {
    return EVENT;
  }

  public SubscribeMsgChangeEvent {
    items = List.copyOf(items);
  }
}
