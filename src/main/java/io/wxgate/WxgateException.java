package io.wxgate;

/**
 * Root of wxgate's own unchecked exceptions. Messages never contain secrets; {@code web} maps each
 * subtype to an HTTP status in one place.
 */
public class WxgateException extends RuntimeException {
  public WxgateException(String message) {
    super(message);
  }

  public WxgateException(String message, Throwable cause) {
    super(message, cause);
  }
}
