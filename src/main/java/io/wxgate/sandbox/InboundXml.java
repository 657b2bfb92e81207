package io.wxgate.sandbox;

/**
 * Pushes as WeChat writes them (wechat-protocol.md §4): user messages and events for a gateway's
 * callback URL. {@code toUser} is the account's original id ({@code gh_…}), {@code fromUser} the
 * user's openid, {@code createTime} Unix seconds.
 */
public final class InboundXml {
  private InboundXml() {}

  /** A user's text message. */
  public static String text(
      String toUser, String fromUser, long createTime, String content, long msgId) {
    return header(toUser, fromUser, createTime, "text")
        + "<Content>"
        + cdata(content)
        + "</Content>\n<MsgId>"
        + msgId
        + "</MsgId>\n</xml>";
  }

  /**
   * An event ({@code subscribe}, {@code unsubscribe}, {@code SCAN}, {@code CLICK}, {@code VIEW}, …)
   * with an optional {@code EventKey} (null leaves it out).
   */
  public static String event(
      String toUser, String fromUser, long createTime, String event, String eventKey) {
    String key = eventKey == null ? "" : "<EventKey>" + cdata(eventKey) + "</EventKey>\n";
    return header(toUser, fromUser, createTime, "event")
        + "<Event>"
        + cdata(event)
        + "</Event>\n"
        + key
        + "</xml>";
  }

  /** The receipt of a template send; {@code status} is {@code success} or {@code failed:…}. */
  public static String templateSendJobFinish(
      String toUser, String fromUser, long createTime, long msgId, String status) {
    return header(toUser, fromUser, createTime, "event")
        + "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>\n<MsgID>"
        + msgId
        + "</MsgID>\n<Status>"
        + cdata(status)
        + "</Status>\n</xml>";
  }

  /**
   * The result of one subscription notice sent with {@code bizsend}: {@code errorCode} 0 and {@code
   * errorStatus} {@code success} when it reached the user.
   */
  public static String subscribeMsgSent(
      String toUser,
      String fromUser,
      long createTime,
      String templateId,
      long msgId,
      int errorCode,
      String errorStatus) {
    return header(toUser, fromUser, createTime, "event")
        + "<Event><![CDATA[subscribe_msg_sent_event]]></Event>\n<SubscribeMsgSentEvent>\n<List>\n"
        + "<TemplateId>"
        + cdata(templateId)
        + "</TemplateId>\n<MsgID>"
        + msgId
        + "</MsgID>\n<ErrorCode>"
        + errorCode
        + "</ErrorCode>\n<ErrorStatus>"
        + cdata(errorStatus)
        + "</ErrorStatus>\n</List>\n</SubscribeMsgSentEvent>\n</xml>";
  }

  private static String header(String toUser, String fromUser, long createTime, String type) {
    return "<xml><ToUserName>"
        + cdata(toUser)
        + "</ToUserName>\n<FromUserName>"
        + cdata(fromUser)
        + "</FromUserName>\n<CreateTime>"
        + createTime
        + "</CreateTime>\n<MsgType>"
        + cdata(type)
        + "</MsgType>\n";
  }

  /** A CDATA section; a {@code ]]>} inside is split so it cannot end the section early. */
  static String cdata(String text) {
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
  }
}
