package io.wxgate.callback;

import io.wxgate.config.CallbackConfig;
import io.wxgate.config.CallbackConfig.AutoReply;
import io.wxgate.wechat.TextReply;
import java.util.regex.Pattern;

/**
 * Turns {@code wxgate.yaml}'s keyword auto-replies and subscribe welcome into router rules, so a
 * gateway answers without any code.
 */
public final class ConfiguredReplies {
  private ConfiguredReplies() {}

  /** Adds the configured rules to {@code router}, keyword rules first, in file order. */
  public static Router.Builder addTo(Router.Builder router, CallbackConfig config) {
    for (AutoReply r : config.autoReplies()) {
      Rule rule =
          switch (r.match()) {
            case EXACT -> Rule.any().keyword(r.keyword());
            case PREFIX ->
                Rule.any().contentMatches(Pattern.compile("^" + Pattern.quote(r.keyword())));
            case CONTAINS -> Rule.any().contentMatches(Pattern.compile(Pattern.quote(r.keyword())));
            case REGEX -> Rule.any().contentMatches(Pattern.compile(r.keyword()));
          };
      if (r.appId() != null) rule = rule.app(r.appId());
      router.reply(rule, new TextReply(r.reply()));
    }
    if (config.welcome() != null && !config.welcome().isBlank()) {
      router.reply(Rule.any().event("subscribe"), new TextReply(config.welcome()));
    }
    return router;
  }
}
