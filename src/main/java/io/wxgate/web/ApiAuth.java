package io.wxgate.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.http.Context;
import io.wxgate.WxgateException;
import io.wxgate.config.ApiAuthConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Authenticates every {@code /api} request: {@code X-Api-Key} from configuration, or a JWT bearer
 * token (HS256 or RS256; issuer, audience, expiry checked). The result is a {@link Client} stored
 * on the request; routes then ask it for scopes and AppIDs. Missing or bad credentials throw {@link
 * Unauthorized} (401); a valid client without the right throws {@link Forbidden} (403). Reasons
 * never echo the credential. Thread-safe.
 */
public final class ApiAuth {
  static final String CLIENT_ATTRIBUTE = "wxgate.apiClient";

  /** An authenticated caller; {@code appIds} empty means every account. */
  public record Client(String id, Set<String> scopes, Set<String> appIds) {
    public Client {
      scopes = Set.copyOf(scopes);
      appIds = Set.copyOf(appIds);
    }

    /**
     * @throws Forbidden when the client lacks the scope
     */
    public void require(String scope) {
      if (!scopes.contains(scope)) throw new Forbidden("client " + id + " lacks scope " + scope);
    }

    public boolean mayUse(String appId) {
      return appIds.isEmpty() || appIds.contains(appId);
    }

    /**
     * @throws Forbidden when the client may not send for or read this AppID
     */
    public void requireApp(String appId) {
      if (appId != null && !mayUse(appId)) {
        throw new Forbidden("client " + id + " may not use AppID " + appId);
      }
    }
  }

  /** 401: no credential, or one that is malformed, unknown, expired or wrongly signed. */
  public static final class Unauthorized extends WxgateException {
    public Unauthorized(String message) {
      super(message);
    }
  }

  /** 403: the client is known but not allowed to do this. */
  public static final class Forbidden extends WxgateException {
    public Forbidden(String message) {
      super(message);
    }
  }

  private record Key(byte[] digest, ApiAuthConfig.ApiKey key) {}

  private final ApiAuthConfig config;
  private final InstantSource clock;
  private final List<Key> keys;
  private final JWSVerifier hs256;
  private final JWSVerifier rs256;

  public ApiAuth(ApiAuthConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
    this.keys = config.apiKeys().stream().map(k -> new Key(sha256(k.key().reveal()), k)).toList();
    try {
      this.hs256 =
          config.jwtHs256Secret() == null
              ? null
              : new MACVerifier(config.jwtHs256Secret().reveal().getBytes(StandardCharsets.UTF_8));
      this.rs256 =
          config.jwtRs256PublicKeyPem() == null
              ? null
              : new RSASSAVerifier(rsaPublicKey(config.jwtRs256PublicKeyPem()));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("api.jwt key unusable: " + e.getMessage(), e);
    }
  }

  /** A before-handler: authenticates the request and stores its {@link Client}. */
  public void authenticate(Context ctx) {
    ctx.attribute(
        CLIENT_ATTRIBUTE, authenticate(ctx.header("X-Api-Key"), ctx.header("Authorization")));
  }

  /** The client {@link #authenticate(Context)} stored on this request. */
  public static Client client(Context ctx) {
    Client c = ctx.attribute(CLIENT_ATTRIBUTE);
    if (c == null) throw new Unauthorized("not authenticated");
    return c;
  }

  Client authenticate(String apiKey, String authorization) {
    if (apiKey != null && !apiKey.isEmpty()) return byApiKey(apiKey);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return byJwt(authorization.substring(7).trim());
    }
    throw new Unauthorized("credentials required: X-Api-Key or Authorization: Bearer");
  }

  private Client byApiKey(String presented) {
    // compare digests of equal length, every key every time: no timing hint about which matched
    byte[] digest = sha256(presented);
    ApiAuthConfig.ApiKey found = null;
    for (Key k : keys) {
      if (MessageDigest.isEqual(k.digest(), digest)) found = k.key();
    }
    if (found == null) throw new Unauthorized("unknown API key");
    return new Client(found.clientId(), found.scopes(), found.appIds());
  }

  private Client byJwt(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new Unauthorized("malformed bearer token");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    JWSVerifier verifier =
        JWSAlgorithm.HS256.equals(alg) ? hs256 : JWSAlgorithm.RS256.equals(alg) ? rs256 : null;
    if (verifier == null) throw new Unauthorized("bearer token algorithm not accepted: " + alg);
    try {
      if (!jwt.verify(verifier)) throw new Unauthorized("bearer token signature invalid");
    } catch (JOSEException e) {
      throw new Unauthorized("bearer token signature invalid");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !exp.toInstant().plus(config.clockSkew()).isAfter(now)) {
      throw new Unauthorized("bearer token expired or without exp");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minus(config.clockSkew()).isAfter(now)) {
      throw new Unauthorized("bearer token not valid yet");
    }
    if (!config.jwtIssuer().equals(claims.getIssuer())) {
      throw new Unauthorized("bearer token issuer not accepted");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(config.jwtAudience())) {
      throw new Unauthorized("bearer token audience not accepted");
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) throw new Unauthorized("bearer token without sub");
    return new Client(subject, scopesOf(claims), appIdsOf(claims));
  }

  private static Set<String> scopesOf(JWTClaimsSet claims) {
    Object scope = claims.getClaim("scope");
    if (scope == null) return ApiAuthConfig.ALL_SCOPES;
    if (scope instanceof String s) return Set.of(s.trim().split("\\s+"));
    if (scope instanceof List<?> list) {
      Set<String> out = new HashSet<>();
      list.forEach(o -> out.add(String.valueOf(o)));
      return out;
    }
    throw new Unauthorized("bearer token scope claim malformed");
  }

  private static Set<String> appIdsOf(JWTClaimsSet claims) {
    Object ids = claims.getClaim("app_ids");
    if (ids == null) return Set.of();
    if (ids instanceof List<?> list) {
      Set<String> out = new HashSet<>();
      list.forEach(o -> out.add(String.valueOf(o)));
      return out;
    }
    throw new Unauthorized("bearer token app_ids claim malformed");
  }

  private static RSAPublicKey rsaPublicKey(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s+", "");
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("api.jwt.rs256PublicKey is not a PEM RSA public key", e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
