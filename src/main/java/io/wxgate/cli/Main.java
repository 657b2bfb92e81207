package io.wxgate.cli;

import io.wxgate.logging.LogConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wxgate}: the command line entry point. */
@Command(
    name = "wxgate",
    mixinStandardHelpOptions = true,
    version = "wxgate 0.1.0",
    description = "Self-hosted WeChat Official Account message gateway.",
    subcommands = {
      ServeCommand.class,
      SendCommand.class,
      SandboxCommand.class,
      WarmupCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    selectLogFormat();
    int code =
        isPlainServe(args) ? new ServeCommand().call() : new CommandLine(new Main()).execute(args);
    // serve returns once started and keeps running on non-daemon threads; others are done
    if (code != 0 || args.length == 0 || !args[0].equals("serve")) System.exit(code);
  }

  /**
   * {@code serve} takes no options, and it is what every container and service manager runs: it
   * skips building the command-line model. picocli ships Java 5 class files, which the AOT cache
   * cannot hold, so that model costs ~160 ms of a ~1 s start (docs/BENCHMARKS.md).
   */
  static boolean isPlainServe(String[] args) {
    return args.length == 1 && args[0].equals("serve");
  }

  /**
   * Human-readable logs in a terminal, JSON lines otherwise; {@code WXGATE_LOG_FORMAT} decides, and
   * {@code LogConfiguration} applies it. A logback file given with {@code
   * -Dlogback.configurationFile} replaces both.
   */
  static void selectLogFormat() {
    if (System.getProperty("logback.configurationFile") != null) return;
    String format = System.getenv().getOrDefault("WXGATE_LOG_FORMAT", "auto");
    boolean json = format.equals("json") || (format.equals("auto") && System.console() == null);
    System.setProperty(LogConfiguration.FORMAT_PROPERTY, json ? "json" : "text");
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
