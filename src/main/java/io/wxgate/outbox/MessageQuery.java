package io.wxgate.outbox;

import java.time.Instant;

/**
 * Filters for {@link Outbox#list}; every filter may be null. {@code from} is inclusive and {@code
 * to} exclusive on the creation time. {@code cursor} is the {@code nextCursor} of the previous
 * page. Results are newest first.
 */
public record MessageQuery(
    State status, String appId, String toUser, Instant from, Instant to, String cursor, int limit) {
  public static final int MAX_LIMIT = 500;

  public MessageQuery {
    if (limit == 0) limit = 50;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidMessage(
          java.util.List.of(new FieldError("limit", "must be between 1 and " + MAX_LIMIT)));
    }
  }

  public static MessageQuery all() {
    return new MessageQuery(null, null, null, null, null, null, 0);
  }
}
