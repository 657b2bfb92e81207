package io.wxgate.wechat;

import java.util.List;

/**
 * A news (article list) reply of 1 to 8 articles. WeChat shows only the first when the reply
 * answers a user's text/image/video/news/location message, up to 8 otherwise.
 */
public record NewsReply(List<Article> articles) implements Reply {
  public static final int MAX_ARTICLES = 8;

  public NewsReply {
    articles = List.copyOf(articles);
    if (articles.isEmpty() || articles.size() > MAX_ARTICLES) {
      throw new IllegalArgumentException(
          "a news reply needs 1 to " + MAX_ARTICLES + " articles, got " + articles.size());
    }
  }

  @Override
  public String msgType() {
    return "news";
  }
}
