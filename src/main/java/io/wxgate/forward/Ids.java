package io.wxgate.forward;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * Event and delivery ids: 26 characters of Crockford base32, 48 bits of milliseconds then 80 random
 * bits (the ULID layout), so ids sort by creation time and make a stable list cursor.
 */
final class Ids {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private final InstantSource clock;
  private final RandomGenerator random;

  Ids(InstantSource clock) {
    this(clock, new SecureRandom());
  }

  Ids(InstantSource clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  String next() {
    long millis = clock.millis();
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    long hi = random.nextLong();
    long lo = random.nextLong();
    for (int i = 10; i < 26; i++) {
      long source = i < 18 ? hi : lo;
      out[i] = ALPHABET[(int) ((source >>> (5 * ((i - 10) % 8))) & 31)];
    }
    return new String(out);
  }
}
