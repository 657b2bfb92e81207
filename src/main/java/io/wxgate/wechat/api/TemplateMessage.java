package io.wxgate.wechat.api;

import java.util.Map;

/**
 * A template message as {@code /cgi-bin/message/template/send} takes it. {@code url}, {@code
 * miniProgram} and {@code clientMsgId} may be null; {@code data} keeps insertion order.
 */
public record TemplateMessage(
    String toUser,
    String templateId,
    String url,
    MiniProgram miniProgram,
    String clientMsgId,
    Map<String, DataValue> data) {}
