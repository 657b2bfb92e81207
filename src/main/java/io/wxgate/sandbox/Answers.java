package io.wxgate.sandbox;

import io.wxgate.wechat.ErrCode;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** WeChat's errmsg strings, including the request hint WeChat appends to every error. */
final class Answers {
  private static final Map<Integer, String> ERRMSG =
      Map.ofEntries(
          Map.entry(ErrCode.SYSTEM_BUSY, "system error"),
          Map.entry(
              ErrCode.INVALID_CREDENTIAL,
              "invalid credential, access_token is invalid or not latest"),
          Map.entry(ErrCode.INVALID_GRANT_TYPE, "invalid grant_type"),
          Map.entry(ErrCode.INVALID_OPENID, "invalid openid"),
          Map.entry(ErrCode.INVALID_APPID, "invalid appid"),
          Map.entry(ErrCode.INVALID_ACCESS_TOKEN, "invalid access_token"),
          Map.entry(ErrCode.INVALID_TEMPLATE_ID, "invalid template_id"),
          Map.entry(ErrCode.INVALID_APPSECRET, "invalid appsecret"),
          Map.entry(ErrCode.IP_NOT_WHITELISTED, "invalid ip, not in whitelist"),
          Map.entry(ErrCode.APPSECRET_FROZEN, "appsecret is frozen"),
          Map.entry(ErrCode.ACCESS_TOKEN_MISSING, "access_token missing"),
          Map.entry(ErrCode.APPID_MISSING, "appid missing"),
          Map.entry(ErrCode.APPSECRET_MISSING, "appsecret missing"),
          Map.entry(ErrCode.ACCESS_TOKEN_EXPIRED, "access_token expired"),
          Map.entry(ErrCode.REQUIRE_SUBSCRIBE, "require subscribe"),
          Map.entry(ErrCode.USER_REFUSED, "user refuse to accept the msg"),
          Map.entry(ErrCode.QUOTA_EXHAUSTED, "api freq out of limit"),
          Map.entry(
              ErrCode.TOO_FREQUENT, "api minute-quota reach limit mustslower retry next minute"),
          Map.entry(ErrCode.DATA_FORMAT_ERROR, "data format error"),
          Map.entry(ErrCode.ARGUMENT_INVALID, "argument invalid!"),
          Map.entry(ErrCode.API_UNAUTHORIZED, "api unauthorized"),
          Map.entry(ErrCode.USER_UNAUTHORIZED, "user unauthorized"),
          Map.entry(ErrCode.USER_RESTRICTED, "user limited"),
          Map.entry(89503, "risky call, waiting for the admin to confirm"));

  private Answers() {}

  /** WeChat's errmsg for this errcode, with a hint as WeChat appends; {@code ok} for 0. */
  static String errmsg(int errcode) {
    return errcode == ErrCode.OK ? "ok" : withHint(ERRMSG.getOrDefault(errcode, "system error"));
  }

  /** A specific errmsg (such as the 47003 one naming the field) with a hint appended. */
  static String withHint(String message) {
    return message + " hint: [" + hint() + "]";
  }

  private static String hint() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder hint = new StringBuilder(14);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 14; i++) hint.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return hint.toString();
  }
}
