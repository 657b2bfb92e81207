package io.wxgate.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Each AppID's share of failed sends over a sliding window of ten slots. Cheap and approximate by
 * one slot, which is all an alert needs. Thread-safe.
 */
final class FailureRates {
  private static final int SLOTS = 10;
  private final double threshold;
  private final int minSamples;
  private final long slotMillis;
  private final Map<String, Window> windows = new HashMap<>();

  FailureRates(double threshold, int minSamples, Duration window) {
    this.threshold = threshold;
    this.minSamples = minSamples;
    this.slotMillis = Math.max(1, window.toMillis() / SLOTS);
  }

  private static final class Window {
    final long[] slot = new long[SLOTS];
    final long[] ok = new long[SLOTS];
    final long[] failed = new long[SLOTS];
  }

  /**
   * Records one outcome; returns the failure rate when it is at or over the threshold with enough
   * samples in the window, else -1.
   */
  synchronized double record(String appId, boolean failure, Instant now) {
    long current = now.toEpochMilli() / slotMillis;
    Window w = windows.computeIfAbsent(appId, id -> new Window());
    int i = (int) (current % SLOTS);
    if (w.slot[i] != current) {
      w.slot[i] = current;
      w.ok[i] = 0;
      w.failed[i] = 0;
    }
    if (failure) w.failed[i]++;
    else w.ok[i]++;
    long total = 0;
    long bad = 0;
    for (int j = 0; j < SLOTS; j++) {
      if (w.slot[j] > current - SLOTS) {
        total += w.ok[j] + w.failed[j];
        bad += w.failed[j];
      }
    }
    if (total < minSamples) return -1;
    double rate = (double) bad / total;
    return rate >= threshold ? rate : -1;
  }
}
