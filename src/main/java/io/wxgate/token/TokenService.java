package io.wxgate.token;

import io.micrometer.core.instrument.MeterRegistry;
import io.wxgate.config.TokenConfig;
import io.wxgate.state.Locks;
import io.wxgate.state.TokenCache;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens for every AppID, one logical manager per AppID. Thread-safe.
 *
 * <ul>
 *   <li>{@link #get} serves the cached token and refreshes it when less than {@code refreshMargin}
 *       of its life is left. Any number of concurrent callers cause one upstream call per instance;
 *       with a shared (Redis) cache and locks, one across all instances: the lock holder fetches,
 *       the others read its token (waiting at most {@code peerWait}, then fetching themselves).
 *   <li>{@link #invalidate} removes a token only while it is still the bad one, here and in the
 *       shared cache, so many workers hitting 40001 with the same token cause one refresh.
 *   <li>A failed fetch throws {@link TokenUnavailableException} (without secrets) and is remembered
 *       for {@code failureBackoff}: no call to WeChat for that AppID meanwhile. A token that has
 *       not expired yet is still served when its refresh fails.
 *   <li>{@link #refreshDue} refreshes proactively; schedule it (e.g. every 30 s) so callers rarely
 *       wait for WeChat.
 * </ul>
 *
 * <p>Meters (tagged {@code appId}): {@code wxgate.token.refreshes{result=ok|error}}, {@code
 * wxgate.token.refresh.failures{kind}}, gauge {@code wxgate.token.age} (seconds). Give each
 * instance in one JVM its own registry or they share counters.
 */
public final class TokenService implements AccessTokens, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TokenService.class);

  private final TokenConfig config;
  private final TokenSource source;
  private final TokenCache shared;
  private final Locks locks;
  private final InstantSource clock;
  private final TokenMeters meters;
  private final ConcurrentHashMap<String, TokenSlot> slots = new ConcurrentHashMap<>();

  /**
   * @param shared the token cache, usually {@code SharedState.tokens()}
   * @param locks the locks, usually {@code SharedState.locks()}
   */
  public TokenService(
      TokenConfig config,
      TokenSource source,
      TokenCache shared,
      Locks locks,
      InstantSource clock,
      MeterRegistry meters) {
    this.config = config;
    this.source = source;
    this.shared = shared;
    this.locks = locks;
    this.clock = clock;
    this.meters = new TokenMeters(meters);
  }

  @Override
  public String get(String appId) {
    return slot(appId).get();
  }

  @Override
  public void invalidate(String appId, String badToken) {
    slot(appId).invalidate(badToken);
  }

  /**
   * Refreshes every known AppID whose token would not be served as it is (near expiry, missing or
   * invalidated), except those backing off after a failure. Failures are logged and remembered, not
   * thrown.
   *
   * @return how many AppIDs got a new token
   */
  public int refreshDue() {
    int refreshed = 0;
    for (TokenSlot slot : slots.values()) {
      try {
        if (slot.refreshIfDue()) refreshed++;
      } catch (TokenUnavailableException e) {
        log.debug("Proactive refresh failed: {}", e.getMessage());
      }
    }
    return refreshed;
  }

  private TokenSlot slot(String appId) {
    return slots.computeIfAbsent(
        appId,
        id -> {
          TokenSlot s = new TokenSlot(id, config, source, shared, locks, clock, meters);
          meters.age(id, s, TokenSlot::ageSeconds);
          return s;
        });
  }

  /** Removes this service's meters; tokens in the shared cache stay for the other instances. */
  @Override
  public void close() {
    meters.close();
  }
}
