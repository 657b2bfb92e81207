package io.wxgate.forward;

import io.wxgate.WxgateException;

/** A delivery list request with a bad filter, cursor or limit (HTTP 400). */
public final class InvalidDeliveryQuery extends WxgateException {
  public InvalidDeliveryQuery(String message) {
    super(message);
  }
}
