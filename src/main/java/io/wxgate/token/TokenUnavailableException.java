package io.wxgate.token;

import io.wxgate.WxgateException;

/** No access token could be obtained for an AppID; carries WeChat's errcode when there was one. */
public final class TokenUnavailableException extends WxgateException {
  private final String appId;
  private final int errcode;

  public TokenUnavailableException(String appId, int errcode, String message) {
    super(message);
    this.appId = appId;
    this.errcode = errcode;
  }

  public String appId() {
    return appId;
  }

  /** WeChat's errcode, or -1 when the failure was not a WeChat answer (timeout, I/O). */
  public int errcode() {
    return errcode;
  }
}
