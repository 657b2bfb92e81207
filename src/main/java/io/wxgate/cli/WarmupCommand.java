package io.wxgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.Gateway;
import io.wxgate.config.Account;
import io.wxgate.config.ConfigLoader;
import io.wxgate.sandbox.CallbackClient;
import io.wxgate.sandbox.InboundXml;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wxgate warmup}: starts the gateway once in demo mode (built-in sandbox, embedded database,
 * any free port), drives its hot paths (signed and encrypted callbacks, API sends to a final state,
 * health and metrics) and stops. The launcher and the Dockerfile run it under {@code
 * -XX:AOTCacheOutput} (JDK 25+) or {@code -XX:ArchiveClassesAtExit} (JDK 21-24), so later starts
 * load classes already parsed and linked, with profiles from real work.
 */
@Command(
    name = "warmup",
    mixinStandardHelpOptions = true,
    description =
        "Run the gateway once through its hot paths in demo mode and exit (a training run for"
            + " the class-data cache the launcher uses).")
final class WarmupCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FINAL = List.of("SENT", "DELIVERED", "FAILED", "DEAD");

  @Option(names = "--callbacks", defaultValue = "500", description = "Callbacks to push.")
  int callbacks;

  @Option(names = "--messages", defaultValue = "20", description = "Messages to send.")
  int messages;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("wxgate-warmup");
    try {
      // a configuration file, as most deployments have one: its parser is then in the cache too
      Path yaml =
          Files.writeString(
              dir.resolve("wxgate.yaml"),
              """
              callback:
                autoReplies:
                  - {keyword: hello, match: prefix, reply: hi}
              """);
      Map<String, String> env =
          Map.of(
              "WXGATE_PORT",
              "0",
              "WXGATE_HOST",
              "127.0.0.1",
              "WXGATE_DATA_DIR",
              dir.toString(),
              "WXGATE_CONFIG",
              yaml.toString());
      try (Gateway gateway = Gateway.start(new ConfigLoader(env).load())) {
        drive(gateway);
      } catch (IllegalStateException e) {
        System.err.println("wxgate warmup: " + e.getMessage());
        return 1;
      }
      System.out.println("wxgate warmup: done");
      return 0;
    } finally {
      deleteTree(dir);
    }
  }

  private void drive(Gateway gateway) throws IOException, InterruptedException {
    String base = "http://127.0.0.1:" + gateway.port();
    Account account = gateway.config().accounts().getFirst();
    String callback = base + "/wx/{appId}/callback";
    try (CallbackClient wechat = new CallbackClient(Duration.ofSeconds(5), Clock.systemUTC())) {
      for (int i = 0; i < callbacks; i++) {
        String xml =
            InboundXml.text(
                "gh_warmup",
                "oWarmup" + (i % 7),
                Instant.now().getEpochSecond(),
                "hello " + i,
                9_000_000_000L + i);
        Account.Mode mode = i % 4 == 0 ? Account.Mode.PLAINTEXT : Account.Mode.SAFE;
        CallbackClient.Response r = wechat.push(callback, account, xml, mode);
        if (r.status() != 200 || r.problem() != null) {
          throw new IllegalStateException(
              "callback " + i + " failed: " + r.status() + " " + r.problem());
        }
      }
    }
    HttpClient http = HttpClient.newHttpClient();
    String key = gateway.demoApiKey().orElseThrow();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      String body =
          JSON.createObjectNode()
              .put("appId", account.appId())
              .put("type", "template")
              .put("toUser", "oWarmupUser" + (100_000 + i))
              .put("templateId", "tmpl_warmup")
              .set(
                  "data",
                  JSON.createObjectNode()
                      .set("first", JSON.createObjectNode().put("value", "warm-up " + i)))
              .toString();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/messages"))
                  .header("X-Api-Key", key)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) throw new IllegalStateException("send refused: " + r.body());
      ids.add(JSON.readTree(r.body()).path("id").asText());
    }
    Instant deadline = Instant.now().plusSeconds(60);
    for (String id : ids) {
      String status = "";
      while (!FINAL.contains(status)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("message " + id + " still " + status + " after 60 s");
        }
        Thread.sleep(20);
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/messages/" + id))
                    .header("X-Api-Key", key)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        status = JSON.readTree(r.body()).path("status").asText();
      }
    }
    for (String path : List.of("/healthz", "/readyz", "/metrics", "/openapi.json")) {
      http.send(
          HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
