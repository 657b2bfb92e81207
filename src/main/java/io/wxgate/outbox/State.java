package io.wxgate.outbox;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an outbound message is in its life. The allowed moves are listed once, here; the store
 * checks the expected current state in every UPDATE, so a move not listed cannot happen.
 *
 * <pre>
 * QUEUED ─▶ SENDING ─▶ SENT ─▶ DELIVERED | FAILED_USER_BLOCK | FAILED_SYSTEM
 *    │         │ ▲
 *    │         ▼ │
 *    │     RETRY_WAIT ─▶ CANCELLED          SENDING ─▶ DEAD ─(operator retry)─▶ QUEUED
 *    └─▶ CANCELLED                          FAILED_* ─(operator retry)─▶ QUEUED
 * </pre>
 */
public enum State {
  QUEUED,
  SENDING,
  RETRY_WAIT,
  SENT,
  DELIVERED,
  FAILED_USER_BLOCK,
  FAILED_SYSTEM,
  DEAD,
  CANCELLED;

  /** States a dispatcher may claim from. */
  static final Set<State> CLAIMABLE = EnumSet.of(QUEUED, RETRY_WAIT);

  /** States the retention purge removes once old enough; SENT included (bizsend has no receipt). */
  static final Set<State> FINISHED =
      EnumSet.of(SENT, DELIVERED, FAILED_USER_BLOCK, FAILED_SYSTEM, DEAD, CANCELLED);

  public boolean canMoveTo(State next) {
    return switch (this) {
      case QUEUED, RETRY_WAIT -> next == SENDING || next == CANCELLED;
      // back to QUEUED/RETRY_WAIT: lease released (shutdown, expiry, AppID paused)
      case SENDING -> next == SENT || next == RETRY_WAIT || next == DEAD || next == QUEUED;
      case SENT -> next == DELIVERED || next == FAILED_USER_BLOCK || next == FAILED_SYSTEM;
      case DEAD, FAILED_USER_BLOCK, FAILED_SYSTEM -> next == QUEUED;
      case DELIVERED, CANCELLED -> false;
    };
  }

  /** True when no dispatcher will ever touch the message again without an operator. */
  public boolean isFinal() {
    return this != QUEUED && this != SENDING && this != RETRY_WAIT;
  }
}
