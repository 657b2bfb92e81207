package io.wxgate.wechat;

import java.util.Objects;

/** An image reply; the media must be uploaded beforehand. */
public record ImageReply(String mediaId) implements Reply {
  public ImageReply {
    Objects.requireNonNull(mediaId, "mediaId");
  }

  @Override
  public String msgType() {
    return "image";
  }
}
