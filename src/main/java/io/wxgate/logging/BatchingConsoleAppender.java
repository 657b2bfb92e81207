package io.wxgate.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Standard output for high-volume lines (the access log), written in batches: the logging thread
 * only enqueues the event, without a lock or a wake-up; one writer thread wakes every {@code
 * intervalMillis}, encodes what has queued and writes it with one call. logback's {@code
 * AsyncAppender} wakes its worker for nearly every event when it keeps up, and the console appender
 * behind it writes (and the JVM's stdout flushes) once per line; on the callback path both cost
 * more than the request's own work. When more than {@code queueSize} events wait, new ones are
 * dropped and counted (a log line is never worth stalling a request); the count is reported at the
 * next batch through logback's status.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final int CHUNK = 256 * 1024;

  private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final ByteArrayOutputStream batch = new ByteArrayOutputStream(CHUNK);
  private Encoder<ILoggingEvent> encoder;
  private PrintStream out = System.out;
  private volatile Thread writer;
  private int queueSize = 65_536;
  private long intervalMillis = 50;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setIntervalMillis(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /** Where batches go; standard output unless a test says otherwise. */
  void setOut(PrintStream out) {
    this.out = out;
  }

  long dropped() {
    return dropped.get();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (queued.incrementAndGet() > queueSize) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    event.prepareForDeferredProcessing(); // the message and MDC as they are now, on this thread
    queue.offer(event);
  }

  @Override
  public void start() {
    if (isStarted()) return;
    if (encoder == null) {
      addError("no encoder for appender " + getName());
      return;
    }
    Thread t = new Thread(this::run, "log-batch-" + getName());
    t.setDaemon(true);
    writer = t;
    super.start();
    t.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) return;
    super.stop();
    Thread t = writer;
    LockSupport.unpark(t);
    try {
      t.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long interval = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    while (isStarted()) {
      LockSupport.parkNanos(this, interval);
      drain();
    }
    drain(); // what was logged before stop()
  }

  /** Encodes everything queued and writes it in as few calls as the chunk size allows. */
  synchronized void drain() {
    long lost = dropped.getAndSet(0);
    if (lost > 0) addWarn(lost + " events dropped: more than " + queueSize + " were waiting");
    ILoggingEvent e;
    while ((e = queue.poll()) != null) {
      queued.decrementAndGet();
      batch.writeBytes(encoder.encode(e));
      if (batch.size() >= CHUNK) write();
    }
    if (batch.size() > 0) write();
  }

  private void write() {
    out.write(batch.toByteArray(), 0, batch.size()); // one call: lines never interleave
    out.flush();
    batch.reset();
  }
}
