package io.wxgate.wechat;

/**
 * A scan from a {@code scancode_push} or {@code scancode_waitmsg} menu button ({@code
 * ScanCodeInfo}); {@code scanType} is e.g. {@code qrcode}, {@code scanResult} the decoded text.
 */
public record ScanCodeEvent(
    Header header, String event, String eventKey, String scanType, String scanResult)
    implements Event {
  public static final String PUSH = "scancode_push";
  public static final String WAITMSG = "scancode_waitmsg";
}
