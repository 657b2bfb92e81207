package io.wxgate.config;

import io.wxgate.wechat.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who may call {@code /api}. Clients present either an API key ({@code X-Api-Key}) or a JWT ({@code
 * Authorization: Bearer}, HS256 with {@code jwtHs256Secret} or RS256 with {@code
 * jwtRs256PublicKeyPem}; {@code iss} must equal {@code jwtIssuer}, {@code aud} contain {@code
 * jwtAudience}, {@code exp} lie in the future, {@code sub} names the client). A JWT may narrow
 * itself with a {@code scope} claim (space-separated) and an {@code app_ids} claim (array).
 *
 * @param perClientRate requests per second per client (default 50)
 * @param perClientBurst bucket size (default 2 × rate)
 * @param clockSkew tolerance on exp/nbf (default 60 s)
 */
public record ApiAuthConfig(
    List<ApiKey> apiKeys,
    Secret jwtHs256Secret,
    String jwtRs256PublicKeyPem,
    String jwtIssuer,
    String jwtAudience,
    Duration clockSkew,
    double perClientRate,
    int perClientBurst) {

  /** Scope to send messages (single and batch). */
  public static final String SCOPE_SEND = "messages:send";

  /** Scope to read messages and their attempts. */
  public static final String SCOPE_READ = "messages:read";

  /** Scope for operator actions: retry and cancel. */
  public static final String SCOPE_ADMIN = "messages:admin";

  public static final Set<String> ALL_SCOPES = Set.of(SCOPE_SEND, SCOPE_READ, SCOPE_ADMIN);

  /**
   * One API key. {@code scopes} empty means all scopes; {@code appIds} empty means every account.
   */
  public record ApiKey(String clientId, Secret key, Set<String> scopes, Set<String> appIds) {
    public ApiKey {
      if (clientId == null || clientId.isBlank()) {
        throw new IllegalArgumentException("api.keys[].client is required");
      }
      if (key == null || key.reveal().length() < 16) {
        throw new IllegalArgumentException(
            "api.keys[" + clientId + "].key must be at least 16 characters");
      }
      scopes = scopes == null || scopes.isEmpty() ? ALL_SCOPES : Set.copyOf(scopes);
      appIds = appIds == null ? Set.of() : Set.copyOf(appIds);
    }

    /** {@code WXGATE_API_KEYS} format: {@code client:key,client2:key2} (all scopes, all apps). */
    public static List<ApiKey> parse(String pairs) {
      List<ApiKey> out = new ArrayList<>();
      if (pairs == null || pairs.isBlank()) return out;
      for (String pair : pairs.split(",")) {
        int colon = pair.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException("WXGATE_API_KEYS entries must be client:key");
        }
        out.add(
            new ApiKey(
                pair.substring(0, colon).trim(),
                Secret.of(pair.substring(colon + 1).trim()),
                null,
                null));
      }
      return out;
    }
  }

  public ApiAuthConfig {
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    if (clockSkew == null) clockSkew = Duration.ofSeconds(60);
    if (perClientRate == 0) perClientRate = 50;
    if (perClientBurst == 0) perClientBurst = (int) Math.max(1, Math.ceil(perClientRate * 2));
    boolean jwt = jwtHs256Secret != null || jwtRs256PublicKeyPem != null;
    if (jwt && (jwtIssuer == null || jwtIssuer.isBlank())) {
      throw new IllegalArgumentException("api.jwt.issuer is required when JWTs are accepted");
    }
    if (jwt && (jwtAudience == null || jwtAudience.isBlank())) {
      throw new IllegalArgumentException("api.jwt.audience is required when JWTs are accepted");
    }
    if (jwtHs256Secret != null && jwtHs256Secret.reveal().length() < 32) {
      throw new IllegalArgumentException("api.jwt.hs256Secret must be at least 32 bytes");
    }
    if (!(perClientRate > 0)) {
      throw new IllegalArgumentException("api.perClientRate must be > 0: " + perClientRate);
    }
    if (perClientBurst < 1) {
      throw new IllegalArgumentException("api.perClientBurst must be >= 1: " + perClientBurst);
    }
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("api.jwt.clockSkew must be >= 0: " + clockSkew);
    }
  }

  /** Only API keys, default limits. */
  public static ApiAuthConfig ofKeys(List<ApiKey> keys) {
    return new ApiAuthConfig(keys, null, null, null, null, null, 0, 0);
  }

  /** True when no client could ever authenticate: the API is closed. */
  public boolean closed() {
    return apiKeys.isEmpty() && jwtHs256Secret == null && jwtRs256PublicKeyPem == null;
  }
}
