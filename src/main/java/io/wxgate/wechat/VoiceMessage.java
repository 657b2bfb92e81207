package io.wxgate.wechat;

/** A voice message; {@code recognition} is null unless voice recognition is on. */
public record VoiceMessage(
    Header header, long msgId, String mediaId, String format, String recognition)
    implements UserMessage {}
