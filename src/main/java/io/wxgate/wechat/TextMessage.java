package io.wxgate.wechat;

/**
 * A text message. {@code msgDataId} and {@code idx} (1-based) are set only when sent from an
 * article, else null.
 */
public record TextMessage(Header header, long msgId, String content, String msgDataId, Integer idx)
    implements UserMessage {}
