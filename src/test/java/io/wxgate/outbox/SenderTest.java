package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.MiniProgram;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SenderTest {
  private static OutboundMessage message(SendRequest r) {
    Instant t = Instant.parse("2026-03-01T00:00:00Z");
    return new OutboundMessage(
        "01HZY3M6Q2W8X9A7B5C4D3E2F1",
        r,
        State.SENDING,
        0,
        t,
        null,
        "c",
        null,
        null,
        null,
        null,
        t,
        t,
        null);
  }

  @Test
  void a_template_send_carries_the_message_id_as_client_msg_id() {
    SendRequest r =
        new SendRequest(
            "wx1",
            SendRequest.Type.TEMPLATE,
            "oUser0000000000000000000001",
            "T",
            "https://example.com",
            new MiniProgram("wxmini", "index"),
            null,
            Map.of("thing1", new DataValue("x", null)));
    var t = Sender.templateOf(message(r));
    assertThat(t.clientMsgId()).isEqualTo("01HZY3M6Q2W8X9A7B5C4D3E2F1");
    assertThat(t.url()).isEqualTo("https://example.com");
    assertThat(t.miniProgram().pagePath()).isEqualTo("index");
    assertThat(t.data()).containsKey("thing1");
  }

  @Test
  void a_subscribe_send_carries_its_page() {
    SendRequest r =
        new SendRequest(
            "wx1",
            SendRequest.Type.SUBSCRIBE,
            "oUser0000000000000000000001",
            "T",
            null,
            null,
            "https://example.com/p",
            Map.of("thing1", new DataValue("x", null)));
    assertThat(Sender.subscribeOf(message(r)).page()).isEqualTo("https://example.com/p");
  }
}
