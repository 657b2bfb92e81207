package io.wxgate.state;

import io.wxgate.wechat.Secret;
import java.util.Optional;

/** The shared {@link TokenCache}, or the in-process one while the shared one is unreachable. */
final class FailoverTokenCache implements TokenCache {
  private final TokenCache shared;
  private final TokenCache local;
  private final Circuit circuit;

  FailoverTokenCache(TokenCache shared, TokenCache local, Circuit circuit) {
    this.shared = shared;
    this.local = local;
    this.circuit = circuit;
  }

  @Override
  public Optional<CachedToken> get(String appId) {
    return circuit.call(() -> shared.get(appId), () -> local.get(appId));
  }

  @Override
  public void put(String appId, CachedToken token) {
    circuit.run(() -> shared.put(appId, token), () -> local.put(appId, token));
  }

  @Override
  public boolean compareAndDelete(String appId, Secret badValue) {
    // The in-process copy may hold the same bad token from before or during an outage: drop it
    // too, so it cannot come back when the circuit flips.
    boolean localRemoved = local.compareAndDelete(appId, badValue);
    return circuit.call(() -> shared.compareAndDelete(appId, badValue), () -> localRemoved);
  }
}
