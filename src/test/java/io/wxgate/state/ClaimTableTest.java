package io.wxgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ClaimTableTest {
  private static final long T0 = 1_900_000_000_000L; // a whole second
  private static final long MINUTE = 60_000;

  /** A hash in stripe 0 whose home slot is {@code home}; {@code tag} tells keys apart. */
  private static KeyHash inStripe0(int home, long tag) {
    return new KeyHash(home | (tag << 20), tag << 40);
  }

  @Test
  void a_claim_is_taken_once_until_its_ttl_passes() {
    ClaimTable t = new ClaimTable(1 << 16, 100, T0);
    KeyHash k = KeyHash.of("wx1|m1", 1);
    assertThat(t.claim(k, T0, MINUTE)).isTrue();
    assertThat(t.claim(k, T0 + MINUTE - 1, MINUTE)).isFalse();
    assertThat(t.claim(k, T0 + MINUTE, MINUTE)).isTrue();
    assertThat(t.claims()).isEqualTo(1);
  }

  @Test
  void a_claim_lives_at_least_its_ttl_when_made_mid_second() {
    ClaimTable t = new ClaimTable(1 << 16, 100, T0);
    KeyHash k = KeyHash.of("wx1|m1", 1);
    assertThat(t.claim(k, T0 + 999, 1_500)).isTrue();
    assertThat(t.claim(k, T0 + 999 + 1_499, MINUTE)).isFalse();
    // rounded up to the next whole second, never more than a second longer
    assertThat(t.claim(k, T0 + 999 + 1_500 + 1_000, MINUTE)).isTrue();
  }

  @Test
  void keys_sharing_a_home_slot_are_kept_apart_and_survive_each_others_release() {
    ClaimTable t = new ClaimTable(1 << 16, 100, T0);
    List<KeyHash> keys = new ArrayList<>();
    for (int tag = 1; tag <= 20; tag++) keys.add(inStripe0(5, tag));
    for (KeyHash k : keys) assertThat(t.claim(k, T0, MINUTE)).isTrue();
    // the middle of the run goes; the rest must still be found behind it
    t.release(keys.get(3));
    t.release(keys.get(10));
    for (int i = 0; i < keys.size(); i++) {
      assertThat(t.claim(keys.get(i), T0 + 1, MINUTE)).as("key %d", i).isEqualTo(i == 3 || i == 10);
    }
    assertThat(t.claims()).isEqualTo(20);
  }

  @Test
  void keys_differing_only_in_the_unstored_32_bits_are_one_claim() {
    ClaimTable t = new ClaimTable(1 << 16, 100, T0);
    assertThat(t.claim(new KeyHash(42, 7L << 32 | 1), T0, MINUTE)).isTrue();
    assertThat(t.claim(new KeyHash(42, 7L << 32 | 2), T0, MINUTE)).isFalse();
    assertThat(t.claim(new KeyHash(42, 8L << 32 | 1), T0, MINUTE)).isTrue();
  }

  @Test
  void grows_for_many_claims_and_gives_the_memory_back_once_they_expire() {
    ClaimTable t = new ClaimTable(1 << 20, 100, T0);
    long empty = t.claimBytes();
    RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    List<KeyHash> keys = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) keys.add(new KeyHash(random.nextLong(), random.nextLong()));
    for (KeyHash k : keys) assertThat(t.claim(k, T0, MINUTE)).isTrue();
    for (KeyHash k : keys) assertThat(t.claim(k, T0 + 1_000, MINUTE)).isFalse();
    assertThat(t.claims()).isEqualTo(100_000);
    // 16 bytes per slot, at most three-quarters and (after doubling) at least 3/8 full
    assertThat(t.claimBytes())
        .isBetween(16L * 100_000 * 4 / 3, 16L * 100_000 * 8 / 3 + 16 * 64 * 64);
    assertThat(t.claimEvictions()).isZero();
    t.purge(T0 + MINUTE);
    assertThat(t.claims()).isZero();
    assertThat(t.claimBytes()).isEqualTo(empty);
  }

  @Test
  void expired_claims_make_room_before_any_live_one_is_evicted() {
    // one stripe holds at most 48 claims (64 slots, three-quarters full)
    ClaimTable t = new ClaimTable(48 * ClaimTable.STRIPES, 100, T0);
    for (int i = 0; i < 48; i++) assertThat(t.claim(inStripe0(i, i + 1), T0, 10_000)).isTrue();
    for (int i = 0; i < 48; i++) {
      assertThat(t.claim(inStripe0(i, 100 + i), T0 + 10_000, MINUTE)).isTrue();
    }
    assertThat(t.claimEvictions()).isZero();
    assertThat(t.claims()).isEqualTo(48);
  }

  @Test
  void when_full_a_new_claim_evicts_the_one_nearest_expiry_and_counts_it() {
    ClaimTable t = new ClaimTable(48 * ClaimTable.STRIPES, 100, T0);
    // claim i made at second i: claim 0 expires first
    for (int i = 0; i < 48; i++) {
      assertThat(t.claim(inStripe0(i, i + 1), T0 + 1_000L * i, MINUTE)).isTrue();
    }
    long now = T0 + 48_000;
    assertThat(t.claim(inStripe0(0, 1000), now, MINUTE)).isTrue();
    assertThat(t.claimEvictions()).isEqualTo(1);
    assertThat(t.claims()).isEqualTo(48);
    // the evicted one is claimable again (it evicts the next oldest); the young ones are not
    assertThat(t.claim(inStripe0(0, 1), now, MINUTE)).isTrue();
    assertThat(t.claimEvictions()).isEqualTo(2);
    for (int i = 2; i < 48; i++) {
      assertThat(t.claim(inStripe0(i, i + 1), now, MINUTE)).as("claim %d", i).isFalse();
    }
    assertThat(t.claim(inStripe0(0, 1000), now, MINUTE)).isFalse();
    // other stripes are untouched by this one being full
    assertThat(t.claim(new KeyHash(1L << 58, 1), now, MINUTE)).isTrue();
    assertThat(t.claimEvictions()).isEqualTo(2);
  }

  @Test
  void answers_are_kept_for_their_ttl_and_forgotten_on_release() {
    ClaimTable t = new ClaimTable(1 << 16, 100, T0);
    KeyHash k = KeyHash.of("wx1|m1", 1);
    t.claim(k, T0, MINUTE);
    assertThat(t.answer(k, T0)).isNull();
    t.putAnswer(k, "<xml>hi</xml>", T0 + 30_000, T0);
    assertThat(t.answer(k, T0 + 29_999)).isEqualTo("<xml>hi</xml>");
    assertThat(t.answer(k, T0 + 30_000)).isNull();
    t.putAnswer(k, "<xml>hi</xml>", T0 + 30_000, T0);
    t.release(k);
    assertThat(t.answer(k, T0)).isNull();
    assertThat(t.claim(k, T0, MINUTE)).isTrue();
  }

  @Test
  void when_the_answers_are_full_a_new_one_is_not_kept_and_counted() {
    // one answer per stripe
    ClaimTable t = new ClaimTable(1 << 16, ClaimTable.STRIPES, T0);
    KeyHash first = inStripe0(1, 1);
    KeyHash second = inStripe0(2, 2);
    t.putAnswer(first, "first", T0 + 30_000, T0);
    t.putAnswer(second, "second", T0 + 30_000, T0 + 1);
    assertThat(t.answer(first, T0 + 2)).isEqualTo("first");
    assertThat(t.answer(second, T0 + 2)).isNull();
    assertThat(t.answersDropped()).isEqualTo(1);
    // once the first expires there is room again
    t.putAnswer(second, "second", T0 + 60_000, T0 + 30_000);
    assertThat(t.answer(second, T0 + 30_000)).isEqualTo("second");
    assertThat(t.answersDropped()).isEqualTo(1);
  }

  @Test
  void concurrent_claims_of_the_same_keys_succeed_exactly_once_each() throws Exception {
    ClaimTable t = new ClaimTable(1 << 20, 100, T0);
    int keys = 20_000;
    int threads = 8;
    AtomicIntegerArray wins = new AtomicIntegerArray(keys);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int offset = w * 997;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    // each thread walks the keys from a different place, so stripes grow under
                    // contention
                    for (int n = 0; n < keys; n++) {
                      int i = (n + offset) % keys;
                      if (t.claim(KeyHash.of("wx1|" + i, 3), T0, MINUTE)) wins.incrementAndGet(i);
                    }
                  }));
    }
    start.countDown();
    for (Thread w : workers) w.join();
    for (int i = 0; i < keys; i++) assertThat(wins.get(i)).as("key %d", i).isEqualTo(1);
    assertThat(t.claims()).isEqualTo(keys);
  }
}
