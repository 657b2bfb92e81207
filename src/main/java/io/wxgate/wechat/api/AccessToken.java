package io.wxgate.wechat.api;

import io.wxgate.wechat.Secret;
import java.time.Instant;

/** An access token and the instant WeChat said it expires. */
public record AccessToken(Secret value, Instant expiresAt) {}
