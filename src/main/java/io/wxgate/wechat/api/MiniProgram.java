package io.wxgate.wechat.api;

/** Where a message jumps in a mini program. */
public record MiniProgram(String appId, String pagePath) {}
