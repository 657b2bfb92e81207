package io.wxgate.forward;

import java.util.List;

/** One page of {@link Deliveries#list}; {@code nextCursor} is null on the last page. */
public record DeliveryPage(List<Delivery> items, String nextCursor) {
  public DeliveryPage {
    items = List.copyOf(items);
  }
}
