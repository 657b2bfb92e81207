package io.wxgate.outbox;

import io.wxgate.config.OutboxConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished messages (SENT, DELIVERED, FAILED_*, DEAD, CANCELLED) and their attempts once
 * they have not changed for {@code retentionDays}; messages still to be sent are never touched.
 * {@link #start} runs {@link #runOnce} hourly on a virtual thread.
 */
public final class Retention implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  private static final int CHUNK = 1000;
  private static final Duration EVERY = Duration.ofHours(1);

  private final Outbox outbox;
  private final Duration keep;
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread loop;

  public Retention(Outbox outbox, OutboxConfig config) {
    this.outbox = outbox;
    this.keep = Duration.ofDays(config.retentionDays());
  }

  /** Purges everything due now, in chunks of 1,000 per transaction; returns how many messages. */
  public int runOnce() {
    Instant before = outbox.clock().instant().minus(keep);
    int total = 0;
    int n;
    do {
      n = outbox.store().purgeFinished(before, CHUNK);
      total += n;
    } while (n == CHUNK);
    outbox.metrics().count(OutboxMetrics.PURGED, total);
    if (total > 0) log.info("retention purged {} finished messages older than {}", total, before);
    return total;
  }

  public synchronized void start() {
    loop =
        Thread.ofVirtual()
            .name("wxgate-retention")
            .start(
                () -> {
                  do {
                    try {
                      runOnce();
                    } catch (RuntimeException e) {
                      log.warn("retention round failed: {}", e.toString());
                    }
                    try {
                      if (stop.await(EVERY.toMillis(), TimeUnit.MILLISECONDS)) return;
                    } catch (InterruptedException e) {
                      return;
                    }
                  } while (true);
                });
  }

  @Override
  public void close() {
    stop.countDown();
  }
}
