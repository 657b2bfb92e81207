package io.wxgate.callback;

import io.wxgate.wechat.Event;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.TextMessage;
import java.util.regex.Pattern;

/**
 * Which inbound messages a route takes. Every criterion left null matches anything; the rest must
 * all match. Build with {@link #any()} and the {@code with…} methods, e.g. {@code
 * Rule.any().msgType("event").event("subscribe").eventKeyPrefix("qrscene_")}.
 *
 * @param eventKeyPrefix when true {@code eventKey} matches as a prefix, else exactly
 * @param content text message content to match exactly, or null
 * @param contentPattern a regex that must be found in the text content, or null
 */
public record Rule(
    String appId,
    String msgType,
    String event,
    String eventKey,
    boolean eventKeyPrefix,
    String content,
    Pattern contentPattern) {

  public static Rule any() {
    return new Rule(null, null, null, null, false, null, null);
  }

  public Rule app(String id) {
    return new Rule(id, msgType, event, eventKey, eventKeyPrefix, content, contentPattern);
  }

  public Rule msgType(String type) {
    return new Rule(appId, type, event, eventKey, eventKeyPrefix, content, contentPattern);
  }

  /** Matches events of this {@code Event} (case-sensitive, as WeChat sends it). */
  public Rule event(String name) {
    return new Rule(appId, "event", name, eventKey, eventKeyPrefix, content, contentPattern);
  }

  public Rule eventKey(String key) {
    return new Rule(appId, msgType, event, key, false, content, contentPattern);
  }

  public Rule eventKeyPrefix(String prefix) {
    return new Rule(appId, msgType, event, prefix, true, content, contentPattern);
  }

  /** Text messages whose content equals {@code keyword}. */
  public Rule keyword(String keyword) {
    return new Rule(appId, "text", event, eventKey, eventKeyPrefix, keyword, contentPattern);
  }

  /** Text messages whose content contains a match of {@code regex}. */
  public Rule contentMatches(Pattern regex) {
    return new Rule(appId, "text", event, eventKey, eventKeyPrefix, content, regex);
  }

  boolean matches(String app, InboundMessage m) {
    if (appId != null && !appId.equals(app)) return false;
    if (msgType != null && !msgType.equals(m.msgType())) return false;
    if (event != null || eventKey != null) {
      if (!(m instanceof Event e)) return false;
      if (event != null && !event.equals(e.event())) return false;
      if (eventKey != null && !matchesKey(e.eventKey())) return false;
    }
    if (content != null || contentPattern != null) {
      if (!(m instanceof TextMessage t) || t.content() == null) return false;
      if (content != null && !content.equals(t.content())) return false;
      if (contentPattern != null && !contentPattern.matcher(t.content()).find()) return false;
    }
    return true;
  }

  private boolean matchesKey(String key) {
    if (key == null) return false;
    return eventKeyPrefix ? key.startsWith(eventKey) : key.equals(eventKey);
  }
}
