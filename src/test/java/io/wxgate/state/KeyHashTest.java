package io.wxgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHashTest {
  // MurmurHash3_x64_128 of the UTF-16LE bytes, seed 0, from an independent implementation of the
  // reference C code (which gives 6c1b07bc7bbc4be347939ac4a93c437a for the ASCII bytes of "The
  // quick brown fox jumps over the lazy dog")
  @Test
  void is_murmur3_x64_128_of_the_utf16le_bytes() {
    assertThat(KeyHash.of("", 0)).isEqualTo(new KeyHash(0, 0));
    assertThat(KeyHash.of("a", 0)).isEqualTo(new KeyHash(0x96a698500b4e98bdL, 0xb278c9bfc754677dL));
    assertThat(KeyHash.of("abcdefg", 0))
        .isEqualTo(new KeyHash(0xa0c7451959a72be9L, 0xa2e258a1ac2474a2L));
    assertThat(KeyHash.of("abcdefgh", 0))
        .isEqualTo(new KeyHash(0x2803a5bc696daeb2L, 0xa2b1eb7540d6d1faL));
    assertThat(KeyHash.of("abcdefghijkl", 0))
        .isEqualTo(new KeyHash(0x32a5252a1cc78791L, 0xebce9668db9187f8L));
    assertThat(KeyHash.of("wx5823bf96d3bd56c7|1234567890123456|oUser|1700000000", 0))
        .isEqualTo(new KeyHash(0x2ec792907395ec24L, 0x52feea90b8e641caL));
    assertThat(KeyHash.of("微信", 0))
        .isEqualTo(new KeyHash(0x9fc0555367521612L, 0x62b05ec496c4c384L));
  }

  @Test
  void the_seed_changes_every_hash() {
    assertThat(KeyHash.of("wx1|m1", 1)).isNotEqualTo(KeyHash.of("wx1|m1", 2));
  }

  @Test
  void similar_keys_spread_over_stripes_and_slots() {
    Set<KeyHash> hashes = new HashSet<>();
    int[] stripes = new int[ClaimTable.STRIPES];
    for (int i = 0; i < 64_000; i++) {
      KeyHash h = KeyHash.of("wx5823bf96d3bd56c7|" + (1_000_000_000L + i) + "|oUser|1700000000", 7);
      hashes.add(h);
      stripes[(int) (h.hi() >>> 58)]++;
    }
    assertThat(hashes).hasSize(64_000);
    for (int n : stripes) assertThat(n).isBetween(850, 1150);
  }
}
