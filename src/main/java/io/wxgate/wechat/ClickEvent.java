package io.wxgate.wechat;

/** A click on a menu button; {@code eventKey} is the button key. */
public record ClickEvent(Header header, String eventKey) implements Event {
  public static final String EVENT = "CLICK";

  @Override
  public String event() {
    return EVENT;
  }
}
