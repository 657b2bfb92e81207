package io.wxgate.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for send outcomes. Hundreds of sends finish at nearly the same time; committing each
 * alone costs a transaction (and a WAL flush on PostgreSQL) per message. Here each send hands its
 * outcome over and waits; one writer commits whatever has gathered meanwhile in one transaction.
 * Under load the groups grow by themselves (while one group commits the next one gathers); alone,
 * an outcome is written at once, so nothing waits for a timer.
 *
 * <p>{@link #finish} returns only once the outcome is committed, exactly like {@link
 * OutboxStore#finish}: the message's permit and lease stay with the sender until then. A group the
 * database refuses is retried one outcome at a time, so one bad row fails only its own send.
 */
final class OutcomeWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
  private static final int MAX_GROUP = 500;

  private record Pending(OutboxStore.Outcome outcome, CompletableFuture<Boolean> held) {}

  private final OutboxStore store;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  OutcomeWriter(OutboxStore store) {
    this.store = store;
    this.writer = Thread.ofVirtual().name("wxgate-outcome-writer").start(this::run);
  }

  /**
   * Records the outcome and returns once it is committed.
   *
   * @throws LeaseLost when the owner no longer holds the message
   * @throws io.wxgate.store.StoreException when the database refused it
   */
  void finish(String id, String owner, OutboxStore.Finish f, Instant now) {
    Pending p = new Pending(new OutboxStore.Outcome(id, owner, f, now), new CompletableFuture<>());
    boolean direct;
    synchronized (this) {
      direct = closed;
      if (!direct) queue.add(p);
    }
    if (direct) {
      store.finish(id, owner, f, now);
      return;
    }
    boolean held;
    try {
      held = p.held().join(); // not interruptible: the outcome is written whatever the caller does
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw e;
    }
    if (!held) throw new LeaseLost(id, owner);
  }

  private void run() {
    List<Pending> group = new ArrayList<>(MAX_GROUP);
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        group.add(first);
      } catch (InterruptedException e) {
        continue; // only close() ends this thread, and only once the queue is empty
      }
      queue.drainTo(group, MAX_GROUP - group.size());
      write(group);
      group.clear();
    }
  }

  private void write(List<Pending> group) {
    if (group.isEmpty()) return;
    try {
      boolean[] held = store.finishAll(group.stream().map(Pending::outcome).toList());
      for (int i = 0; i < held.length; i++) group.get(i).held().complete(held[i]);
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.get(0).held().completeExceptionally(e);
        return;
      }
      log.warn(
          "recording {} send outcomes together failed ({}); one at a time",
          group.size(),
          e.toString());
      for (Pending p : group) write(List.of(p));
    }
  }

  /** Writes every outcome already handed over, then stops; later outcomes are written directly. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true; // from here nothing joins the queue, so the writer drains it and ends
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
