package io.wxgate.forward;

import io.wxgate.WxgateException;

/** Only a DEAD delivery can be retried by hand; this one is not (HTTP 409). */
public final class DeliveryNotRetryable extends WxgateException {
  private final String id;
  private final DeliveryStatus status;

  public DeliveryNotRetryable(String id, DeliveryStatus status) {
    super("delivery " + id + " is " + status + "; only DEAD deliveries can be retried");
    this.id = id;
    this.status = status;
  }

  public String id() {
    return id;
  }

  public DeliveryStatus status() {
    return status;
  }
}
