package io.wxgate.cli;

import io.wxgate.Gateway;
import io.wxgate.config.ConfigException;
import io.wxgate.config.ConfigLoader;
import io.wxgate.config.WxgateConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code wxgate serve}: runs the gateway until SIGTERM/SIGINT, then shuts down gracefully. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Start the gateway (configuration: wxgate.yaml and WXGATE_* variables).")
final class ServeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    WxgateConfig config;
    try {
      config = ConfigLoader.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("wxgate: " + e.getMessage());
      return 2;
    }
    Gateway gateway = Gateway.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "wxgate-shutdown"));
    System.out.println(Banner.text(gateway));
    return 0;
  }
}
