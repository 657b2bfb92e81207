package io.wxgate.outbox;

import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.MiniProgram;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@link SendRequest} before it is stored, so a message WeChat would refuse with 47003 is
 * refused at the API instead of dying later. Value limits follow wechat-protocol.md §7.1 by the
 * placeholder's prefix ({@code thing1} → {@code thing}); unknown prefixes (old templates' {@code
 * keyword1}, {@code first}) only get a generous length cap.
 */
final class MessageRules {
  static final int MAX_DATA_ENTRIES = 50;
  static final int MAX_URL = 1024;
  private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  // Official Account openids are 28 characters of base64url; allow a little room for sandboxes.
  private static final Pattern OPEN_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final Pattern TEMPLATE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern DATA_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
  private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");
  private static final Pattern LETTERS = Pattern.compile("[A-Za-z]+");
  private static final Pattern NO_CJK = Pattern.compile("[\\x21-\\x7E]+");
  private static final Pattern PHONE = Pattern.compile("[0-9+\\-() ]+");
  private static final Pattern CJK = Pattern.compile("\\p{IsHan}");

  private MessageRules() {}

  static List<FieldError> check(SendRequest r) {
    List<FieldError> errors = new ArrayList<>();
    if (r == null) return List.of(new FieldError("body", "is required"));
    require(errors, "appId", r.appId(), APP_ID, "must be an AppID");
    if (r.type() == null) errors.add(new FieldError("type", "must be template or subscribe"));
    require(errors, "toUser", r.toUser(), OPEN_ID, "must be an openid (16-64 of A-Z a-z 0-9 _ -)");
    require(errors, "templateId", r.templateId(), TEMPLATE_ID, "must be a template id");
    if (r.url() != null) {
      if (r.type() == SendRequest.Type.SUBSCRIBE) {
        errors.add(new FieldError("url", "is for template messages; use page"));
      } else if (!isWebUrl(r.url())) {
        errors.add(new FieldError("url", "must be an http(s) URL of at most " + MAX_URL));
      }
    }
    if (r.page() != null) {
      if (r.type() == SendRequest.Type.TEMPLATE) {
        errors.add(new FieldError("page", "is for subscribe messages; use url or miniprogram"));
      } else if (r.page().isBlank() || r.page().length() > MAX_URL) {
        errors.add(new FieldError("page", "must be 1-" + MAX_URL + " characters"));
      }
    }
    checkMiniProgram(errors, r.miniProgram());
    checkData(errors, r.data());
    return errors;
  }

  private static void checkMiniProgram(List<FieldError> errors, MiniProgram mp) {
    if (mp == null) return;
    require(errors, "miniprogram.appid", mp.appId(), APP_ID, "must be an AppID");
    if (mp.pagePath() != null && mp.pagePath().length() > MAX_URL) {
      errors.add(new FieldError("miniprogram.pagepath", "at most " + MAX_URL + " characters"));
    }
  }

  private static void checkData(List<FieldError> errors, Map<String, DataValue> data) {
    if (data.isEmpty()) {
      errors.add(new FieldError("data", "is required (at least one placeholder)"));
      return;
    }
    if (data.size() > MAX_DATA_ENTRIES) {
      errors.add(new FieldError("data", "at most " + MAX_DATA_ENTRIES + " placeholders"));
      return;
    }
    data.forEach(
        (key, dv) -> {
          String field = "data." + key;
          if (key == null || !DATA_KEY.matcher(key).matches()) {
            errors.add(new FieldError(field, "placeholder names are letters, digits and _"));
            return;
          }
          if (dv == null || dv.value() == null) {
            errors.add(new FieldError(field + ".value", "is required"));
            return;
          }
          String problem = valueProblem(prefixOf(key), dv.value());
          if (problem != null) errors.add(new FieldError(field + ".value", problem));
          if (dv.color() != null && !COLOR.matcher(dv.color()).matches()) {
            errors.add(new FieldError(field + ".color", "must be #RRGGBB"));
          }
        });
  }

  static String prefixOf(String key) {
    int end = key.length();
    while (end > 0 && Character.isDigit(key.charAt(end - 1))) end--;
    return key.substring(0, end);
  }

  /** The reason a value breaks its placeholder's rule, or null when it is fine. */
  static String valueProblem(String prefix, String v) {
    int n = v.codePointCount(0, v.length());
    if (n == 0) return "must not be empty";
    return switch (prefix) {
      case "thing" -> n <= 20 ? null : "at most 20 characters";
      case "number" ->
          n <= 32 && NUMBER.matcher(v).matches() ? null : "a number of at most 32 digits";
      case "letter" -> n <= 32 && LETTERS.matcher(v).matches() ? null : "at most 32 letters";
      case "symbol" -> n <= 5 ? null : "at most 5 symbols";
      case "character_string" ->
          n <= 32 && NO_CJK.matcher(v).matches()
              ? null
              : "at most 32 digits, letters or symbols (no Chinese)";
      case "time", "date" -> n <= 64 ? null : "at most 64 characters";
      case "amount" -> n <= 16 ? null : "a currency symbol and at most 10 digits";
      case "phone_number" ->
          n <= 17 && PHONE.matcher(v).matches() ? null : "at most 17 digits or symbols";
      case "car_number" -> n <= 8 ? null : "at most 8 characters";
      case "name" ->
          CJK.matcher(v).find()
              ? (n <= 10 ? null : "at most 10 Chinese characters")
              : (n <= 20 ? null : "at most 20 letters");
      case "phrase" -> n <= 5 ? null : "at most 5 Chinese characters";
      case "const" -> n <= 20 ? null : "at most 20 characters";
      default -> n <= 200 ? null : "at most 200 characters";
    };
  }

  private static void require(
      List<FieldError> errors, String field, String value, Pattern shape, String message) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldError(field, "is required"));
    } else if (!shape.matcher(value).matches()) {
      errors.add(new FieldError(field, message));
    }
  }

  private static boolean isWebUrl(String url) {
    if (url.length() > MAX_URL) return false;
    try {
      URI u = new URI(url);
      return ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
          && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
