package io.wxgate.wechat;

/** An event wxgate does not model; all data is in {@link #fields()}. Never an error. */
public record UnknownEvent(Header header, String event) implements Event {}
