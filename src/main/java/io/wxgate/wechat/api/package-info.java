/**
 * WeChat's HTTP API as wxgate calls it: {@link io.wxgate.wechat.api.WechatApi} fetches access
 * tokens ({@code token}, {@code stable_token}) and sends template messages and subscription
 * notices. Every failure, WeChat's or the network's, comes back as a typed result carrying a {@link
 * io.wxgate.wechat.ErrorKind}; access tokens and AppSecrets are redacted from everything it
 * produces.
 */
package io.wxgate.wechat.api;
