package io.wxgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, immutable and checked once at load ({@link ConfigLoader}). Components
 * receive only their own sub-record.
 */
public record WxgateConfig(
    ServerConfig server,
    Path dataDir,
    List<Account> accounts,
    CallbackConfig callback,
    WechatApiConfig wechatApi,
    StateConfig state,
    TokenConfig token) {

  public WxgateConfig {
    accounts = List.copyOf(accounts);
  }

  public Optional<Account> account(String appId) {
    for (Account a : accounts) {
      if (a.appId().equals(appId)) return Optional.of(a);
    }
    return Optional.empty();
  }
}
