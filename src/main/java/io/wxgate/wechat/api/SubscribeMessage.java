package io.wxgate.wechat.api;

import java.util.Map;

/** A subscription notice as {@code /cgi-bin/message/subscribe/bizsend} takes it. */
public record SubscribeMessage(
    String toUser,
    String templateId,
    String page,
    MiniProgram miniProgram,
    Map<String, DataValue> data) {}
