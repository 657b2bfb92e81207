package io.wxgate.wechat;

import java.util.Objects;

/** A music reply; only {@code thumbMediaId} is required, the rest may be null. */
public record MusicReply(
    String title, String description, String musicUrl, String hqMusicUrl, String thumbMediaId)
    implements Reply {
  public MusicReply {
    Objects.requireNonNull(thumbMediaId, "thumbMediaId");
  }

  @Override
  public String msgType() {
    return "music";
  }
}
