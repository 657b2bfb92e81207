package io.wxgate.wechat;

/**
 * Receipt of a template message: {@code msgId} is the {@code msgid} the send call returned ({@code
 * MsgID} in the XML); {@code status} is {@code success}, {@code failed:user block}, {@code failed:
 * system failed} or another {@code failed:*} string, kept raw.
 */
public record TemplateSendJobFinishEvent(Header header, long msgId, String status)
    implements Event {
  public static final String EVENT = "TEMPLATESENDJOBFINISH";

  @Override
  public String event() {
    return EVENT;
  }

  public boolean delivered() {
    return "success".equals(status);
  }

  public boolean blockedByUser() {
    return "failed:user block".equals(status);
  }

  @Override
  public String eventKey() {
    return "";
  }

  @Override
  public String dedupKey() {
    return EVENT + "|" + msgId;
  }
}
