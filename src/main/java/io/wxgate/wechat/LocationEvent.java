package io.wxgate.wechat;

/** The periodic location report (when the account asks for it). */
public record LocationEvent(Header header, double latitude, double longitude, double precision)
    implements Event {
  public static final String EVENT = "LOCATION";

  @Override
  public String event() {
    return EVENT;
  }
}
