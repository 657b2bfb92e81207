package io.wxgate.outbox;

import io.wxgate.WxgateException;

/**
 * A dispatcher tried to finish a message it no longer holds: its lease expired and the reaper or
 * another instance took the message. The other holder's outcome stands.
 */
final class LeaseLost extends WxgateException {
  LeaseLost(String id, String owner) {
    super("lease on message " + id + " no longer held by " + owner);
  }
}
