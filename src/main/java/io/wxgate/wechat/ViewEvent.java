package io.wxgate.wechat;

/**
 * A menu link was opened; {@code eventKey} is the URL, {@code menuId} set for conditional menus
 * (else null).
 */
public record ViewEvent(Header header, String eventKey, String menuId) implements Event {
  public static final String EVENT = "VIEW";

  @Override
  public String event() {
    return EVENT;
  }
}
