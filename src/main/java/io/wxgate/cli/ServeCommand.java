package io.wxgate.cli;

import ch.qos.logback.classic.LoggerContext;
import io.wxgate.Gateway;
import io.wxgate.config.ConfigException;
import io.wxgate.config.ConfigLoader;
import io.wxgate.config.WxgateConfig;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code wxgate serve}: runs the gateway until SIGTERM/SIGINT, then shuts down gracefully. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Start the gateway (configuration: wxgate.yaml and WXGATE_* variables).")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Override
  public Integer call() {
    WxgateConfig config;
    try {
      config = ConfigLoader.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("wxgate: " + e.getMessage());
      return 2;
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(config);
    } catch (ConfigException e) {
      System.err.println("wxgate: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("wxgate: cannot start: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(gateway), "wxgate-shutdown"));
    System.out.println(Banner.text(gateway));
    return 0;
  }

  /**
   * Closes the gateway, then stops logging. The asynchronous appender writes from a daemon thread
   * that the JVM halts as soon as the shutdown hooks return, so without stopping it (which drains
   * its queue) the shutdown's own log lines are often lost.
   */
  private static void stop(Gateway gateway) {
    long start = System.nanoTime();
    log.info("shutdown signal received: readiness false, draining requests and sends");
    try {
      gateway.shutdown();
      log.info("shutdown complete in {} ms", (System.nanoTime() - start) / 1_000_000);
    } finally {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) logging.stop();
    }
  }
}
