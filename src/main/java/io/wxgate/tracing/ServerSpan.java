package io.wxgate.tracing;

/** The span of one HTTP request. Not thread-safe: one request's thread uses it. */
public interface ServerSpan {
  /** The trace this request belongs to: the caller's, or a new one. Never null. */
  String traceId();

  /** This span's id; null when the span is not recorded (tracing off, or not sampled). */
  String spanId();

  /**
   * Names the span {@code METHOD route} and ends it with the response status.
   *
   * @param route the matched route template, never the raw path (bounded span names)
   */
  void end(String route, int status);
}
