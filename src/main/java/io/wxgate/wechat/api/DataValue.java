package io.wxgate.wechat.api;

/** One template placeholder value; {@code color} may be null. */
public record DataValue(String value, String color) {}
