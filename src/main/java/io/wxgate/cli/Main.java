package io.wxgate.cli;

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
    int code = new CommandLine(new Main()).execute(args);
    // serve returns once started and keeps running on non-daemon threads; others are done
    if (code != 0 || args.length == 0 || !args[0].equals("serve")) System.exit(code);
  }

  /** Human-readable logs in a terminal, JSON lines otherwise; {@code WXGATE_LOG_FORMAT} decides. */
  static void selectLogFormat() {
    if (System.getProperty("logback.configurationFile") != null) return;
    String format = System.getenv().getOrDefault("WXGATE_LOG_FORMAT", "auto");
    boolean json = format.equals("json") || (format.equals("auto") && System.console() == null);
    System.setProperty("logback.configurationFile", json ? "logback-json.xml" : "logback-text.xml");
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
