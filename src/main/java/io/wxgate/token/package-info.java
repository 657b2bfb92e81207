/**
 * Access tokens per AppID: cache, early refresh, single flight within and across instances,
 * compare-and-invalidate, failure backoff, metrics.
 *
 * <p>Entry point: {@link io.wxgate.token.TokenService} (an {@link io.wxgate.token.AccessTokens}),
 * built from {@link io.wxgate.config.TokenConfig}, a {@link io.wxgate.token.TokenSource} (usually
 * {@link io.wxgate.token.WechatTokenSource}) and the token cache and locks of {@link
 * io.wxgate.state.SharedState}.
 */
package io.wxgate.token;
