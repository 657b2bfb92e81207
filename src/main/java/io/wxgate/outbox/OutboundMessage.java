package io.wxgate.outbox;

import java.time.Instant;

/**
 * One accepted message as stored. {@code attempts} counts the attempts that burned the budget
 * (45009 and the first token error do not); {@code wechatMsgId} is WeChat's msgid once SENT; {@code
 * receiptStatus} is the raw TEMPLATESENDJOBFINISH status; {@code lastError} says why the message is
 * waiting, dead or failed.
 */
public record OutboundMessage(
    String id,
    SendRequest request,
    State status,
    int attempts,
    Instant nextAttemptAt,
    Long wechatMsgId,
    String clientId,
    String idempotencyKey,
    String traceId,
    String lastError,
    String receiptStatus,
    Instant createdAt,
    Instant updatedAt,
    Instant deliveredAt) {

  public String appId() {
    return request.appId();
  }
}
