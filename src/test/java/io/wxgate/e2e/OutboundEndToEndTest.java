package io.wxgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.Gateway;
import io.wxgate.config.ConfigLoader;
import io.wxgate.config.SandboxConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole outbound path against the sandbox playing WeChat: API → store → dispatcher → token →
 * send → receipt pushed back as an encrypted callback → final state. On H2 and PostgreSQL.
 */
class OutboundEndToEndTest {

  private static Gateway start(Stack stack) {
    return Gateway.start(new ConfigLoader(stack.env).load());
  }

  @ParameterizedTest
  @EnumSource(Stack.Db.class)
  void messages_reach_their_final_state_including_the_wechat_receipt(Stack.Db db) throws Exception {
    try (Stack stack = new Stack(db, Stack.fastOutbox());
        Gateway gateway = start(stack)) {
      String delivered = stack.send(Stack.openId(1), "tmpl_order");
      String blocked = stack.send("block_" + Stack.openId(2).substring(6), "tmpl_order");
      String badTemplate = stack.send(Stack.openId(3), "bad_template");
      String badUser = stack.send("bad_" + Stack.openId(4).substring(4), "tmpl_order");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(stack.status(delivered)).isEqualTo("DELIVERED");
                assertThat(stack.status(blocked)).isEqualTo("FAILED_USER_BLOCK");
                assertThat(stack.status(badTemplate)).isEqualTo("DEAD");
                assertThat(stack.status(badUser)).isEqualTo("DEAD");
              });
      JsonNode message = stack.get("/api/v1/messages/" + delivered);
      assertThat(message.path("wechatMsgId").asLong()).isPositive();
      assertThat(message.path("receipt").path("status").asText()).isEqualTo("success");
      assertThat(message.path("attempts")).hasSize(1);
      assertThat(stack.get("/api/v1/messages/" + badTemplate).path("lastError").toString())
          .contains("40037");
      // the request's trace id is stored with the message
      java.net.http.HttpResponse<String> traced =
          stack.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(stack.base() + "/api/v1/messages"))
                  .header("X-Api-Key", Stack.API_KEY)
                  .header("Content-Type", "application/json")
                  .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          stack.template(Stack.openId(5), "tmpl_order", "traced")))
                  .build());
      String tracedId = Stack.JSON.readTree(traced.body()).get("id").asText();
      assertThat(stack.get("/api/v1/messages/" + tracedId).path("traceId").asText())
          .isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(stack.get("/readyz").path("checks").path("dispatcher").asText()).isEqualTo("UP");
      // one token for everything: the token service caches and shares it
      assertThat(stack.sandbox.stats().getOrDefault("stable_token", 0L)).isEqualTo(1L);
    }
  }

  @ParameterizedTest
  @EnumSource(Stack.Db.class)
  void a_wechat_outage_delays_messages_but_loses_none(Stack.Db db) {
    try (Stack stack = new Stack(db, Stack.fastOutbox());
        Gateway gateway = start(stack)) {
      stack.sandbox.setFaults(
          new SandboxConfig.Faults(Map.of(-1, 1.0), 0, 0, 0, null, null, null, 7L));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) ids.add(stack.send(Stack.openId(100 + i), "tmpl_outage"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  stack.sandbox.requests("template", stack.account.appId()).stream()
                          .filter(r -> r.errcode() == -1)
                          .count()
                      >= 20);
      assertThat(ids).allSatisfy(id -> assertThat(stack.status(id)).isIn("RETRY_WAIT", "SENDING"));
      stack.sandbox.setFaults(SandboxConfig.Faults.NONE);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(ids)
                      .allSatisfy(id -> assertThat(stack.status(id)).isEqualTo("DELIVERED")));
    }
  }

  @ParameterizedTest
  @EnumSource(Stack.Db.class)
  void invalid_tokens_are_refreshed_and_the_send_retried(Stack.Db db) {
    try (Stack stack = new Stack(db, Stack.fastOutbox());
        Gateway gateway = start(stack)) {
      stack.sandbox.setFaults(
          new SandboxConfig.Faults(
              Map.of(40001, 0.3, -1, 0.1), 0, 0, 0, null, null, java.util.Set.of("template"), 11L));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) ids.add(stack.send(Stack.openId(200 + i), "tmpl_tokens"));
      try {
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> ids.stream().allMatch(id -> stack.status(id).equals("DELIVERED")));
      } catch (Throwable t) {
        for (String id : ids) {
          if (stack.status(id).equals("DELIVERED")) continue;
          System.out.println("DEBUG " + stack.get("/api/v1/messages/" + id));
          stack.sandbox.requests("template", null).stream()
              .filter(r -> r.body().contains(id))
              .forEach(r -> System.out.println("DEBUG sent " + r));
          long mid = stack.get("/api/v1/messages/" + id).path("wechatMsgId").asLong();
          stack.sandbox.requests("receipt", null).stream()
              .filter(r -> r.msgId() != null && r.msgId() == mid)
              .forEach(r -> System.out.println("DEBUG receipt " + r));
        }
      }
      await()
          .atMost(Duration.ofSeconds(40))
          .untilAsserted(
              () ->
                  assertThat(ids)
                      .allSatisfy(id -> assertThat(stack.status(id)).isEqualTo("DELIVERED")));
      long sends =
          stack.sandbox.requests("template", stack.account.appId()).stream()
              .filter(r -> r.errcode() == 0 && !r.duplicate())
              .count();
      assertThat(sends).isEqualTo(40);
    }
  }

  @ParameterizedTest
  @EnumSource(Stack.Db.class)
  void a_fault_mix_ends_every_message_sent_or_dead_with_a_reason(Stack.Db db) {
    String yaml = Stack.fastOutbox() + "wechat:\n  requestTimeoutMillis: 400\n";
    try (Stack stack = new Stack(db, yaml);
        Gateway gateway = start(stack)) {
      // transient errors, token errors, a quota hit and calls that hang past the client timeout
      stack.sandbox.setFaults(
          new SandboxConfig.Faults(
              Map.of(-1, 0.2, 40001, 0.05, 45009, 0.02),
              0,
              5,
              0.05,
              1500L,
              null,
              java.util.Set.of("template"),
              21L));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) ids.add(stack.send(Stack.openId(300 + i), "tmpl_mix"));
      for (int i = 0; i < 3; i++) ids.add(stack.send(Stack.openId(400 + i), "bad_template"));
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(ids)
                      .allSatisfy(
                          id -> assertThat(stack.status(id)).isIn("SENT", "DELIVERED", "DEAD")));
      for (String id : ids) {
        JsonNode m = stack.get("/api/v1/messages/" + id);
        int counted = 0;
        for (JsonNode a : m.path("attempts")) if (a.path("counted").asBoolean()) counted++;
        assertThat(counted).as(id).isLessThanOrEqualTo(40);
        if (m.path("status").asText().equals("DEAD")) {
          assertThat(m.path("lastError").asText()).as(id).isNotBlank();
        }
      }
      // only the invalid template is permanent: every other message got through
      assertThat(ids.subList(0, 40))
          .allSatisfy(id -> assertThat(stack.status(id)).isIn("SENT", "DELIVERED"));
      assertThat(ids.subList(40, 43))
          .allSatisfy(id -> assertThat(stack.status(id)).isEqualTo("DEAD"));
    }
  }
}
