package io.wxgate.sandbox;

import io.wxgate.config.SandboxConfig.Faults;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Applies the current {@link Faults} to API calls. Faults can be replaced at any time; draws come
 * from one seeded generator, so a given seed and call order give the same fault sequence.
 * Thread-safe.
 */
final class FaultInjector {
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Faults faults;
  private Random random;

  FaultInjector(Faults faults) {
    replace(faults);
  }

  synchronized void replace(Faults newFaults) {
    this.faults = newFaults;
    this.random = newFaults.seed() == null ? new Random() : new Random(newFaults.seed());
  }

  Faults current() {
    return faults;
  }

  /**
   * Waits the drawn latency, then hangs when the hang rate says so. Returns true when the call hung
   * (the caller answers -1, which a client that timed out never sees).
   */
  boolean delayOrHang(String api) {
    Faults f = faults;
    if (!f.apis().contains(api)) return false;
    long latency;
    boolean hang;
    synchronized (this) {
      long spread = f.latencyMaxMs() - f.latencyMinMs();
      latency = f.latencyMinMs() + (spread == 0 ? 0 : random.nextLong(spread + 1));
      hang = f.hangRate() > 0 && random.nextDouble() < f.hangRate();
    }
    if (hang) latency += f.hangMs();
    if (latency > 0) pause(latency);
    return hang;
  }

  /** The errcode to answer instead of success, or 0. */
  int injectedError(String api) {
    Faults f = faults;
    return f.apis().contains(api) ? draw(f.errorRates()) : 0;
  }

  /** The HTTP error status to answer before looking at the call, or 0. */
  int injectedHttpStatus(String api) {
    Faults f = faults;
    return f.apis().contains(api) ? draw(f.httpErrorRates()) : 0;
  }

  /** A key drawn by its probability, or 0; draws nothing when there is nothing to draw from. */
  private int draw(Map<Integer, Double> rates) {
    if (rates.isEmpty()) return 0;
    double draw;
    synchronized (this) {
      draw = random.nextDouble();
    }
    double cumulative = 0;
    List<Map.Entry<Integer, Double>> sorted =
        rates.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    for (var rate : sorted) {
      cumulative += rate.getValue();
      if (draw < cumulative) return rate.getKey();
    }
    return 0;
  }

  /** Ends every pending latency and hang at once, so closing the sandbox never waits on them. */
  void close() {
    closed.countDown();
  }

  private void pause(long millis) {
    try {
      closed.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
