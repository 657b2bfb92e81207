package io.wxgate.config;

import java.time.Duration;

/**
 * The HTTP listener. {@code maxBodyBytes} caps every request body; {@code idleTimeout} bounds slow
 * clients; {@code drainTimeout} is how long shutdown waits for in-flight requests; {@code
 * readinessGrace} is how long {@code /readyz} answers 503 on SIGTERM before the listener closes (so
 * a load balancer notices; Kubernetes' preStop sleep does the same); {@code virtualThreads} runs
 * each request on a virtual thread instead of Jetty's pool of {@code maxThreads} platform threads
 * (see docs/BENCHMARKS.md for why the default is what it is); {@code trustedProxies} are the load
 * balancers whose {@code X-Forwarded-For} names the real client (for the access log); {@code tls}
 * (may be null) makes the listener HTTPS, optionally with client certificates for {@code /api}.
 */
public record ServerConfig(
    String host,
    int port,
    long maxBodyBytes,
    Duration idleTimeout,
    Duration drainTimeout,
    Duration readinessGrace,
    boolean virtualThreads,
    int maxThreads,
    java.util.List<Cidr> trustedProxies,
    TlsConfig tls) {
  public ServerConfig {
    if (host == null || host.isBlank()) host = "0.0.0.0";
    if (port < 0 || port > 65535) throw new IllegalArgumentException("server.port out of range");
    if (maxBodyBytes <= 0) maxBodyBytes = 1 << 20;
    if (idleTimeout == null) idleTimeout = Duration.ofSeconds(30);
    if (drainTimeout == null) drainTimeout = Duration.ofSeconds(20);
    if (readinessGrace == null) readinessGrace = Duration.ZERO;
    if (maxThreads == 0) maxThreads = DEFAULT_MAX_THREADS;
    if (maxThreads < 8) throw new IllegalArgumentException("server.maxThreads must be at least 8");
    trustedProxies =
        trustedProxies == null ? java.util.List.of() : java.util.List.copyOf(trustedProxies);
  }

  public static final boolean DEFAULT_VIRTUAL_THREADS = true;
  public static final int DEFAULT_MAX_THREADS = 200;

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        host,
        newPort,
        maxBodyBytes,
        idleTimeout,
        drainTimeout,
        readinessGrace,
        virtualThreads,
        maxThreads,
        trustedProxies,
        tls);
  }

  public static ServerConfig defaults() {
    return new ServerConfig(
        null, 8080, 0, null, null, null, DEFAULT_VIRTUAL_THREADS, DEFAULT_MAX_THREADS, null, null);
  }
}
