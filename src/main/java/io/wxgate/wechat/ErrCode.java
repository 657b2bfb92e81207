package io.wxgate.wechat;

/**
 * Classifies WeChat errcodes once, for every caller (wechat-protocol.md §8).
 *
 * <p>Codes not in the table are {@link ErrorKind#PERMANENT}: retrying an error we do not understand
 * only burns quota, and the raw errcode and errmsg stay on the message for a human. Negative codes
 * other than -1 are {@link ErrorKind#TRANSIENT} like -1, because WeChat uses them for its own
 * internal failures.
 */
public final class ErrCode {
  public static final int OK = 0;
  public static final int SYSTEM_BUSY = -1;
  public static final int INVALID_CREDENTIAL = 40001;
  public static final int INVALID_GRANT_TYPE = 40002;
  public static final int INVALID_OPENID = 40003;
  public static final int INVALID_APPID = 40013;
  public static final int INVALID_ACCESS_TOKEN = 40014;
  public static final int INVALID_TEMPLATE_ID = 40037;
  public static final int INVALID_APPSECRET = 40125;
  public static final int IP_NOT_WHITELISTED = 40164;
  public static final int APPSECRET_FROZEN = 40243;
  public static final int ACCESS_TOKEN_MISSING = 41001;
  public static final int APPID_MISSING = 41002;
  public static final int APPSECRET_MISSING = 41004;
  public static final int ACCESS_TOKEN_EXPIRED = 42001;
  public static final int REQUIRE_SUBSCRIBE = 43004;
  public static final int USER_REFUSED = 43101;
  public static final int QUOTA_EXHAUSTED = 45009;
  public static final int TOO_FREQUENT = 45011;
  public static final int CUSTOMER_SERVICE_LIMIT = 45047;
  public static final int DATA_FORMAT_ERROR = 47001;
  public static final int ARGUMENT_INVALID = 47003;
  public static final int API_UNAUTHORIZED = 48001;
  public static final int CLEAR_QUOTA_LIMIT = 48006;
  public static final int USER_UNAUTHORIZED = 50001;
  public static final int USER_RESTRICTED = 50002;

  private ErrCode() {}

  /**
   * The kind of an errcode returned by a send (template, bizsend) or another call made with an
   * access token. There 40001 means the token is invalid or not the latest.
   */
  public static ErrorKind kindOf(int errcode) {
    return switch (errcode) {
      case OK -> ErrorKind.OK;
      case SYSTEM_BUSY -> ErrorKind.TRANSIENT;
      case INVALID_CREDENTIAL, INVALID_ACCESS_TOKEN, ACCESS_TOKEN_EXPIRED, ACCESS_TOKEN_MISSING ->
          ErrorKind.TOKEN_INVALID;
      case TOO_FREQUENT -> ErrorKind.RATE_LIMITED;
      case QUOTA_EXHAUSTED -> ErrorKind.QUOTA_EXHAUSTED;
      case INVALID_GRANT_TYPE,
          INVALID_APPID,
          INVALID_APPSECRET,
          IP_NOT_WHITELISTED,
          APPSECRET_FROZEN,
          APPID_MISSING,
          APPSECRET_MISSING ->
          ErrorKind.CONFIG;
      case 89501, 89502, 89503, 89504, 89505, 89506, 89507 -> ErrorKind.ADMIN_HOLD;
      default -> errcode < 0 ? ErrorKind.TRANSIENT : ErrorKind.PERMANENT;
    };
  }

  /**
   * The kind of an errcode returned by {@code /cgi-bin/token} or {@code /cgi-bin/stable_token}.
   * There 40001 means the AppSecret is wrong, a configuration problem no token refresh can fix.
   */
  public static ErrorKind kindOfTokenCall(int errcode) {
    return errcode == INVALID_CREDENTIAL ? ErrorKind.CONFIG : kindOf(errcode);
  }
}
