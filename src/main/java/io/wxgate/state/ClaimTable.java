package io.wxgate.state;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process dedup claims and first answers, compact enough that a burst of distinct pushes
 * does not turn into a heap the collector has to copy: a claim is 16 bytes in a {@code long[]} (96
 * bits of the key's {@link KeyHash} and a 32-bit expiry in whole seconds, rounded up so a claim
 * lives at least its TTL), in open-addressing tables with linear probing, one per stripe of {@value
 * #STRIPES}, each under its own lock. Two keys are taken for one only if 96 hash bits agree (chance
 * about n / 2<sup>96</sup> per claim with n live claims).
 *
 * <p>Expired claims are dropped when a stripe has to grow and by {@link #purge}; a stripe grows by
 * doubling up to its share of {@code maxClaims}. <b>When full</b> (that many claims all within
 * their TTL) a new claim still succeeds, and makes room by evicting the claim nearest its expiry
 * among the next few in its table: WeChat retries within about 15 s of the first delivery, so the
 * oldest claims are the ones least likely to be needed. Each eviction is counted ({@link
 * #claimEvictions()}) and a warning is logged at most once a minute. A new push is never refused
 * for lack of room, since that would drop a message no handler has seen.
 *
 * <p>First answers stay objects (they are replies to send again), at most {@code maxAnswers} in
 * all, each until its own expiry. When full a new answer is not kept (counted in {@link
 * #answersDropped()}) and a retry of that push is answered {@code success}, which WeChat accepts.
 * Replacing the oldest instead was measured (docs/BENCHMARKS.md): at tens of thousands of replies a
 * second every answer then lives under a second, too short to serve a retry (WeChat's first comes
 * after 5 s), and the answers churning through the old generation cost 1.5x the young-collection
 * time, four full collections and 9 ms of p99 in a 20 s run.
 *
 * <p>Thread-safe.
 */
final class ClaimTable {
  static final int STRIPES = 64;
  private static final Logger log = LoggerFactory.getLogger(ClaimTable.class);
  private static final int MIN_SLOTS = 64;
  private static final long HIGH = 0xFFFF_FFFF_0000_0000L;
  private static final long LOW = 0x0000_0000_FFFF_FFFFL;
  // how many occupied slots from a new claim's home slot are considered for eviction
  private static final int EVICTION_WINDOW = 8;
  private static final long WARN_EVERY_MILLIS = 60_000;

  private final Stripe[] stripes = new Stripe[STRIPES];
  private final int maxSlots;
  private final int maxAnswersPerStripe;
  private final long originSecond;
  private final LongAdder claimEvictions = new LongAdder();
  private final LongAdder answersDropped = new LongAdder();
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
  private long reportedEvictions;

  /**
   * @param maxClaims live claims kept before the oldest are evicted (rounded up so each stripe's
   *     table is a power of two at most three-quarters full)
   * @param maxAnswers first answers kept before the oldest are dropped
   * @param originMillis the clock's time now: expiries are stored as seconds from about then
   */
  ClaimTable(int maxClaims, int maxAnswers, long originMillis) {
    if (maxClaims < STRIPES) throw new IllegalArgumentException("maxClaims must be >= " + STRIPES);
    int perStripe = (maxClaims + STRIPES - 1) / STRIPES;
    int slots = MIN_SLOTS;
    while (limit(slots) < perStripe) slots <<= 1;
    this.maxSlots = slots;
    this.maxAnswersPerStripe = Math.max(1, (maxAnswers + STRIPES - 1) / STRIPES);
    // one second before now, so every stored expiry is >= 1 and 0 can mean an empty slot
    this.originSecond = Math.floorDiv(originMillis, 1000) - 1;
    for (int i = 0; i < STRIPES; i++) stripes[i] = new Stripe(Math.min(MIN_SLOTS, maxSlots));
  }

  /** Claims a key: true for the first caller until the claim expires, false for later ones. */
  boolean claim(KeyHash key, long nowMillis, long ttlMillis) {
    long now = second(nowMillis);
    int expiry = expiry(nowMillis, ttlMillis);
    Stripe s = stripe(key);
    long evicted;
    s.lock.lock();
    try {
      int found = s.find(key.hi(), key.lo(), now);
      if (found == Stripe.LIVE) return false;
      if (found == Stripe.REFRESHED) {
        s.refresh(key.hi(), key.lo(), expiry);
        return true;
      }
      evicted = s.insert(key.hi(), key.lo(), expiry, now);
    } finally {
      s.lock.unlock();
    }
    if (evicted >= 0) evicted(nowMillis, evicted);
    return true;
  }

  /** Forgets a claim and its answer. */
  void release(KeyHash key) {
    Stripe s = stripe(key);
    s.lock.lock();
    try {
      s.remove(key.hi(), key.lo());
      s.answers.remove(key);
    } finally {
      s.lock.unlock();
    }
  }

  void putAnswer(KeyHash key, String text, long expiresAtMillis, long nowMillis) {
    Stripe s = stripe(key);
    boolean dropped = false;
    s.lock.lock();
    try {
      s.dropExpiredAnswers(nowMillis);
      if (s.answers.size() < maxAnswersPerStripe || s.answers.containsKey(key)) {
        s.answers.put(key, new Answer(expiresAtMillis, text));
      } else {
        dropped = true;
      }
    } finally {
      s.lock.unlock();
    }
    if (dropped) answersDropped.increment();
  }

  /** The stored answer, or null when there is none or it expired. */
  String answer(KeyHash key, long nowMillis) {
    Stripe s = stripe(key);
    s.lock.lock();
    try {
      Answer a = s.answers.get(key);
      return a == null || a.expiresAtMillis() <= nowMillis ? null : a.text();
    } finally {
      s.lock.unlock();
    }
  }

  /** Drops expired claims and answers, and gives back the memory of tables that emptied. */
  void purge(long nowMillis) {
    long now = second(nowMillis);
    for (Stripe s : stripes) {
      s.lock.lock();
      try {
        if (now >= s.earliestExpiry) s.rebuild(now, 0);
        s.answers.values().removeIf(a -> a.expiresAtMillis() <= nowMillis);
      } finally {
        s.lock.unlock();
      }
    }
  }

  /** Claims held (expired ones not yet dropped included). */
  int claims() {
    int n = 0;
    for (Stripe s : stripes) {
      s.lock.lock();
      try {
        n += s.used;
      } finally {
        s.lock.unlock();
      }
    }
    return n;
  }

  /** Claims evicted within their TTL because the table was full. */
  long claimEvictions() {
    return claimEvictions.sum();
  }

  /** Answers not kept because the answer map was full. */
  long answersDropped() {
    return answersDropped.sum();
  }

  /** The bytes held by the claim tables (not the answers). */
  long claimBytes() {
    long bytes = 0;
    for (Stripe s : stripes) {
      s.lock.lock();
      try {
        bytes += 8L * s.slots.length;
      } finally {
        s.lock.unlock();
      }
    }
    return bytes;
  }

  private void evicted(long nowMillis, long secondsLeft) {
    claimEvictions.increment();
    long last = lastWarning.get();
    if (nowMillis - last < WARN_EVERY_MILLIS && last != Long.MIN_VALUE) return;
    if (!lastWarning.compareAndSet(last, nowMillis)) return;
    long total = claimEvictions.sum();
    long since;
    synchronized (this) {
      since = total - reportedEvictions;
      reportedEvictions = total;
    }
    log.warn(
        "in-process dedup table full ({} claims): {} claims evicted before their expiry since the"
            + " last warning, the latest with {} s left; a WeChat retry of an evicted push reaches"
            + " the handlers again. Configure Redis (WXGATE_REDIS_URL) for this much traffic",
        STRIPES * limit(maxSlots),
        since,
        secondsLeft);
  }

  private Stripe stripe(KeyHash key) {
    // the top bits pick the stripe, the low bits the slot within it
    return stripes[(int) (key.hi() >>> 58)];
  }

  private long second(long millis) {
    return Math.floorDiv(millis, 1000) - originSecond;
  }

  private int expiry(long nowMillis, long ttlMillis) {
    long s = Math.ceilDiv(nowMillis + Math.max(0, ttlMillis), 1000) - originSecond;
    return (int) Math.min(Math.max(s, 1), LOW);
  }

  /** The most claims a table of this many slots holds: three-quarters full. */
  private static int limit(int slots) {
    return slots - slots / 4;
  }

  private record Answer(long expiresAtMillis, String text) {}

  /** One stripe: a linear-probing table of 2 longs per slot, and its answers. */
  private final class Stripe {
    static final int ABSENT = 0;
    static final int LIVE = 1;
    static final int REFRESHED = 2;

    final ReentrantLock lock = new ReentrantLock();
    final LinkedHashMap<KeyHash, Answer> answers = new LinkedHashMap<>();
    // slot i: [2i] = hash.hi, [2i+1] = high 32 bits of hash.lo | expiry second (0: empty slot)
    long[] slots;
    int used;
    // no claim in this stripe expires before this second: nothing to drop until then
    long earliestExpiry = LOW;
    private int foundAt;

    Stripe(int slotCount) {
      this.slots = new long[2 * slotCount];
    }

    int find(long hi, long lo, long now) {
      int mask = slots.length / 2 - 1;
      for (int i = (int) hi & mask; ; i = (i + 1) & mask) {
        long word = slots[2 * i + 1];
        if ((int) word == 0) return ABSENT;
        if (slots[2 * i] == hi && (word & HIGH) == (lo & HIGH)) {
          foundAt = i;
          return live(word, now) ? LIVE : REFRESHED;
        }
      }
    }

    /** Renews the expired claim {@link #find} found. */
    void refresh(long hi, long lo, int expiry) {
      slots[2 * foundAt + 1] = (lo & HIGH) | (expiry & LOW);
      earliestExpiry = Math.min(earliestExpiry, expiry & LOW);
    }

    /**
     * Inserts a key known to be absent. Returns the seconds left of a claim evicted to make room,
     * or -1.
     */
    long insert(long hi, long lo, int expiry, long now) {
      long evicted = -1;
      if (used + 1 > limit(slots.length / 2)) {
        int slotCount = slots.length / 2;
        if (slotCount < maxSlots || now >= earliestExpiry) rebuild(now, 1);
        if (used + 1 > limit(slots.length / 2)) evicted = evictNear(hi, now);
      }
      int mask = slots.length / 2 - 1;
      int i = (int) hi & mask;
      // an expired claim on the way is reused: the key is absent, so it cannot be further on
      while ((int) slots[2 * i + 1] != 0 && live(slots[2 * i + 1], now)) i = (i + 1) & mask;
      if ((int) slots[2 * i + 1] == 0) used++;
      slots[2 * i] = hi;
      slots[2 * i + 1] = (lo & HIGH) | (expiry & LOW);
      earliestExpiry = Math.min(earliestExpiry, expiry & LOW);
      return evicted;
    }

    void remove(long hi, long lo) {
      if (find(hi, lo, Long.MIN_VALUE) != ABSENT) delete(foundAt);
    }

    /**
     * Re-inserts the live claims into a table sized for them plus {@code extra} at most half full,
     * bounded by the stripe's maximum.
     */
    void rebuild(long now, int extra) {
      long[] old = slots;
      int live = 0;
      long earliest = LOW;
      for (int i = 1; i < old.length; i += 2) {
        if ((int) old[i] != 0 && live(old[i], now)) {
          live++;
          earliest = Math.min(earliest, old[i] & LOW);
        }
      }
      int slotCount = MIN_SLOTS;
      while (slotCount < maxSlots && slotCount < 2 * (live + extra)) slotCount <<= 1;
      slotCount = Math.min(slotCount, maxSlots);
      long[] fresh = new long[2 * slotCount];
      int mask = slotCount - 1;
      for (int i = 0; i < old.length; i += 2) {
        if ((int) old[i + 1] == 0 || !live(old[i + 1], now)) continue;
        int j = (int) old[i] & mask;
        while ((int) fresh[2 * j + 1] != 0) j = (j + 1) & mask;
        fresh[2 * j] = old[i];
        fresh[2 * j + 1] = old[i + 1];
      }
      slots = fresh;
      used = live;
      earliestExpiry = earliest;
    }

    /**
     * Deletes the claim nearest its expiry among the first few occupied slots from {@code hi}'s
     * home slot, and returns its seconds left.
     */
    private long evictNear(long hi, long now) {
      int mask = slots.length / 2 - 1;
      int victim = -1;
      long victimExpiry = Long.MAX_VALUE;
      int seen = 0;
      for (int i = (int) hi & mask, steps = 0; seen < EVICTION_WINDOW && steps <= mask; steps++) {
        long word = slots[2 * i + 1];
        if ((int) word != 0) {
          seen++;
          if ((word & LOW) < victimExpiry) {
            victimExpiry = word & LOW;
            victim = i;
          }
        }
        i = (i + 1) & mask;
      }
      delete(victim);
      return victimExpiry - now;
    }

    /** Backward-shift deletion: later slots of the run move up, so no tombstones are needed. */
    private void delete(int i) {
      int mask = slots.length / 2 - 1;
      int j = i;
      while (true) {
        j = (j + 1) & mask;
        long word = slots[2 * j + 1];
        if ((int) word == 0) break;
        int home = (int) slots[2 * j] & mask;
        // the claim at j may fill the hole at i only if its home is not within (i, j]
        boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (stays) continue;
        slots[2 * i] = slots[2 * j];
        slots[2 * i + 1] = word;
        i = j;
      }
      slots[2 * i] = 0;
      slots[2 * i + 1] = 0;
      used--;
    }

    void dropExpiredAnswers(long nowMillis) {
      // answers of one pipeline share one TTL, so the oldest expire first
      Iterator<Map.Entry<KeyHash, Answer>> it = answers.entrySet().iterator();
      while (it.hasNext() && it.next().getValue().expiresAtMillis() <= nowMillis) it.remove();
    }

    private static boolean live(long word, long now) {
      return (word & LOW) > now;
    }
  }
}
