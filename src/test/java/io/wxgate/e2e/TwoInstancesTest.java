package io.wxgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.config.SandboxConfig;
import io.wxgate.sandbox.RecordedRequest;
import io.wxgate.testsupport.GatewayProcess;
import io.wxgate.testsupport.TestServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes on one PostgreSQL and one Redis share the queue without sending anything
 * twice; one is killed mid-way and the other finishes its work.
 */
class TwoInstancesTest {
  static final int MESSAGES = 300;
  static final Pattern CLIENT_MSG_ID = Pattern.compile("\"client_msg_id\"\\s*:\\s*\"([^\"]+)\"");

  @Test
  void two_instances_share_the_queue_and_the_survivor_finishes_a_killed_ones_work() {
    String yaml =
        Stack.fastOutbox() + "redis:\n  keyPrefix: \"" + TestServices.freshPrefix() + "\"\n";
    try (Stack stack = new Stack(Stack.Db.POSTGRESQL, yaml)) {
      stack.env.put("WXGATE_REDIS_URL", TestServices.redisUri());
      stack.sandbox.setFaults(new SandboxConfig.Faults(null, 20, 40, 0, null, null, null, 9L));
      Map<String, String> secondEnv = new HashMap<>(stack.env);
      secondEnv.remove("WXGATE_PORT"); // its own port; receipts go to the first (any would do)
      List<String> ids = new ArrayList<>();
      try (GatewayProcess first = GatewayProcess.start(stack.env);
          GatewayProcess second = GatewayProcess.start(secondEnv)) {
        StringBuilder batch = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < MESSAGES; i++) {
          if (i > 0) batch.append(',');
          batch.append(stack.template(Stack.openId(7000 + i), "tmpl_two", "n" + i));
        }
        HttpResponse<String> accepted = stack.post("/api/v1/messages/batch", batch + "]}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode items = json(accepted.body()).path("items");
        for (JsonNode item : items) ids.add(item.path("id").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> sends(stack).size() >= MESSAGES / 3);
        first.kill();
        stack.sandbox.setFaults(SandboxConfig.Faults.NONE);
        String secondBase = second.baseUrl();
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(ids)
                        .allSatisfy(
                            id ->
                                assertThat(status(stack, secondBase, id))
                                    .isIn("SENT", "DELIVERED")));
      }
      List<RecordedRequest> delivered = sends(stack).stream().filter(r -> !r.duplicate()).toList();
      Set<String> clientIds = new HashSet<>();
      for (RecordedRequest r : delivered) {
        Matcher m = CLIENT_MSG_ID.matcher(r.body());
        assertThat(m.find()).isTrue();
        clientIds.add(m.group(1));
      }
      assertThat(delivered).as("no user got a message twice").hasSize(MESSAGES);
      assertThat(clientIds).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  private static String status(Stack stack, String base, String id) {
    HttpResponse<String> r =
        stack.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/api/v1/messages/" + id))
                .header("X-Api-Key", Stack.API_KEY)
                .build());
    return json(r.body()).path("status").asText();
  }

  private static List<RecordedRequest> sends(Stack stack) {
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
