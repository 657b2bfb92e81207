package io.wxgate.wechat;

/** A follower scanned a parametric QR code; {@code eventKey} is the scene value (no prefix). */
public record ScanEvent(Header header, String eventKey, String ticket) implements Event {
  public static final String EVENT = "SCAN";

  @Override
  public String event() {
    return EVENT;
  }
}
