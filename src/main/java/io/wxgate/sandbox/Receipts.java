package io.wxgate.sandbox;

/** Placeholder until the protocol crypto lands: receipts are not pushed yet. */
final class Receipts implements AutoCloseable {
  void templateFinished(String appId, String openId, long msgId, String status) {}

  @Override
  public void close() {}
}
