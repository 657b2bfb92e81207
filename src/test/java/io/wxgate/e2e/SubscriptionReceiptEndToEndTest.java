package io.wxgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.Gateway;
import io.wxgate.config.ConfigLoader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Subscription notices against the sandbox: the {@code subscribe_msg_sent_event} it pushes after a
 * {@code bizsend} reaches the outbox through the callback, like a template receipt.
 */
class SubscriptionReceiptEndToEndTest {

  private static String sendNotice(Stack stack, String toUser) {
    HttpResponse<String> r =
        stack.post(
            "/api/v1/messages",
            "{\"appId\":\""
                + stack.account.appId()
                + "\",\"type\":\"subscribe\",\"toUser\":\""
                + toUser
                + "\",\"templateId\":\"tmpl_notice\",\"page\":\"https://example.com/p\","
                + "\"data\":{\"thing1\":{\"value\":\"到货\"}}}");
    if (r.statusCode() != 202) throw new IllegalStateException(r.statusCode() + " " + r.body());
    try {
      return Stack.JSON.readTree(r.body()).get("id").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_notice_whose_bizsend_answered_a_msgid_is_delivered_by_its_subscribe_msg_sent_event() {
    try (Stack stack =
            new Stack(
                Stack.Db.H2, Stack.fastOutbox(), sandbox -> sandbox.withBizsendAnswersMsgId(true));
        Gateway gateway = Gateway.start(new ConfigLoader(stack.env).load())) {
      String id = sendNotice(stack, Stack.openId(1));

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(stack.status(id)).isEqualTo("DELIVERED"));
      JsonNode message = stack.get("/api/v1/messages/" + id);
      assertThat(message.path("receipt").path("status").asText()).isEqualTo("success");
      assertThat(stack.sandbox.requests("receipt", stack.account.appId()))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.msgId()).isEqualTo(message.path("wechatMsgId").asLong());
                assertThat(r.errcode()).isZero();
                assertThat(r.body()).contains("subscribe_msg_sent_event");
              });
    }
  }

  @Test
  void a_notice_sent_without_a_msgid_stays_sent_and_its_event_is_still_taken() {
    try (Stack stack = new Stack(Stack.Db.H2, Stack.fastOutbox());
        Gateway gateway = Gateway.start(new ConfigLoader(stack.env).load())) {
      String id = sendNotice(stack, Stack.openId(2));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(stack.status(id)).isEqualTo("SENT"));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> stack.sandbox.requests("receipt", stack.account.appId()).size() == 1);
      assertThat(stack.sandbox.requests("receipt", stack.account.appId()).getFirst().errcode())
          .as("the gateway answered the push 2xx")
          .isZero();
      assertThat(stack.status(id)).isEqualTo("SENT");
    }
  }
}
