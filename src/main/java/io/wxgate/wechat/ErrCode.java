package io.wxgate.wechat;

/** Classifies WeChat errcodes once, for every caller. */
public final class ErrCode {
  private ErrCode() {}

  /** The kind of an errcode returned by a send (template, bizsend) or other API call. */
  public static ErrorKind kindOf(int errcode) {
    throw new UnsupportedOperationException("TODO");
  }
}
