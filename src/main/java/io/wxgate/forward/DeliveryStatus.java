package io.wxgate.forward;

import java.util.Locale;

/**
 * Where a delivery is: {@code PENDING} (new, or waiting for its next attempt) → {@code DELIVERING}
 * (claimed with a lease) → {@code DELIVERED}, back to {@code PENDING} after a failed attempt, or
 * {@code DEAD} (gave up; the reason is kept). An operator may move {@code DEAD} back to {@code
 * PENDING}.
 */
public enum DeliveryStatus {
  PENDING,
  DELIVERING,
  DELIVERED,
  DEAD;

  /**
   * @throws InvalidDeliveryQuery when {@code s} names no status
   */
  public static DeliveryStatus parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidDeliveryQuery("status must be pending, delivering, delivered or dead");
    }
  }
}
