package io.wxgate.config;

import java.time.Duration;
import java.util.List;

/**
 * The inbound callback pipeline: timestamp freshness, handler deadline, de-duplication window, XML
 * limits, and the configuration-driven replies (keyword auto-replies and a subscribe welcome).
 *
 * @param dedupEnabled false only for benchmarks that replay one request; production keeps it on
 */
public record CallbackConfig(
    Duration timestampWindow,
    Duration handlerDeadline,
    boolean dedupEnabled,
    Duration dedupTtl,
    int maxBodyBytes,
    int maxXmlDepth,
    int maxXmlFields,
    List<AutoReply> autoReplies,
    String welcome) {

  public CallbackConfig {
    if (timestampWindow == null) timestampWindow = Duration.ofSeconds(300);
    if (handlerDeadline == null) handlerDeadline = Duration.ofMillis(4000);
    if (dedupTtl == null) dedupTtl = Duration.ofSeconds(60);
    if (maxBodyBytes <= 0) maxBodyBytes = 64 * 1024;
    if (maxXmlDepth <= 0) maxXmlDepth = 8;
    if (maxXmlFields <= 0) maxXmlFields = 200;
    autoReplies = autoReplies == null ? List.of() : List.copyOf(autoReplies);
    if (handlerDeadline.compareTo(Duration.ofMillis(4800)) > 0) {
      throw new IllegalArgumentException(
          "callback.handlerDeadlineMillis must stay below WeChat's 5 s budget (max 4800)");
    }
    if (timestampWindow.isNegative() || timestampWindow.isZero()) {
      throw new IllegalArgumentException("callback.timestampWindowSeconds must be > 0");
    }
  }

  public static CallbackConfig defaults() {
    return new CallbackConfig(null, null, true, null, 0, 0, 0, null, null);
  }

  /**
   * A keyword auto-reply: when a text message matches, answer {@code reply} as text. {@code appId}
   * null means every account.
   */
  public record AutoReply(String appId, String keyword, Match match, String reply) {
    public enum Match {
      EXACT,
      PREFIX,
      CONTAINS,
      REGEX
    }

    public AutoReply {
      if (keyword == null || keyword.isEmpty()) {
        throw new IllegalArgumentException("callback.autoReplies[].keyword is required");
      }
      if (reply == null || reply.isEmpty()) {
        throw new IllegalArgumentException("callback.autoReplies[].reply is required");
      }
      if (match == null) match = Match.EXACT;
      if (match == Match.REGEX) {
        try {
          java.util.regex.Pattern.compile(keyword);
        } catch (java.util.regex.PatternSyntaxException e) {
          throw new IllegalArgumentException(
              "callback.autoReplies[].keyword is not a valid regex: " + e.getDescription());
        }
      }
    }
  }
}
