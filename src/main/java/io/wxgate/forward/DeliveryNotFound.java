package io.wxgate.forward;

import io.wxgate.WxgateException;

/** No delivery has this id (HTTP 404). */
public final class DeliveryNotFound extends WxgateException {
  private final String id;

  public DeliveryNotFound(String id) {
    super("no delivery " + id);
    this.id = id;
  }

  public String id() {
    return id;
  }
}
