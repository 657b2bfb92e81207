package io.wxgate.wechat;

/**
 * A push whose {@code MsgType} wxgate does not know (e.g. {@code file}); all data is in {@link
 * #fields()}.
 */
public record UnknownMessage(Header header) implements InboundMessage {
  @Override
  public String dedupKey() {
    String msgId = fields().get("MsgId");
    return msgId != null
        ? msgId + "|" + fromUserName() + "|" + createTime()
        : fromUserName() + "|" + createTime() + "|" + msgType();
  }
}
