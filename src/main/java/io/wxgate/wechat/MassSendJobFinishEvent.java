package io.wxgate.wechat;

/**
 * Result of a mass send ({@code Status}: {@code send success}, {@code send fail}, {@code
 * err(NNNNN)}).
 */
public record MassSendJobFinishEvent(
    Header header,
    long msgId,
    String status,
    int totalCount,
    int filterCount,
    int sentCount,
    int errorCount)
    implements Event {
  public static final String EVENT = "MASSSENDJOBFINISH";

  @Override
  public String event() {
    return EVENT;
  }
}
