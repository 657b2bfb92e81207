package io.wxgate.forward;

import io.wxgate.wechat.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on every webhook call: {@code X-Wxgate-Signature: sha256=<hex>}, the lower-case hex
 * HMAC-SHA256, keyed with the target's secret (its UTF-8 bytes), of the ASCII decimal {@code
 * X-Wxgate-Timestamp} (Unix seconds), one {@code .}, and the exact body bytes. Receivers recompute
 * it, compare in constant time and refuse timestamps far from their clock.
 */
public final class Signatures {
  public static final String SIGNATURE_HEADER = "X-Wxgate-Signature";
  public static final String TIMESTAMP_HEADER = "X-Wxgate-Timestamp";
  public static final String PREFIX = "sha256=";

  private Signatures() {}

  /** The header value for {@code body} sent at {@code timestamp} (Unix seconds). */
  public static String sign(Secret secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** True when {@code header} is the signature of {@code body} at {@code timestamp}. */
  public static boolean verify(Secret secret, String timestamp, byte[] body, String header) {
    if (header == null || timestamp == null) return false;
    long ts;
    try {
      ts = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII),
        header.getBytes(StandardCharsets.US_ASCII));
  }
}
