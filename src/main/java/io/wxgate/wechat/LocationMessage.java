package io.wxgate.wechat;

/** A location message: {@code Location_X} is the latitude, {@code Location_Y} the longitude. */
public record LocationMessage(
    Header header, long msgId, double latitude, double longitude, int scale, String label)
    implements UserMessage {}
