package io.wxgate.outbox;

/**
 * The answer to an enqueue: the message's id and current status; {@code created} is false when an
 * earlier request with the same idempotency key and body already created it.
 */
public record Enqueued(String id, State status, boolean created) {}
