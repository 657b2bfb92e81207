package io.wxgate.tracing;

/** The span of one send attempt. */
public interface SendSpan {
  /**
   * Ends the span.
   *
   * @param outcome what the attempt led to: {@code sent}, {@code retry}, {@code dead}, {@code
   *     paused}, {@code token_retry} or {@code error}
   * @param errcode WeChat's errcode, 0 when it accepted the message
   */
  void end(String outcome, int errcode);
}
