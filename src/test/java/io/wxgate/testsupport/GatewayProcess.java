package io.wxgate.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gateway in its own JVM ({@code wxgate serve} on the test classpath), so tests can kill it for
 * real: {@link #kill()} is SIGKILL, {@link #terminate()} is SIGTERM.
 */
public final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private GatewayProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code wxgate serve} with {@code env} (plus WXGATE_PORT) and waits for /healthz. */
  public static GatewayProcess start(Map<String, String> env) {
    int port =
        env.containsKey("WXGATE_PORT") ? Integer.parseInt(env.get("WXGATE_PORT")) : freePort();
    try {
      Path log = Files.createTempFile("wxgate-process", ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>();
      command.add(java);
      command.add("-Xmx256m");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("io.wxgate.cli.Main");
      command.add("serve");
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      pb.environment().put("WXGATE_PORT", Integer.toString(port));
      pb.environment().putIfAbsent("WXGATE_HOST", "127.0.0.1");
      pb.environment().putIfAbsent("WXGATE_LOG_FORMAT", "text"); // readable in a test report
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      GatewayProcess gp = new GatewayProcess(pb.start(), port, log);
      gp.awaitHealthy(Duration.ofSeconds(60));
      return gp;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start gateway process", e);
    }
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Process process() {
    return process;
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or released. */
  public void kill() {
    process.destroyForcibly();
    waitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM: the graceful shutdown path. Returns the exit code. */
  public int terminate(Duration timeout) {
    process.destroy();
    return waitExit(timeout);
  }

  private int waitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("gateway did not exit within " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitHealthy(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway exited during start:\n" + output());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("gateway not healthy within " + timeout + ":\n" + output());
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) kill();
  }
}
