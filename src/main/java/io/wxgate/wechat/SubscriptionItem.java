package io.wxgate.wechat;

/**
 * One template in a subscription popup or change event.
 *
 * @param subscribeStatus {@code accept} or {@code reject} ({@code SubscribeStatusString})
 * @param popupScene 1 = H5 page, 2 = article; null when absent (change events)
 */
public record SubscriptionItem(String templateId, String subscribeStatus, Integer popupScene) {}
