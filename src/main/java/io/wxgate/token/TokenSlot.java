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
  private volatile Secret revoked;

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

  void invalidate(String badToken) {
    Secret bad = Secret.of(badToken);
    revoked = bad;
    // Shared first: a local reader that finds no token must not find the bad one shared either.
    shared.compareAndDelete(appId, bad);
    CachedToken t = current.get();
    if (t != null && t.value().equals(bad)) current.compareAndSet(t, null);
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

  private boolean isRevoked(CachedToken t) {
    Secret r = revoked;
    return r != null && r.equals(t.value());
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
