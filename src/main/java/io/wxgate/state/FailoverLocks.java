package io.wxgate.state;

import java.time.Duration;
import java.util.Optional;

/** The shared {@link Locks}, or the in-process ones while the shared ones are unreachable. */
final class FailoverLocks implements Locks {
  private final Locks shared;
  private final Locks local;
  private final Circuit circuit;

  FailoverLocks(Locks shared, Locks local, Circuit circuit) {
    this.shared = shared;
    this.local = local;
    this.circuit = circuit;
  }

  @Override
  public Optional<Lock> tryLock(String name, Duration ttl) {
    return circuit.call(
        () -> shared.tryLock(name, ttl).map(FailoverLocks::releasedQuietly),
        () -> local.tryLock(name, ttl));
  }

  // A Redis lock that cannot be released during an outage simply expires with its ttl.
  private static Lock releasedQuietly(Lock held) {
    return () -> {
      try {
        held.close();
      } catch (SharedStateUnavailableException e) {
        // expires on its own
      }
    };
  }
}
