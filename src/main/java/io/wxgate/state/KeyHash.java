package io.wxgate.state;

/**
 * A 128-bit hash of a dedup key: MurmurHash3 x64/128 of the key's UTF-16LE bytes, read straight
 * from the chars so nothing is encoded or copied. {@link ClaimTable} keeps these instead of the key
 * strings. The seed is per process, so which keys share a slot cannot be planned from outside.
 */
record KeyHash(long hi, long lo) {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  static KeyHash of(String key, long seed) {
    long h1 = seed;
    long h2 = seed;
    int n = key.length();
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      h1 ^= mixK1(fourChars(key, i));
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(fourChars(key, i + 4));
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int rest = n - i;
    long k1 = 0;
    long k2 = 0;
    for (int j = 0; j < rest; j++) {
      long c = key.charAt(i + j);
      if (j < 4) k1 |= c << (16 * j);
      else k2 |= c << (16 * (j - 4));
    }
    if (rest > 4) h2 ^= mixK2(k2);
    if (rest > 0) h1 ^= mixK1(k1);
    long bytes = 2L * n;
    h1 ^= bytes;
    h2 ^= bytes;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    return new KeyHash(h1, h2);
  }

  private static long fourChars(String s, int i) {
    return s.charAt(i)
        | (long) s.charAt(i + 1) << 16
        | (long) s.charAt(i + 2) << 32
        | (long) s.charAt(i + 3) << 48;
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
