package io.wxgate.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wxgate.callback.CallbackRequest;
import io.wxgate.testsupport.GatewayProcess;
import io.wxgate.testsupport.TestKeys;
import io.wxgate.wechat.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed with SIGKILL while deliveries are pending: a restarted gateway on the same
 * database delivers every one of them. Needs the real {@code wxgate serve}, so it waits for the
 * composition root to wire forwarding.
 */
class ForwardKillTest {
  static final Secret SECRET = Secret.of("kill-test-secret");
  @TempDir Path dataDir;

  @Test
  void a_gateway_killed_with_deliveries_pending_delivers_them_all_after_a_restart()
      throws Exception {
    try (Receiver receiver = new Receiver(SECRET)) {
      receiver.answer(e -> new Receiver.Answer(503, ""));
      String aesKey = TestKeys.aesKey();
      Path yaml = dataDir.resolve("wxgate.yaml");
      Files.writeString(
          yaml,
          """
          forward:
            retryBaseMillis: 100
            retryCapMillis: 500
            pollIntervalMillis: 100
            leaseSeconds: 5
            targets:
              - name: crm
                kind: async
                url: %s
                secret: %s
                maxAttempts: 1000
                timeoutMillis: 2000
            rules:
              - targets: [crm]
          """
              .formatted(receiver.url(), SECRET.reveal()));
      Map<String, String> env = new HashMap<>();
      env.put("WXGATE_CONFIG", yaml.toString());
      env.put("WXGATE_DATA_DIR", dataDir.resolve("data").toString());
      env.put("WXGATE_APP_ID", Inbound.APP_ID);
      env.put("WXGATE_TOKEN", Inbound.TOKEN);
      env.put("WXGATE_AES_KEY", aesKey);
      env.put("WXGATE_APP_SECRET", "app-secret-value");

      try (GatewayProcess first = GatewayProcess.start(env)) {
        long now = Instant.now().getEpochSecond();
        for (int i = 1; i <= 5; i++) {
          String xml = Inbound.textXml("user" + i, "m" + i, 9000 + i, now);
          assertThat(push(first.baseUrl(), Inbound.safe(xml, Long.toString(now), aesKey)))
              .isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls.size() >= 5);
        first.kill();
      }

      receiver.answer(e -> Receiver.Answer.ok());
      try (GatewayProcess second = GatewayProcess.start(env)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    receiver.successful().stream().map(Receiver.Call::eventId).distinct().count()
                        == 5);
        assertThat(receiver.successful()).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
      }
    }
  }

  private static int push(String base, CallbackRequest r) throws Exception {
    String query =
        "signature="
            + r.signature()
            + "&timestamp="
            + r.timestamp()
            + "&nonce="
            + r.nonce()
            + "&encrypt_type=aes&msg_signature="
            + URLEncoder.encode(r.msgSignature(), StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/wx/" + r.appId() + "/callback?" + query))
            .header("Content-Type", "text/xml")
            .POST(HttpRequest.BodyPublishers.ofString(r.body()))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }
}
