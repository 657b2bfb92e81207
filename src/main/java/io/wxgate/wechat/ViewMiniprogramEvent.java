package io.wxgate.wechat;

/** A menu button opened a mini program; {@code eventKey} is the page path. */
public record ViewMiniprogramEvent(Header header, String eventKey, String menuId) implements Event {
  public static final String EVENT = "view_miniprogram";

  @Override
  public String event() {
    return EVENT;
  }
}
