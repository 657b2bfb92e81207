package io.wxgate.state;

/** The shared {@link RateLimits}, or in-process buckets while the shared ones are unreachable. */
final class FailoverRateLimits implements RateLimits {
  private final RateLimits shared;
  private final RateLimits local;
  private final Circuit circuit;

  FailoverRateLimits(RateLimits shared, RateLimits local, Circuit circuit) {
    this.shared = shared;
    this.local = local;
    this.circuit = circuit;
  }

  @Override
  public Decision tryAcquire(String key, RateSpec spec) {
    return circuit.call(() -> shared.tryAcquire(key, spec), () -> local.tryAcquire(key, spec));
  }
}
