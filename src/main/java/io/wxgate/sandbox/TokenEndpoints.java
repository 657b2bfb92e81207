package io.wxgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.wxgate.config.Account;
import io.wxgate.wechat.ErrCode;
import io.wxgate.wechat.Secret;
import java.util.Map;

/** {@code /cgi-bin/token} and {@code /cgi-bin/stable_token}, validated as WeChat does. */
final class TokenEndpoints {
  static final long TOKEN_PER_DAY = 2_000;
  static final long STABLE_TOKEN_PER_DAY = 500_000;

  private final Map<String, Account> accounts;
  private final TokenAuthority tokens;
  private final FaultInjector faults;
  private final Quotas quotas;

  TokenEndpoints(
      Map<String, Account> accounts, TokenAuthority tokens, FaultInjector faults, Quotas quotas) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.faults = faults;
    this.quotas = quotas;
  }

  Outcome token(Context ctx) {
    String appId = ctx.queryParam("appid");
    Outcome refused =
        refuse(
            "token",
            ctx.queryParam("grant_type"),
            appId,
            ctx.queryParam("secret"),
            ErrCode.INVALID_CREDENTIAL);
    if (refused != null) return refused;
    return Outcome.token(appId, tokens.classic(appId));
  }

  Outcome stableToken(Context ctx) {
    JsonNode body = Json.parseObject(ctx.body());
    if (body == null) return Outcome.error(null, ErrCode.DATA_FORMAT_ERROR);
    String appId = Json.text(body, "appid");
    Outcome refused =
        refuse(
            "stable_token",
            Json.text(body, "grant_type"),
            appId,
            Json.text(body, "secret"),
            ErrCode.INVALID_APPSECRET);
    if (refused != null) return refused;
    boolean force = body.path("force_refresh").asBoolean(false);
    TokenAuthority.Issued issued = tokens.stable(appId, force);
    return issued == null
        ? Outcome.error(appId, ErrCode.QUOTA_EXHAUSTED)
        : Outcome.token(appId, issued);
  }

  /** The errcode WeChat answers before issuing a token, or null when it would issue one. */
  private Outcome refuse(String api, String grantType, String appId, String secret, int badSecret) {
    if (!"client_credential".equals(grantType)) {
      return Outcome.error(appId, ErrCode.INVALID_GRANT_TYPE);
    }
    if (appId == null || appId.isBlank()) return Outcome.error(null, ErrCode.APPID_MISSING);
    Account account = accounts.get(appId);
    if (account == null) return Outcome.error(null, ErrCode.INVALID_APPID);
    if (secret == null || secret.isEmpty()) return Outcome.error(appId, ErrCode.APPSECRET_MISSING);
    if (!account.secret().equals(Secret.of(secret))) return Outcome.error(appId, badSecret);
    int injected = faults.injectedError(api);
    if (injected != 0) return Outcome.error(appId, injected);
    long limit = api.equals("token") ? TOKEN_PER_DAY : STABLE_TOKEN_PER_DAY;
    if (!quotas.tryConsume(appId, api, limit)) {
      return Outcome.error(appId, ErrCode.QUOTA_EXHAUSTED);
    }
    return null;
  }
}
