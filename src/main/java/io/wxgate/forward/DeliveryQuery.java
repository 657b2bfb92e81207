package io.wxgate.forward;

/**
 * Filters for {@link Deliveries#list}; every filter may be null. Results are newest first; {@code
 * cursor} is the {@code nextCursor} of the previous page. {@code limit} 0 means 50.
 */
public record DeliveryQuery(
    DeliveryStatus status, String target, String appId, String cursor, int limit) {
  public static final int MAX_LIMIT = 500;

  public DeliveryQuery {
    if (limit == 0) limit = 50;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidDeliveryQuery("limit must be between 1 and " + MAX_LIMIT);
    }
    if (cursor != null && !cursor.matches("[0-9A-Z]{26}")) {
      throw new InvalidDeliveryQuery("cursor is not one this API returned");
    }
  }

  public static DeliveryQuery all() {
    return new DeliveryQuery(null, null, null, null, 0);
  }

  public static DeliveryQuery withStatus(DeliveryStatus status) {
    return new DeliveryQuery(status, null, null, null, 0);
  }
}
