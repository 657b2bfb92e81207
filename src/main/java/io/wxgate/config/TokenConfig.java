package io.wxgate.config;

import java.time.Duration;

/**
 * How access tokens are obtained and kept.
 *
 * @param api which WeChat endpoint mints tokens: {@code STABLE} ({@code /cgi-bin/stable_token},
 *     default; lets other systems share the AppID) or {@code CLASSIC} ({@code /cgi-bin/token})
 * @param refreshMargin a token whose remaining life is below this is refreshed (default 300 s)
 * @param minRefreshInterval a token fetched less than this long ago is served even inside the
 *     margin, because stable_token may hand back the same token with little life left (default 30
 *     s)
 * @param failureBackoff after a failed fetch, no new fetch for this AppID for this long (default 10
 *     s)
 * @param lockTtl expiry of the cross-instance refresh lock; longer than one fetch (default 10 s)
 * @param peerWait how long an instance waits for another instance's refresh before fetching itself
 *     (default 5 s)
 * @param peerPoll how often the shared token is read while waiting (default 50 ms)
 */
public record TokenConfig(
    Api api,
    Duration refreshMargin,
    Duration minRefreshInterval,
    Duration failureBackoff,
    Duration lockTtl,
    Duration peerWait,
    Duration peerPoll) {

  /** The WeChat endpoint that mints tokens; configured as {@code tokenApi: stable|classic}. */
  public enum Api {
    STABLE,
    CLASSIC
  }

  public TokenConfig {
    if (api == null) api = Api.STABLE;
    if (refreshMargin == null) refreshMargin = Duration.ofSeconds(300);
    if (minRefreshInterval == null) minRefreshInterval = Duration.ofSeconds(30);
    if (failureBackoff == null) failureBackoff = Duration.ofSeconds(10);
    if (lockTtl == null) lockTtl = Duration.ofSeconds(10);
    if (peerWait == null) peerWait = Duration.ofSeconds(5);
    if (peerPoll == null) peerPoll = Duration.ofMillis(50);
    requireNotNegative("token.refreshMargin", refreshMargin);
    requireNotNegative("token.minRefreshInterval", minRefreshInterval);
    requireNotNegative("token.failureBackoff", failureBackoff);
    requirePositive("token.lockTtl", lockTtl);
    requireNotNegative("token.peerWait", peerWait);
    requirePositive("token.peerPoll", peerPoll);
  }

  /** Every setting at its default. */
  public static TokenConfig defaults() {
    return new TokenConfig(null, null, null, null, null, null, null);
  }

  private static void requirePositive(String name, Duration d) {
    if (!d.isPositive()) throw new IllegalArgumentException(name + " must be positive: " + d);
  }

  private static void requireNotNegative(String name, Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException(name + " must not be negative: " + d);
  }
}
