package io.wxgate.wechat;

/**
 * A passive reply to a push, rendered into the HTTP response by {@code XmlCodec.render}. Immutable
 * records; required fields are checked at construction.
 */
public sealed interface Reply
    permits TextReply,
        ImageReply,
        VoiceReply,
        VideoReply,
        MusicReply,
        NewsReply,
        TransferCustomerServiceReply {
  /** The reply's {@code MsgType}. */
  String msgType();
}
