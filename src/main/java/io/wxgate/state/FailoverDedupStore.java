package io.wxgate.state;

import java.time.Duration;
import java.util.Optional;

/** The shared {@link DedupStore}, or the in-process one while the shared one is unreachable. */
final class FailoverDedupStore implements DedupStore {
  private final DedupStore shared;
  private final DedupStore local;
  private final Circuit circuit;

  FailoverDedupStore(DedupStore shared, DedupStore local, Circuit circuit) {
    this.shared = shared;
    this.local = local;
    this.circuit = circuit;
  }

  @Override
  public boolean claim(String key, Duration ttl) {
    return circuit.call(() -> shared.claim(key, ttl), () -> local.claim(key, ttl));
  }

  @Override
  public void rememberAnswer(String key, String answer, Duration ttl) {
    circuit.run(
        () -> shared.rememberAnswer(key, answer, ttl),
        () -> local.rememberAnswer(key, answer, ttl));
  }

  @Override
  public Optional<String> answer(String key) {
    return circuit.call(() -> shared.answer(key), () -> local.answer(key));
  }

  @Override
  public void release(String key) {
    // the claim may have been taken in either store (the circuit can have changed since)
    local.release(key);
    circuit.run(() -> shared.release(key), () -> {});
  }
}
