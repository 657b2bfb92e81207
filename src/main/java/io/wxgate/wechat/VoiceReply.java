package io.wxgate.wechat;

import java.util.Objects;

/** A voice reply; the media must be uploaded beforehand. */
public record VoiceReply(String mediaId) implements Reply {
  public VoiceReply {
    Objects.requireNonNull(mediaId, "mediaId");
  }

  @Override
  public String msgType() {
    return "voice";
  }
}
