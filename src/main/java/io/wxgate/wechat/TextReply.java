package io.wxgate.wechat;

import java.util.Objects;

/** A text reply; newlines are allowed. */
public record TextReply(String content) implements Reply {
  public TextReply {
    Objects.requireNonNull(content, "content");
  }

  @Override
  public String msgType() {
    return "text";
  }
}
