package io.wxgate.wechat;

import java.util.Objects;

/** One item of a {@link NewsReply}; only {@code title} is required, the rest may be null. */
public record Article(String title, String description, String picUrl, String url) {
  public Article {
    Objects.requireNonNull(title, "title");
  }
}
