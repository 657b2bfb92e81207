package io.wxgate.wechat;

import java.util.Map;

/**
 * A message or event WeChat pushed to the callback URL. Ordinary user messages are {@link
 * UserMessage}s, events are {@link Event}s, anything with an unknown {@code MsgType} is an {@link
 * UnknownMessage}. Every implementation is an immutable record.
 */
public sealed interface InboundMessage permits UserMessage, Event, UnknownMessage {
  Header header();

  default String toUserName() {
    return header().toUserName();
  }

  default String fromUserName() {
    return header().fromUserName();
  }

  default long createTime() {
    return header().createTime();
  }

  default String msgType() {
    return header().msgType();
  }

  /** Every element of the XML by path; see {@link Header}. */
  default Map<String, String> fields() {
    return header().fields();
  }

  /**
   * The key under which WeChat's retries of this push are recognised (wechat-protocol.md §5):
   * {@code MsgId|FromUserName|CreateTime} for messages, {@code
   * FromUserName|CreateTime|Event|EventKey} for events, {@code TEMPLATESENDJOBFINISH|MsgID} for
   * template receipts.
   */
  String dedupKey();
}
