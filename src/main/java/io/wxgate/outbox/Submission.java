package io.wxgate.outbox;

/**
 * A request to enqueue, with who sent it. {@code clientId} scopes the {@code idempotencyKey} (two
 * clients may use the same key); {@code idempotencyKey} and {@code traceId} may be null.
 */
public record Submission(
    SendRequest request, String clientId, String idempotencyKey, String traceId) {
  public static final int MAX_KEY_LENGTH = 255;

  public Submission {
    if (clientId == null || clientId.isBlank()) clientId = "internal";
  }
}
