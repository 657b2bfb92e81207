package io.wxgate.wechat.api;

import java.util.regex.Pattern;

/** Removes credentials from text before it reaches a log line, an exception or an errmsg. */
final class Redaction {
  private static final Pattern CREDENTIAL_PARAM =
      Pattern.compile("(?i)\\b(access_token|secret)=[^&\\s\"']*");
  private static final Pattern CREDENTIAL_JSON =
      Pattern.compile("(?i)\"(access_token|secret)\"\\s*:\\s*\"[^\"]*\"");

  private Redaction() {}

  /**
   * Replaces {@code access_token=…} and {@code secret=…} query parameters, their JSON counterparts,
   * and every verbatim occurrence of the given secrets with {@code ***}.
   */
  static String redact(String text, String... secrets) {
    if (text == null) return null;
    String result = CREDENTIAL_PARAM.matcher(text).replaceAll("$1=***");
    result = CREDENTIAL_JSON.matcher(result).replaceAll("\"$1\":\"***\"");
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) result = result.replace(secret, "***");
    }
    return result;
  }
}
