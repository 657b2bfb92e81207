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
    TokenConfig token,
    StoreConfig store,
    OutboxConfig outbox,
    AlertConfig alerts,
    ApiAuthConfig api,
    ForwardConfig forward,
    TracingConfig tracing) {

  public WxgateConfig {
    accounts = List.copyOf(accounts);
    if (tracing == null) tracing = TracingConfig.disabled();
  }

  /** The same configuration serving {@code newAccounts} through {@code api} (demo mode). */
  public WxgateConfig withAccounts(List<Account> newAccounts, WechatApiConfig api) {
    return new WxgateConfig(
        server,
        dataDir,
        newAccounts,
        callback,
        api,
        state,
        token,
        store,
        outbox,
        alerts,
        this.api,
        forward,
        tracing);
  }

  public WxgateConfig withServer(ServerConfig newServer) {
    return new WxgateConfig(
        newServer, dataDir, accounts, callback, wechatApi, state, token, store, outbox, alerts, api,
        forward, tracing);
  }

  public WxgateConfig withApi(ApiAuthConfig newApi) {
    return new WxgateConfig(
        server, dataDir, accounts, callback, wechatApi, state, token, store, outbox, alerts, newApi,
        forward, tracing);
  }

  public Optional<Account> account(String appId) {
    for (Account a : accounts) {
      if (a.appId().equals(appId)) return Optional.of(a);
    }
    return Optional.empty();
  }
}
