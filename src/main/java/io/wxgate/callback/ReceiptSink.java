package io.wxgate.callback;

/**
 * Where delivery receipts go (the outbox), so the callback half never depends on the outbox itself:
 * {@code TEMPLATESENDJOBFINISH} for template messages and each item of {@code
 * subscribe_msg_sent_event} for subscription notices.
 *
 * <p>May throw (e.g. the database is down): the callback then fails and WeChat retries it.
 */
@FunctionalInterface
public interface ReceiptSink {
  ReceiptSink NONE = (appId, msgId, status) -> {};

  /**
   * WeChat finished sending message {@code msgId}. {@code status} is the raw TEMPLATESENDJOBFINISH
   * {@code Status} ({@code success}, {@code failed:user block}, {@code failed: system failed}, …);
   * for a subscription notice it is {@code success} when its {@code ErrorCode} is 0, else {@code
   * failed:<ErrorCode> <ErrorStatus>}.
   */
  void sendFinished(String appId, long msgId, String status);
}
