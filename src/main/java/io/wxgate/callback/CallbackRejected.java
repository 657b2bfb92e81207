package io.wxgate.callback;

import io.wxgate.WxgateException;

/**
 * A callback request was refused before it reached any handler. The message is short, safe to show
 * the caller and to log: it never contains secrets or the request body.
 */
public final class CallbackRejected extends WxgateException {
  /** Why; {@code web} maps each reason to an HTTP status. */
  public enum Reason {
    UNKNOWN_APP,
    MISSING_PARAMETER,
    BAD_TIMESTAMP,
    STALE_TIMESTAMP,
    BAD_SIGNATURE,
    UNSUPPORTED_MEDIA_TYPE,
    BODY_TOO_LARGE,
    MALFORMED_XML,
    FORBIDDEN_XML,
    UNSUPPORTED_ENCRYPTION,
    BAD_CIPHERTEXT,
    APPID_MISMATCH,
    NOT_CONFIGURED_FOR_ENCRYPTION;

    /** Lower-case name used in metrics and error bodies. */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Reason reason;

  public CallbackRejected(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
