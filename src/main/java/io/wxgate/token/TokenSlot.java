package io.wxgate.token;

import io.wxgate.config.TokenConfig;
import io.wxgate.state.CachedToken;
import io.wxgate.state.Locks;
import io.wxgate.state.TokenCache;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.api.TokenResult;
import io.wxgate.wechat.api.WechatError;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token of one AppID on this instance. Reads are lock-free; a refresh takes a local lock
 * (single flight within the instance) and then the shared lock (single flight across instances).
 */
final class TokenSlot {
  private static final Logger log = LoggerFactory.getLogger(TokenSlot.class);

  private record Failure(int errcode, String message, Instant until) {}

  private final String appId;
  private final TokenConfig config;
  private final TokenSource source;
  private final TokenCache shared;
  private final Locks locks;
  private final InstantSource clock;
  private final TokenMeters meters;
  private final AtomicReference<CachedToken> current = new AtomicReference<>();
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile Failure lastFailure;

  // The last token invalidated here: never adopted again from the shared cache, where another
  // instance may still hold it for a moment.
  /** The token value reported bad and when: copies of it fetched before then are not served. */
  private volatile Revocation revoked;

  private record Revocation(Secret value, Instant at) {}

  TokenSlot(
      String appId,
      TokenConfig config,
      TokenSource source,
      TokenCache shared,
      Locks locks,
      InstantSource clock,
      TokenMeters meters) {
    this.appId = appId;
    this.config = config;
    this.source = source;
    this.shared = shared;
    this.locks = locks;
    this.clock = clock;
    this.meters = meters;
  }

  String get() {
    CachedToken t = current.get();
    if (usable(t)) return t.value().reveal();
    refreshing.lock();
    try {
      t = current.get();
      if (usable(t)) return t.value().reveal(); // another thread here refreshed meanwhile
      return obtain().value().reveal();
    } finally {
      refreshing.unlock();
    }
  }

  /**
   * Compare-and-invalidate, once per token value across instances. stable_token may answer the
   * refresh with the very same value (WeChat still holds it valid), so "the bad token" is a
   * version, not a value: copies fetched up to the first invalidation are bad, later copies are
   * WeChat's current answer. The first invalidator (a shared lock, left to expire) deletes the
   * shared copy and publishes the revocation time; everyone else revokes up to that time.
   */
  void invalidate(String badToken) {
    Secret bad = Secret.of(badToken);
    Instant revokedUpTo = publishedRevocation(bad).orElse(null);
    if (revokedUpTo == null) {
      String marker = "token-invalidated:" + appId + ":" + fingerprint(badToken);
      if (locks.tryLock(marker, config.minRefreshInterval()).isPresent()) {
        revokedUpTo = clock.instant();
        // shared copy first: a reader that finds no token must not find the bad one shared
        shared.compareAndDelete(appId, bad);
        shared.put(
            revocationKey(),
            new CachedToken(bad, revokedUpTo.plus(config.minRefreshInterval()), revokedUpTo));
      } else {
        revokedUpTo = awaitRevocation(bad);
      }
    }
    revoked = new Revocation(bad, revokedUpTo);
    CachedToken t = current.get();
    if (t != null && isRevoked(t)) current.compareAndSet(t, null);
  }

  private String revocationKey() {
    return appId + "#revoked";
  }

  private Optional<Instant> publishedRevocation(Secret bad) {
    Instant now = clock.instant();
    return shared
        .get(revocationKey())
        .filter(r -> r.value().equals(bad) && r.expiresAt().isAfter(now))
        .map(CachedToken::fetchedAt);
  }

  /** Another invalidator holds the marker: wait briefly for the time it publishes. */
  private Instant awaitRevocation(Secret bad) {
    long polls = Math.max(1, config.peerWait().toMillis() / config.peerPoll().toMillis());
    for (long i = 0; i < polls; i++) {
      Optional<Instant> published = publishedRevocation(bad);
      if (published.isPresent()) return published.get();
      sleep(config.peerPoll());
    }
    return clock.instant();
  }

  /** A short, irreversible name for a token value, so lock keys never hold the token itself. */
  private static String fingerprint(String token) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Refreshes when the token would not be served as it is; true when a new token was obtained. */
  boolean refreshIfDue() {
    CachedToken before = current.get();
    if (usable(before) || backingOff()) return false;
    get();
    return current.get() != before;
  }

  double ageSeconds() {
    CachedToken t = current.get();
    if (t == null) return Double.NaN;
    return Duration.between(t.fetchedAt(), clock.instant()).toMillis() / 1000.0;
  }

  // Called with `refreshing` held.
  private CachedToken obtain() {
    Optional<CachedToken> peer = shared.get(appId);
    if (peer.filter(this::usable).isPresent()) return adopt(peer.get());
    Failure failure = lastFailure;
    if (failure != null && clock.instant().isBefore(failure.until)) {
      return stillValid(peer)
          .orElseThrow(
              () ->
                  new TokenUnavailableException(
                      appId,
                      failure.errcode,
                      failure.message + "; next attempt after " + failure.until));
    }
    Optional<Locks.Lock> lock = locks.tryLock("token:" + appId, config.lockTtl());
    if (lock.isPresent()) {
      try (Locks.Lock held = lock.get()) {
        // A peer may have stored a token between our read and our lock.
        peer = shared.get(appId);
        if (peer.filter(this::usable).isPresent()) return adopt(peer.get());
        return fetch(peer);
      }
    }
    // Another instance is fetching: wait for its token rather than call WeChat a second time.
    long polls = Math.max(1, config.peerWait().toMillis() / config.peerPoll().toMillis());
    for (long i = 0; i < polls; i++) {
      sleep(config.peerPoll());
      peer = shared.get(appId);
      if (peer.filter(this::usable).isPresent()) return adopt(peer.get());
    }
    log.warn("No token from another instance for {} within {}; fetching", appId, config.peerWait());
    return fetch(peer);
  }

  private CachedToken fetch(Optional<CachedToken> peer) {
    TokenResult result;
    try {
      result = source.fetch(appId);
    } catch (RuntimeException e) {
      result =
          new TokenResult.Failed(
              new WechatError(-1, e.getClass().getSimpleName(), ErrorKind.TRANSIENT));
    }
    return switch (result) {
      case TokenResult.Issued issued -> {
        CachedToken t =
            new CachedToken(issued.token().value(), issued.token().expiresAt(), clock.instant());
        // WeChat itself just handed this token out, so it is current even if it is the one we
        // invalidated (a spurious 40001: stable_token returns the same value). Still treating it
        // as revoked would fetch again on every get().
        if (isRevoked(t)) revoked = null;
        shared.put(appId, t);
        lastFailure = null;
        meters.refreshed(appId);
        yield adopt(t);
      }
      case TokenResult.Failed failed -> {
        WechatError e = failed.error();
        meters.failed(appId, e.kind());
        String message =
            "access token for " + appId + " unavailable: errcode " + e.errcode() + " " + e.errmsg();
        lastFailure =
            new Failure(e.errcode(), message, clock.instant().plus(config.failureBackoff()));
        log.warn("{} (kind {}); backing off {}", message, e.kind(), config.failureBackoff());
        // A token that has not expired yet still works: serve it rather than fail the caller.
        yield stillValid(peer)
            .orElseThrow(() -> new TokenUnavailableException(appId, e.errcode(), message));
      }
    };
  }

  private CachedToken adopt(CachedToken t) {
    current.set(t);
    return t;
  }

  private Optional<CachedToken> stillValid(Optional<CachedToken> peer) {
    Instant now = clock.instant();
    return Optional.ofNullable(current.get())
        .or(() -> peer)
        .filter(t -> !isRevoked(t) && t.expiresAt().isAfter(now));
  }

  /**
   * Served as it is: more than the margin left, or fetched so recently that stable_token would only
   * hand it back again.
   */
  private boolean usable(CachedToken t) {
    if (t == null || isRevoked(t)) return false;
    Instant now = clock.instant();
    if (t.expiresAt().minus(config.refreshMargin()).isAfter(now)) return true;
    return t.expiresAt().isAfter(now)
        && t.fetchedAt().plus(config.minRefreshInterval()).isAfter(now);
  }

  /**
   * A copy fetched after the revocation is WeChat's current answer even when it is the same value
   * (stable_token hands back a token it still holds valid), so only older copies count as revoked.
   */
  private boolean isRevoked(CachedToken t) {
    Revocation r = revoked;
    return r != null && r.value().equals(t.value()) && !t.fetchedAt().isAfter(r.at());
  }

  private boolean backingOff() {
    Failure f = lastFailure;
    return f != null && clock.instant().isBefore(f.until);
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenUnavailableException(appId, -1, "interrupted while waiting for a token");
    }
  }
}
