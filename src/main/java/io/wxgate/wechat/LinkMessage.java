package io.wxgate.wechat;

/** A link message. */
public record LinkMessage(Header header, long msgId, String title, String description, String url)
    implements UserMessage {}
