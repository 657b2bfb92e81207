package io.wxgate.sandbox;

import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * WeChat's value rules for category templates and subscription notices, by key prefix
 * (wechat-protocol.md §7.1): {@code thing1} follows the {@code thing} rule. Keys with other
 * prefixes (old industry templates' {@code keyword1}, {@code first}, {@code remark}) are only
 * capped at 200 characters.
 */
final class DataRules {
  private static final Pattern DIGITS = Pattern.compile("\\d");
  private static final Map<String, Predicate<String>> RULES =
      Map.ofEntries(
          Map.entry("thing", v -> between(v, 1, 20)),
          Map.entry("number", v -> v.length() <= 32 && v.matches("[-+]?\\d+(\\.\\d+)?")),
          Map.entry("letter", v -> v.length() <= 32 && v.matches("[A-Za-z]+")),
          Map.entry("symbol", v -> between(v, 1, 5) && v.matches("[^\\p{L}\\p{N}\\s]+")),
          Map.entry("character_string", v -> v.length() <= 32 && v.matches("[\\x21-\\x7E]+")),
          Map.entry("time", DataRules::isTime),
          Map.entry("date", DataRules::isTime),
          Map.entry("amount", DataRules::isAmount),
          Map.entry("phone_number", v -> v.length() <= 17 && v.matches("[\\d+\\-() ]+")),
          Map.entry(
              "car_number",
              v ->
                  between(v, 1, 8)
                      && v.matches("[\\p{IsHan}A-Za-z0-9][A-Za-z0-9]*[\\p{IsHan}A-Za-z0-9]?")),
          Map.entry(
              "name",
              v -> v.matches("[\\p{IsHan}·]{1,10}") || v.matches("[A-Za-z][A-Za-z .'-]{0,19}")),
          Map.entry("phrase", v -> v.matches("\\p{IsHan}{1,5}")),
          Map.entry("const", v -> between(v, 1, 20)));

  private DataRules() {}

  /** Whether {@code value} is acceptable for the placeholder {@code key}. */
  static boolean accepts(String key, String value) {
    Predicate<String> rule = RULES.get(prefix(key));
    return rule == null ? value.codePointCount(0, value.length()) <= 200 : rule.test(value);
  }

  static String prefix(String key) {
    int end = key.length();
    while (end > 0 && Character.isDigit(key.charAt(end - 1))) end--;
    return key.substring(0, end);
  }

  private static boolean between(String value, int min, int max) {
    int length = value.codePointCount(0, value.length());
    return length >= min && length <= max;
  }

  /** 24-hour times and dates in the usual Chinese and ISO spellings, ranges joined with ~. */
  private static boolean isTime(String value) {
    return between(value, 1, 64)
        && DIGITS.matcher(value).find()
        && value.matches("[\\d\\s\\-/:.~年月日时分秒]+");
  }

  /** An optional currency symbol, at most 10 digits (decimals allowed), an optional 元. */
  private static boolean isAmount(String value) {
    String number = value.replaceFirst("^\\p{Sc}", "").replaceFirst("元$", "");
    long digits = number.chars().filter(Character::isDigit).count();
    return digits >= 1 && digits <= 10 && number.matches("\\d+(\\.\\d+)?");
  }
}
