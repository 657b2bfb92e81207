package io.wxgate.callback;

/**
 * What to answer WeChat: a body and its content type (XML for replies, text for {@code success}).
 */
public record CallbackResponse(String body, String contentType) {
  public static final String XML = "application/xml; charset=UTF-8";
  public static final String TEXT = "text/plain; charset=UTF-8";

  /** WeChat's "received, no reply" answer; needs no encryption even in safe mode. */
  public static final CallbackResponse SUCCESS = new CallbackResponse("success", TEXT);

  static CallbackResponse of(String body) {
    return "success".equals(body) ? SUCCESS : new CallbackResponse(body, XML);
  }
}
