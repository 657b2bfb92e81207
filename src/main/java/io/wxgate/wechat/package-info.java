/**
 * The WeChat Official Account protocol vocabulary. Inbound pushes are {@link
 * io.wxgate.wechat.InboundMessage}, a sealed family of records ({@link
 * io.wxgate.wechat.UserMessage} for ordinary messages, {@link io.wxgate.wechat.Event} for events,
 * unknown kinds kept as {@link io.wxgate.wechat.UnknownMessage} / {@link
 * io.wxgate.wechat.UnknownEvent}), each with the raw {@code fields()} and a {@code dedupKey()}.
 * Passive replies are {@link io.wxgate.wechat.Reply}. Sub-packages: {@code crypto} (signatures,
 * AES), {@code xml} (codec), {@code api} (HTTP client). This package imports nothing of wxgate's
 * except {@code io.wxgate.WxgateException}.
 */
package io.wxgate.wechat;
