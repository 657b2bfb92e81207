package io.wxgate.wechat.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * WeChat's request signatures: {@code sha1(join(sort(parts)))} as lowercase hex. Used both for the
 * 3-field {@code signature} (token, timestamp, nonce) and the 4-field {@code msg_signature} (plus
 * the {@code Encrypt} text). Static and thread-safe.
 */
public final class Signature {
  private static final HexFormat HEX = HexFormat.of();

  private Signature() {}

  /**
   * Signs the given parts: sorts a copy lexicographically, concatenates without separator, hashes
   * the UTF-8 bytes with SHA-1. Throws {@link NullPointerException} for a null part.
   */
  public static String sign(String... parts) {
    return HEX.formatHex(digest(parts));
  }

  /**
   * Whether {@code expected} is the signature of {@code parts}, compared in constant time. Any null
   * (expected, the array or a part) yields {@code false} instead of an exception, so raw query
   * parameters can be passed straight in.
   */
  public static boolean verify(String expected, String... parts) {
    if (expected == null || parts == null || expected.length() != 40) {
      return false;
    }
    for (String part : parts) {
      if (part == null) {
        return false;
      }
    }
    byte[] actual = HEX.formatHex(digest(parts)).getBytes(StandardCharsets.ISO_8859_1);
    // Lowercase only: WeChat always sends lowercase, and accepting case variants buys nothing.
    return MessageDigest.isEqual(actual, expected.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] digest(String[] parts) {
    String[] sorted = parts.clone();
    Arrays.sort(sorted);
    MessageDigest sha1 = sha1();
    for (String part : sorted) {
      sha1.update(part.getBytes(StandardCharsets.UTF_8));
    }
    return sha1.digest();
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }
}
