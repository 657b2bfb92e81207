package io.wxgate.forward;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * Event and delivery ids: 26 characters of Crockford base32, 48 bits of milliseconds then 80 random
 * bits (the ULID layout), so ids sort by creation time and make a stable list cursor. Within one
 * millisecond (or when the clock steps back) the random part counts up, so ids from one instance
 * keep their creation order. Thread-safe.
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

  private long lastMillis = -1;
  private long lastHi;
  private long lastLo;

  synchronized String next() {
    long millis = clock.millis();
    long hi;
    long lo;
    if (millis <= lastMillis) {
      millis = lastMillis;
      hi = lastHi;
      lo = (lastLo + 1) & 0xFFFFFFFFFFL; // the low 40 bits are the ones encoded
      if (lo == 0) hi = (hi + 1) & 0xFFFFFFFFFFL;
    } else {
      hi = random.nextLong() & 0xFFFFFFFFFFL;
      lo = random.nextLong() & 0x7FFFFFFFFFL; // room to count up within the millisecond
    }
    lastMillis = millis;
    lastHi = hi;
    lastLo = lo;
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    // most significant 5-bit group first, so the text sorts like the number
    for (int i = 0; i < 8; i++) {
      out[17 - i] = ALPHABET[(int) ((hi >>> (5 * i)) & 31)];
      out[25 - i] = ALPHABET[(int) ((lo >>> (5 * i)) & 31)];
    }
    return new String(out);
  }
}
