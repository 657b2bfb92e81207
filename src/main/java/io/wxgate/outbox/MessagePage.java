package io.wxgate.outbox;

import java.util.List;

/** One page of {@link Outbox#list}; {@code nextCursor} is null on the last page. */
public record MessagePage(List<OutboundMessage> items, String nextCursor) {
  public MessagePage {
    items = List.copyOf(items);
  }
}
