package io.wxgate.sandbox;

import io.wxgate.wechat.ErrCode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Mints and checks access tokens with WeChat's lifetimes. Classic tokens: every call mints a new
 * one and the ones before stay valid 5 more minutes. Stable tokens (isolated from classic ones):
 * normal calls return the current token, renewed in its last 5 minutes with a 5-minute overlap;
 * {@code force_refresh} revokes it at once, at most 20 times a day and 30 s apart. Thread-safe.
 */
final class TokenAuthority {
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  static final Duration LIFETIME = Duration.ofSeconds(7200);
  static final Duration OVERLAP = Duration.ofMinutes(5);
  static final int FORCE_REFRESH_PER_DAY = 20;
  static final Duration FORCE_REFRESH_GAP = Duration.ofSeconds(30);
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_\\-]{16,512}");
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

  /** A token as handed out: the value and its remaining life. */
  record Issued(String value, long expiresIn) {}

  /** The result of checking a token: its AppID, or the errcode WeChat would answer. */
  record Check(String appId, int errcode) {
    boolean valid() {
      return errcode == ErrCode.OK;
    }
  }

  private static final class Token {
    final String value;
    final String appId;
    final Instant expiresAt;
    Instant revokedAt;

    Token(String value, String appId, Instant expiresAt) {
      this.value = value;
      this.appId = appId;
      this.expiresAt = expiresAt;
    }
  }

  private static final class Stable {
    Token current;
    LocalDate forceDay;
    int forcesToday;
    Instant lastForce;
  }

  private final InstantSource clock;
  private final RandomGenerator random;
  private final Map<String, Token> byValue = new HashMap<>();
  private final Map<String, Token> lastClassic = new HashMap<>();
  private final Map<String, Stable> stable = new HashMap<>();

  TokenAuthority(InstantSource clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  /** {@code /cgi-bin/token}: a new token; the AppID's previous one is cut to 5 more minutes. */
  synchronized Issued classic(String appId) {
    Instant now = clock.instant();
    Token previous = lastClassic.get(appId);
    if (previous != null) revoke(previous, now.plus(OVERLAP));
    Token token = mint(appId, now);
    lastClassic.put(appId, token);
    return new Issued(token.value, LIFETIME.toSeconds());
  }

  /**
   * {@code /cgi-bin/stable_token}: the current token, or a new one when forced, when there is none,
   * or when the current one is in its last 5 minutes. Returns null when a forced refresh exceeds
   * its limits (WeChat answers 45009).
   */
  synchronized Issued stable(String appId, boolean forceRefresh) {
    Instant now = clock.instant();
    Stable state = stable.computeIfAbsent(appId, id -> new Stable());
    if (forceRefresh) {
      LocalDate today = LocalDate.ofInstant(now, CHINA);
      if (!today.equals(state.forceDay)) {
        state.forceDay = today;
        state.forcesToday = 0;
      }
      boolean tooSoon =
          state.lastForce != null && now.isBefore(state.lastForce.plus(FORCE_REFRESH_GAP));
      if (tooSoon || state.forcesToday >= FORCE_REFRESH_PER_DAY) return null;
      state.forcesToday++;
      state.lastForce = now;
      if (state.current != null) revoke(state.current, now);
      state.current = mint(appId, now);
    } else if (state.current == null
        || !now.isBefore(state.current.expiresAt.minus(OVERLAP))
        || state.current.revokedAt != null) {
      // WeChat renews 5 minutes before expiry; the old token keeps its natural end (overlap).
      state.current = mint(appId, now);
    }
    long remaining = Duration.between(now, state.current.expiresAt).toSeconds();
    return new Issued(state.current.value, remaining);
  }

  /** What WeChat would say about an API call made with this token. */
  synchronized Check check(String value) {
    if (value == null || value.isEmpty()) return new Check(null, ErrCode.ACCESS_TOKEN_MISSING);
    if (!WELL_FORMED.matcher(value).matches()) {
      return new Check(null, ErrCode.INVALID_ACCESS_TOKEN);
    }
    Token token = byValue.get(value);
    if (token == null) return new Check(null, ErrCode.INVALID_CREDENTIAL);
    Instant now = clock.instant();
    if (!now.isBefore(token.expiresAt)) {
      return new Check(token.appId, ErrCode.ACCESS_TOKEN_EXPIRED);
    }
    if (token.revokedAt != null && !now.isBefore(token.revokedAt)) {
      return new Check(token.appId, ErrCode.INVALID_CREDENTIAL);
    }
    return new Check(token.appId, ErrCode.OK);
  }

  private void revoke(Token token, Instant at) {
    if (token.revokedAt == null || at.isBefore(token.revokedAt)) token.revokedAt = at;
  }

  private Token mint(String appId, Instant now) {
    // Forget tokens a day past their end, so a long-running sandbox does not grow without bound;
    // until then an old token still gets 42001 (expired) rather than 40001 (unknown).
    if (byValue.size() > 10_000) {
      byValue.values().removeIf(t -> t.expiresAt.plus(Duration.ofDays(1)).isBefore(now));
    }
    StringBuilder value = new StringBuilder(96);
    for (int i = 0; i < 96; i++) value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    Token token = new Token(value.toString(), appId, now.plus(LIFETIME));
    byValue.put(token.value, token);
    return token;
  }
}
