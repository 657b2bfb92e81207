package io.wxgate.callback;

import io.wxgate.WxgateException;

/**
 * A push wxgate cannot take over right now (for example the database refused to store it): the
 * callback fails instead of answering {@code success}, and the push is not remembered as handled,
 * so WeChat's retry is processed as new. A {@link MessageHandler} throws it to refuse a push it
 * cannot keep; {@link CallbackPipeline#handle} throws it on. {@code web} answers a 5xx. The message
 * is safe to log; it never contains the push itself.
 */
public final class CallbackUnavailable extends WxgateException {
  public CallbackUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
