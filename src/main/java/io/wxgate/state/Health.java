package io.wxgate.state;

/** Readiness of the shared state: UP, or DEGRADED (working per instance only) with the reason. */
public record Health(Status status, String reason) {
  public enum Status {
    UP,
    DEGRADED
  }

  public boolean isUp() {
    return status == Status.UP;
  }
}
