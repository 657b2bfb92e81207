package io.wxgate.outbox;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * Message ids: 26 characters of Crockford base32, 48 bits of milliseconds then 80 random bits (the
 * ULID layout), so ids sort by creation time, make a stable list cursor and are unguessable. The id
 * is also WeChat's {@code client_msg_id}.
 */
final class MessageIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private final InstantSource clock;
  private final RandomGenerator random;

  MessageIds(InstantSource clock) {
    this(clock, new SecureRandom());
  }

  MessageIds(InstantSource clock, RandomGenerator random) {
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
      int shift = 5 * ((i - 10) % 8);
      out[i] = ALPHABET[(int) ((source >>> shift) & 31)];
    }
    return new String(out);
  }

  static boolean looksValid(String id) {
    if (id == null || id.length() != 26) return false;
    for (int i = 0; i < id.length(); i++) {
      if (new String(ALPHABET).indexOf(id.charAt(i)) < 0) return false;
    }
    return true;
  }
}
