package io.wxgate.wechat;

/** An unfollow. */
public record UnsubscribeEvent(Header header) implements Event {
  public static final String EVENT = "unsubscribe";

  @Override
  public String event() {
    return EVENT;
  }
}
