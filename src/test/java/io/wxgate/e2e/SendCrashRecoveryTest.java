package io.wxgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.config.SandboxConfig;
import io.wxgate.sandbox.RecordedRequest;
import io.wxgate.testsupport.GatewayProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "A 202 means the message is committed": a gateway process is SIGKILLed in the middle of sending a
 * batch; a new process on the same database finishes every message, and WeChat (the sandbox) gets
 * each one exactly once thanks to client_msg_id.
 */
class SendCrashRecoveryTest {
  static final int MESSAGES = 2000;
  static final Pattern CLIENT_MSG_ID = Pattern.compile("\"client_msg_id\"\\s*:\\s*\"([^\"]+)\"");

  @ParameterizedTest
  @EnumSource(Stack.Db.class)
  void a_killed_gateway_loses_no_accepted_message(Stack.Db db) {
    String yaml =
        """
        outbox:
          pollIntervalMillis: 20
          retryBaseMillis: 50
          retryCapSeconds: 1
          leaseSeconds: 2
          perAppRate: 1000
          workers: 16
          batchSize: 50
        api:
          perClientRate: 10000
        """;
    try (Stack stack = new Stack(db, yaml)) {
      // slow WeChat, so the kill lands while sends are in flight
      stack.sandbox.setFaults(new SandboxConfig.Faults(null, 30, 60, 0, null, null, null, 3L));
      List<String> ids = new ArrayList<>();
      try (GatewayProcess first = GatewayProcess.start(stack.env)) {
        // a burst in batches of the API's maximum, 1,000
        for (int from = 0; from < MESSAGES; from += 1000) {
          StringBuilder batch = new StringBuilder("{\"messages\":[");
          for (int i = from; i < Math.min(MESSAGES, from + 1000); i++) {
            if (i > from) batch.append(',');
            batch.append(stack.template(Stack.openId(1000 + i), "tmpl_crash", "n" + i));
          }
          HttpResponse<String> accepted = stack.post("/api/v1/messages/batch", batch + "]}");
          assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
          for (JsonNode item : json(accepted.body()).path("items")) {
            ids.add(item.path("id").asText());
          }
        }
        assertThat(ids).hasSize(MESSAGES).doesNotContain("");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> templateSends(stack).size() >= MESSAGES / 4);
        first.kill();
      }
      int sentBeforeKill = templateSends(stack).size();
      assertThat(sentBeforeKill).isLessThan(MESSAGES);

      stack.sandbox.setFaults(SandboxConfig.Faults.NONE);
      try (GatewayProcess second = GatewayProcess.start(stack.env)) {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    templateSends(stack).stream().filter(r -> !r.duplicate()).count() >= MESSAGES);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(ids)
                        .allSatisfy(id -> assertThat(stack.status(id)).isIn("SENT", "DELIVERED")));
      }
      // every accepted message reached WeChat, and none reached a user twice
      List<RecordedRequest> delivered =
          stack.sandbox.requests("template", stack.account.appId()).stream()
              .filter(r -> r.errcode() == 0 && !r.duplicate())
              .toList();
      Set<String> clientIds = new HashSet<>();
      for (RecordedRequest r : delivered) {
        Matcher m = CLIENT_MSG_ID.matcher(r.body());
        assertThat(m.find()).isTrue();
        clientIds.add(m.group(1));
      }
      assertThat(delivered).hasSize(MESSAGES);
      assertThat(clientIds).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  @ParameterizedTest
  @EnumSource(Stack.Db.class)
  void a_message_answered_202_survives_a_kill_right_after_the_answer(Stack.Db db) {
    try (Stack stack = new Stack(db, Stack.fastOutbox())) {
      // WeChat is down, so nothing but the commit itself can make these messages exist later
      stack.sandbox.setFaults(
          new SandboxConfig.Faults(java.util.Map.of(-1, 1.0), 0, 0, 0, null, null, null, 5L));
      List<String> ids = new ArrayList<>();
      try (GatewayProcess first = GatewayProcess.start(stack.env)) {
        for (int i = 0; i < 20; i++) ids.add(stack.send(Stack.openId(5000 + i), "tmpl_commit"));
        first.kill();
      }
      stack.sandbox.setFaults(SandboxConfig.Faults.NONE);
      try (GatewayProcess second = GatewayProcess.start(stack.env)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(ids)
                        .allSatisfy(id -> assertThat(stack.status(id)).isIn("SENT", "DELIVERED")));
      }
    }
  }

  private static List<RecordedRequest> templateSends(Stack stack) {
    return stack.sandbox.requests("template", stack.account.appId()).stream()
        .filter(r -> r.errcode() == 0)
        .toList();
  }

  private static JsonNode json(String body) {
    try {
      return Stack.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(body, e);
    }
  }
}
