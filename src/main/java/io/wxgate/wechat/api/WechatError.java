package io.wxgate.wechat.api;

import io.wxgate.wechat.ErrorKind;

/**
 * WeChat's answer when a call failed, or a transport failure shaped like one (errcode -1, kind
 * TRANSIENT). {@code errmsg} never contains an access token.
 */
public record WechatError(int errcode, String errmsg, ErrorKind kind) {}
