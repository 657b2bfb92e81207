package io.wxgate.wechat;

/**
 * The delivery result of one subscription notice.
 *
 * @param msgId {@code MsgID} as sent, kept as text (its range is not documented)
 * @param errorCode 0 on success
 * @param errorStatus e.g. {@code success}
 */
public record SubscriptionSentItem(
    String templateId, String msgId, int errorCode, String errorStatus) {}
