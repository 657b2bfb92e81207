package io.wxgate.forward;

import java.time.Instant;

/**
 * One event on its way to one durable target, as the operations API shows it.
 *
 * @param kind {@code WEBHOOK} or {@code RABBITMQ}
 * @param event the forwarded event as JSON text
 * @param lastError the reason of the last failed attempt, or why it is DEAD
 */
public record Delivery(
    String id,
    String eventId,
    String appId,
    String openId,
    String target,
    String kind,
    DeliveryStatus status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant createdAt,
    Instant updatedAt,
    Instant deliveredAt,
    String event) {}
