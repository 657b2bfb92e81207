package io.wxgate.wechat;

/** An image message. */
public record ImageMessage(Header header, long msgId, String picUrl, String mediaId)
    implements UserMessage {}
