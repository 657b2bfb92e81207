package io.wxgate.state;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each operation to Redis while it answers and to in-process state while it does not. Once a
 * call fails, every later call goes in-process at once (no timeout per call during an outage) until
 * a probe sees Redis answer again.
 */
final class Circuit {
  private static final Logger log = LoggerFactory.getLogger(Circuit.class);

  /** Null while Redis answers; otherwise why it is considered down. */
  private final AtomicReference<String> downReason = new AtomicReference<>();

  <T> T call(Supplier<T> shared, Supplier<T> local) {
    if (downReason.get() == null) {
      try {
        return shared.get();
      } catch (SharedStateUnavailableException e) {
        markDown(e.getMessage());
      }
    }
    return local.get();
  }

  void run(Runnable shared, Runnable local) {
    call(
        () -> {
          shared.run();
          return null;
        },
        () -> {
          local.run();
          return null;
        });
  }

  boolean isUp() {
    return downReason.get() == null;
  }

  String downReason() {
    return downReason.get();
  }

  void markDown(String reason) {
    if (downReason.compareAndSet(null, reason)) {
      log.warn("Redis unreachable, using in-process state until it answers: {}", reason);
    }
  }

  void markUp() {
    if (downReason.getAndSet(null) != null) {
      log.info("Redis answers again, state is shared again");
    }
  }
}
