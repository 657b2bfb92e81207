package io.wxgate.wechat;

/** A {@code video} or {@code shortvideo} message; {@link #msgType()} tells which. */
public record VideoMessage(Header header, long msgId, String mediaId, String thumbMediaId)
    implements UserMessage {}
