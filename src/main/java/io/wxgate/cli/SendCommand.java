package io.wxgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wxgate send}: sends one template message or subscription notice through a running
 * gateway's API and, with {@code --wait}, follows it to its final state.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = "Send a template message (or subscription notice) through a running gateway.")
final class SendCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FINAL =
      Set.of("DELIVERED", "FAILED_USER_BLOCK", "FAILED_SYSTEM", "DEAD", "CANCELLED");

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Gateway URL.")
  String url;

  @Option(
      names = "--api-key",
      defaultValue = "${env:WXGATE_SEND_API_KEY}",
      description = "API key (X-Api-Key); default $WXGATE_SEND_API_KEY.")
  String apiKey;

  @Option(names = "--app-id", required = true, description = "The Official Account's AppID.")
  String appId;

  @Option(names = "--to", required = true, description = "The user's openid.")
  String toUser;

  @Option(names = "--template", required = true, description = "Template id.")
  String templateId;

  @Option(
      names = "--data",
      required = true,
      description = "A placeholder value, key=value; repeat for each (e.g. --data thing1=hello).")
  Map<String, String> data = new LinkedHashMap<>();

  @Option(names = "--type", defaultValue = "template", description = "template or subscribe.")
  String type;

  @Option(names = "--link", description = "URL (template) or page (subscribe) opened on tap.")
  String link;

  @Option(names = "--idempotency-key", description = "Idempotency-Key header.")
  String idempotencyKey;

  @Option(names = "--wait", description = "Follow the message until its final state.")
  boolean waitForFinal;

  @Option(names = "--timeout", defaultValue = "60", description = "Seconds --wait waits at most.")
  long timeoutSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (apiKey == null || apiKey.isBlank()) {
      System.err.println("wxgate send: --api-key (or WXGATE_SEND_API_KEY) is required");
      return 2;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("appId", appId).put("type", type).put("toUser", toUser).put("templateId", templateId);
    if (link != null) body.put(type.equals("subscribe") ? "page" : "url", link);
    ObjectNode values = body.putObject("data");
    data.forEach((k, v) -> values.putObject(k).put("value", v));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder post =
        request("/api/v1/messages")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (idempotencyKey != null) post.header("Idempotency-Key", idempotencyKey);
    HttpResponse<String> accepted = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    System.out.println(accepted.statusCode() + " " + accepted.body());
    if (accepted.statusCode() != 202) return 1;
    if (!waitForFinal) return 0;
    String id = JSON.readTree(accepted.body()).path("id").asText();
    Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> state =
          http.send(
              request("/api/v1/messages/" + id).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode message = JSON.readTree(state.body());
      String status = message.path("status").asText();
      if (!status.equals(last)) System.out.println(status);
      last = status;
      if (FINAL.contains(status)) {
        System.out.println(message.toPrettyString());
        return status.equals("DELIVERED") ? 0 : 1;
      }
      Thread.sleep(500);
    }
    System.err.println("wxgate send: still " + last + " after " + timeoutSeconds + " s");
    return 1;
  }

  private HttpRequest.Builder request(String path) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("X-Api-Key", apiKey);
  }
}
