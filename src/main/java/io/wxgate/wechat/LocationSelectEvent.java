package io.wxgate.wechat;

/**
 * The user picked a location from a {@code location_select} menu button ({@code SendLocationInfo}).
 */
public record LocationSelectEvent(
    Header header,
    String eventKey,
    double latitude,
    double longitude,
    int scale,
    String label,
    String poiname)
    implements Event {
  public static final String EVENT = "location_select";

  @Override
  public String event() {
    return EVENT;
  }
}
