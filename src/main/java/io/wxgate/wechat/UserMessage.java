package io.wxgate.wechat;

/** An ordinary message a user sent to the account; all carry a 64-bit {@code MsgId}. */
public sealed interface UserMessage extends InboundMessage
    permits TextMessage, ImageMessage, VoiceMessage, VideoMessage, LocationMessage, LinkMessage {
  long msgId();

  @Override
  default String dedupKey() {
    // MsgId alone has been seen to collide across users (WxJava #333).
    return msgId() + "|" + fromUserName() + "|" + createTime();
  }
}
