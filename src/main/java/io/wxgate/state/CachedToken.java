package io.wxgate.state;

import io.wxgate.wechat.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token as the token cache holds it.
 *
 * @param value the token
 * @param expiresAt when WeChat said it expires
 * @param fetchedAt when wxgate obtained it from WeChat (for the token age and to avoid refetching a
 *     token just fetched)
 */
public record CachedToken(Secret value, Instant expiresAt, Instant fetchedAt) {
  public CachedToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }
}
