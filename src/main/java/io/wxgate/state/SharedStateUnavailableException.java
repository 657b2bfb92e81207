package io.wxgate.state;

import io.wxgate.WxgateException;

/**
 * The shared store (Redis) did not answer in time or refused the command. {@link SharedState}
 * catches it and falls back to in-process state; callers of {@code SharedState} never see it.
 */
public final class SharedStateUnavailableException extends WxgateException {
  public SharedStateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
