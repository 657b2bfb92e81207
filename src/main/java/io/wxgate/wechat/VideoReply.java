package io.wxgate.wechat;

import java.util.Objects;

/** A video reply; {@code title} and {@code description} may be null. */
public record VideoReply(String mediaId, String title, String description) implements Reply {
  public VideoReply {
    Objects.requireNonNull(mediaId, "mediaId");
  }

  @Override
  public String msgType() {
    return "video";
  }
}
