package io.wxgate.callback;

/**
 * Where {@code TEMPLATESENDJOBFINISH} receipts go (the outbox), so the callback half never depends
 * on the outbox itself.
 */
@FunctionalInterface
public interface ReceiptSink {
  ReceiptSink NONE = (appId, msgId, status) -> {};

  /** WeChat finished sending template message {@code msgId} with {@code status} (raw string). */
  void templateFinished(String appId, long msgId, String status);
}
