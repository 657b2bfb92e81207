package io.wxgate.outbox;

import io.wxgate.WxgateException;

/** The idempotency key was used before by the same client for a different request body. */
public final class IdempotencyConflict extends WxgateException {
  private final String idempotencyKey;
  private final String existingId;

  public IdempotencyConflict(String idempotencyKey, String existingId) {
    super("idempotency key already used for a different request (message " + existingId + ")");
    this.idempotencyKey = idempotencyKey;
    this.existingId = existingId;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public String existingId() {
    return existingId;
  }
}
