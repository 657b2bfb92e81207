package io.wxgate.outbox;

/**
 * The per-AppID send rate. {@link #acquire} blocks until one send for that AppID may go. Must be
 * thread-safe. {@link LocalSendThrottle} is the in-process default; a Redis-backed one shares the
 * rate across instances.
 */
@FunctionalInterface
public interface SendThrottle {
  /** No limit at all (tests, benchmarks against the sandbox). */
  SendThrottle NONE = appId -> {};

  void acquire(String appId) throws InterruptedException;
}
