package io.wxgate.testsupport;

import java.security.SecureRandom;
import java.util.Base64;

/** Test credentials shaped like the real ones. */
public final class TestKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestKeys() {}

  /**
   * A random EncodingAESKey of letters and digits, as the MP console generates them; ending in
   * {@code A} keeps the unused low bits zero, which WxJava's strict decoder insists on.
   */
  public static String aesKey() {
    while (true) {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      String encoded = Base64.getEncoder().withoutPadding().encodeToString(key);
      if (encoded.matches("[A-Za-z0-9]{43}") && encoded.endsWith("A")) return encoded;
    }
  }
}
