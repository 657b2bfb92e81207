package io.wxgate.outbox;

/** What {@link Outbox#markDelivered} did with a receipt. */
public enum ReceiptOutcome {
  /** The SENT message with that msgid moved to its final state. */
  APPLIED,
  /** The message already had its receipt (WeChat repeats callbacks) or is no longer SENT. */
  DUPLICATE,
  /**
   * No message has that msgid yet: the receipt is kept and applied when the send is recorded (the
   * receipt can overtake the send's commit). Receipts for messages another system sent with the
   * same AppID end here too and are purged with the retention.
   */
  EARLY
}
