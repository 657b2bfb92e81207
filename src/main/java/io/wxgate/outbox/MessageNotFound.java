package io.wxgate.outbox;

import io.wxgate.WxgateException;

/** No message has this id. */
public final class MessageNotFound extends WxgateException {
  private final String id;

  public MessageNotFound(String id) {
    super("no message " + id);
    this.id = id;
  }

  public String id() {
    return id;
  }
}
