package io.wxgate.config;

import java.net.URI;
import java.time.Duration;

/** Where and how wxgate calls WeChat's HTTP API (real WeChat or the sandbox). */
public record WechatApiConfig(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
  public static final URI WECHAT = URI.create("https://api.weixin.qq.com");

  public WechatApiConfig {
    if (baseUrl == null) baseUrl = WECHAT;
    if (connectTimeout == null) connectTimeout = Duration.ofSeconds(3);
    if (requestTimeout == null) requestTimeout = Duration.ofSeconds(5);
  }
}
