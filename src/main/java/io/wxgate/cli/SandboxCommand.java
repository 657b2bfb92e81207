package io.wxgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.WxgateException;
import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.sandbox.CallbackClient;
import io.wxgate.sandbox.InboundXml;
import io.wxgate.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wxgate sandbox}: runs the built-in WeChat sandbox standalone until Ctrl-C; {@code wxgate
 * sandbox push} pushes a user message or event to a gateway as WeChat would.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Run the built-in WeChat sandbox (a simulated WeChat API) until Ctrl-C.",
      "Point a gateway at it with WXGATE_WECHAT_API=http://HOST:PORT."
    },
    subcommands = {SandboxCommand.Push.class})
public final class SandboxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "9000", description = "Port (0: any free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind.")
  String host;

  @Option(
      names = "--account",
      paramLabel = "APPID:SECRET:TOKEN[:AESKEY]",
      description = "An account it simulates; repeatable. Default: the demo account.")
  List<String> accounts = new ArrayList<>();

  @Option(
      names = "--callback",
      defaultValue = SandboxConfig.DEFAULT_CALLBACK,
      description =
          "Where receipts are pushed; {appId} is replaced; 'none' pushes no receipts."
              + " Default: ${DEFAULT-VALUE}")
  String callback;

  @Option(
      names = "--faults",
      paramLabel = "JSON",
      description = "Initial faults, as POST /sandbox/faults takes them.")
  String faults;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    SandboxConfig config;
    try {
      List<Account> parsed = new ArrayList<>();
      for (String account : accounts) parsed.add(SandboxConfig.parseAccount(account));
      if (parsed.isEmpty()) parsed.add(Sandbox.demoAccount());
      SandboxConfig.Faults initial =
          faults == null ? null : new ObjectMapper().readValue(faults, SandboxConfig.Faults.class);
      config = new SandboxConfig(host, port, parsed, callback, initial, null, null, null);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      spec.commandLine().getErr().println("wxgate sandbox: " + e.getMessage());
      return 2;
    }
    Sandbox sandbox = Sandbox.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                },
                "wxgate-sandbox-shutdown"));
    out.println(banner(sandbox, config));
    out.flush();
    stopped.await();
    return 0;
  }

  private static String banner(Sandbox sandbox, SandboxConfig config) {
    StringBuilder text = new StringBuilder();
    text.append("WeChat sandbox on ").append(sandbox.baseUrl()).append('\n');
    for (Account account : config.accounts()) {
      text.append("  account ").append(account.appId());
      if (account.appId().equals(Sandbox.demoAccount().appId())) {
        text.append(" (demo: secret ").append(account.secret().reveal());
        text.append(", token ").append(account.token().reveal());
        text.append(", aesKey ").append(account.aesKey().reveal()).append(')');
      }
      text.append(", receipts to ").append(sandbox.callbackUrl(account.appId())).append('\n');
    }
    text.append("Use it:  WXGATE_WECHAT_API=").append(sandbox.baseUrl()).append(" wxgate serve\n");
    text.append("Look:    curl ").append(sandbox.baseUrl()).append("/sandbox/requests\n");
    text.append("Faults:  curl -d '{\"errorRates\":{\"-1\":0.1}}' ");
    text.append(sandbox.baseUrl()).append("/sandbox/faults\n");
    text.append("Stop with Ctrl-C.");
    return text.toString();
  }

  /** {@code wxgate sandbox push}: one message or event to a gateway callback, reply printed. */
  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description = {
        "Push a user message or event to a gateway callback URL, signed and (by default)",
        "safe-mode encrypted as WeChat does, and print the gateway's reply decrypted."
      })
  static final class Push implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
      @Option(names = "--text", description = "A text message with this content.")
      String text;

      @Option(
          names = "--event",
          description = "An event: subscribe, unsubscribe, SCAN, CLICK, VIEW, LOCATION, …")
      String event;

      @Option(names = "--file", description = "A raw message XML file, pushed as is.")
      Path file;
    }

    @Option(names = "--event-key", description = "EventKey for --event (e.g. a menu key).")
    String eventKey;

    @Option(
        names = "--url",
        defaultValue = SandboxConfig.DEFAULT_CALLBACK,
        description = "The gateway callback; {appId} is replaced. Default: ${DEFAULT-VALUE}")
    String url;

    @Option(
        names = "--account",
        paramLabel = "APPID:SECRET:TOKEN[:AESKEY]",
        description = "The account the push is for. Default: the demo account.")
    String account;

    @Option(names = "--from", defaultValue = "o_sandbox_user", description = "Sender openid.")
    String from;

    @Option(names = "--plain", description = "Plaintext mode (signature only, no encryption).")
    boolean plain;

    @Option(names = "--compatible", description = "Compatible mode (plain fields + Encrypt).")
    boolean compatible;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Account target;
      try {
        target = account == null ? Sandbox.demoAccount() : SandboxConfig.parseAccount(account);
      } catch (IllegalArgumentException e) {
        err.println("wxgate sandbox push: " + e.getMessage());
        return 2;
      }
      Account.Mode mode =
          plain || target.aesKey() == null
              ? Account.Mode.PLAINTEXT
              : compatible ? Account.Mode.COMPATIBLE : Account.Mode.SAFE;
      String xml = message(target);
      out.println(
          "-> POST " + url.replace("{appId}", target.appId()) + " (" + describe(mode) + ")");
      out.println(xml);
      CallbackClient.Response response;
      try (CallbackClient client =
          new CallbackClient(Duration.ofSeconds(5), InstantSource.system())) {
        response = client.push(url, target, xml, mode);
      } catch (WxgateException | IllegalArgumentException e) {
        err.println("wxgate sandbox push: " + e.getMessage());
        return 1;
      }
      out.println("<- HTTP " + response.status());
      if (response.problem() != null) {
        out.println(response.body());
        err.println("wxgate sandbox push: " + response.problem());
        return 1;
      }
      out.println(
          response.reply() != null
              ? response.reply()
              : "(no reply: " + quoted(response.body()) + ")");
      return response.status() / 100 == 2 ? 0 : 1;
    }

    private String message(Account target) throws IOException {
      if (what.file != null) return Files.readString(what.file, StandardCharsets.UTF_8);
      String to = Sandbox.originalId(target.appId());
      long now = System.currentTimeMillis() / 1000;
      if (what.text != null) {
        long msgId = ThreadLocalRandom.current().nextLong(1L << 62, Long.MAX_VALUE);
        return InboundXml.text(to, from, now, what.text, msgId);
      }
      return InboundXml.event(to, from, now, what.event, eventKey);
    }

    private static String describe(Account.Mode mode) {
      return switch (mode) {
        case PLAINTEXT -> "plaintext mode";
        case COMPATIBLE -> "compatible mode";
        case SAFE -> "safe mode";
      };
    }

    private static String quoted(String body) {
      return body.isEmpty() ? "empty body" : "\"" + body.strip() + "\"";
    }
  }
}
