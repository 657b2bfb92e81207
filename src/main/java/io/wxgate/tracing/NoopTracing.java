package io.wxgate.tracing;

import io.wxgate.callback.Router;

/** Tracing off: no OpenTelemetry type is referenced from here. */
final class NoopTracing implements Tracing {
  private static final SendSpan NO_SEND = (outcome, errcode) -> {};

  private record Untraced(String traceId) implements ServerSpan {
    @Override
    public String spanId() {
      return null;
    }

    @Override
    public void end(String route, int status) {}
  }

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public ServerSpan startServer(String method, TraceParent parent, String clientAddress) {
    return new Untraced(parent == null ? TraceParent.newTraceId() : parent.traceId());
  }

  @Override
  public SendSpan startSend(String traceId, String messageId, String appId, int attempt) {
    return NO_SEND;
  }

  @Override
  public void addTo(Router.Builder handlers) {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "tracing off";
  }
}
