package io.wxgate.forward;

import java.util.Map;

/**
 * The one JSON shape every forwarded message and event has (docs/events.md). Field names are a
 * stable contract; fields that do not apply are present and null.
 *
 * @param id unique per inbound push (a ULID); the same on every delivery and retry of it, so
 *     receivers de-duplicate on it
 * @param appId the account's AppID
 * @param toUserName the account's original id ({@code gh_…})
 * @param type WeChat's {@code MsgType}: {@code text}, {@code image}, …, {@code event}
 * @param event the {@code Event} value as WeChat sends it ({@code subscribe}, {@code CLICK}, {@code
 *     TEMPLATESENDJOBFINISH}), null for messages
 * @param eventKey the {@code EventKey}, null when the event has none and for messages
 * @param openId the user ({@code FromUserName})
 * @param msgId WeChat's 64-bit {@code MsgId}/{@code MsgID} as a string (it overflows JavaScript
 *     numbers), null when absent
 * @param createTime WeChat's {@code CreateTime}, Unix seconds
 * @param receivedAt when wxgate received it, ISO-8601 UTC
 * @param data the typed fields of this type, camelCase (see docs/events.md)
 * @param raw every XML element by path, exactly as received
 */
public record ForwardEvent(
    String id,
    String appId,
    String toUserName,
    String type,
    String event,
    String eventKey,
    String openId,
    String msgId,
    long createTime,
    String receivedAt,
    Map<String, Object> data,
    Map<String, String> raw) {}
