package io.wxgate.outbox;

import java.util.Locale;

/** TEMPLATESENDJOBFINISH {@code Status} strings to states (wechat-protocol.md §4). */
final class Receipts {
  private Receipts() {}

  /**
   * {@code success} → DELIVERED; {@code failed:user block} → FAILED_USER_BLOCK; anything else
   * ({@code failed: system failed}, {@code failed:freq limit}, unknown) → FAILED_SYSTEM. Spacing
   * and case vary between WeChat's docs and reality, so they are ignored.
   */
  static State stateOf(String raw) {
    String s = raw == null ? "" : raw.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    if (s.equals("success")) return State.DELIVERED;
    if (s.equals("failed:userblock")) return State.FAILED_USER_BLOCK;
    return State.FAILED_SYSTEM;
  }
}
