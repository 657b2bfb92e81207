package io.wxgate.forward;

import static io.wxgate.forward.Inbound.APP_ID;
import static io.wxgate.forward.Inbound.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventsTest {
  static final Instant RECEIVED = Instant.parse("2024-05-01T08:00:00Z");

  static JsonNode json(String xml) throws Exception {
    ForwardEvent e = Events.of("01HXID", APP_ID, Inbound.XML.parse(xml), RECEIVED);
    return Receiver.JSON.readTree(Events.json(e));
  }

  @Test
  void a_text_message_has_the_common_fields_its_typed_fields_and_the_raw_xml() throws Exception {
    JsonNode e = json(Inbound.textXml(USER, "hello", 6054768590064713728L, 1_700_000_000L));
    assertThat(e.fieldNames())
        .toIterable()
        .containsExactly(
            "id",
            "appId",
            "toUserName",
            "type",
            "event",
            "eventKey",
            "openId",
            "msgId",
            "createTime",
            "receivedAt",
            "data",
            "raw");
    assertThat(e.path("id").asText()).isEqualTo("01HXID");
    assertThat(e.path("appId").asText()).isEqualTo(APP_ID);
    assertThat(e.path("type").asText()).isEqualTo("text");
    assertThat(e.path("event").isNull()).isTrue();
    assertThat(e.path("openId").asText()).isEqualTo(USER);
    // 64-bit ids travel as strings so JavaScript receivers do not round them
    assertThat(e.path("msgId").isTextual()).isTrue();
    assertThat(e.path("msgId").asText()).isEqualTo("6054768590064713728");
    assertThat(e.path("createTime").asLong()).isEqualTo(1_700_000_000L);
    assertThat(e.path("receivedAt").asText()).isEqualTo("2024-05-01T08:00:00Z");
    assertThat(e.path("data").path("content").asText()).isEqualTo("hello");
    assertThat(e.path("raw").path("MsgType").asText()).isEqualTo("text");
  }

  @Test
  void a_subscribe_event_from_a_qr_code_carries_its_event_key_and_ticket() throws Exception {
    String xml =
        Inbound.eventXml(USER, "subscribe", "qrscene_123", 1_700_000_000L)
            .replace("</xml>", "<Ticket><![CDATA[TICKET]]></Ticket></xml>");
    JsonNode e = json(xml);
    assertThat(e.path("type").asText()).isEqualTo("event");
    assertThat(e.path("event").asText()).isEqualTo("subscribe");
    assertThat(e.path("eventKey").asText()).isEqualTo("qrscene_123");
    assertThat(e.path("data").path("ticket").asText()).isEqualTo("TICKET");
    assertThat(e.path("msgId").isNull()).isTrue();
  }

  @Test
  void a_template_receipt_has_its_msg_id_status_and_delivered_flag() throws Exception {
    String xml =
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA["
            + USER
            + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]>"
            + "</MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID>"
            + "<Status><![CDATA[failed:user block]]></Status></xml>";
    JsonNode e = json(xml);
    assertThat(e.path("event").asText()).isEqualTo("TEMPLATESENDJOBFINISH");
    assertThat(e.path("eventKey").isNull()).isTrue();
    assertThat(e.path("msgId").asText()).isEqualTo("200163836");
    assertThat(e.path("data").path("status").asText()).isEqualTo("failed:user block");
    assertThat(e.path("data").path("delivered").asBoolean()).isFalse();
  }

  @Test
  void a_subscription_popup_lists_its_items_in_camel_case() throws Exception {
    String xml =
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA["
            + USER
            + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]>"
            + "</MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event>"
            + "<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[T1]]></TemplateId>"
            + "<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString>"
            + "<PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>";
    JsonNode e = json(xml);
    assertThat(e.path("event").asText()).isEqualTo("subscribe_msg_popup_event");
    JsonNode item = e.path("data").path("items").get(0);
    assertThat(item.path("templateId").asText()).isEqualTo("T1");
    assertThat(item.path("subscribeStatus").asText()).isEqualTo("accept");
    assertThat(item.path("popupScene").asInt()).isEqualTo(2);
  }

  @Test
  void a_message_type_wxgate_does_not_model_is_still_forwarded_with_its_raw_fields()
      throws Exception {
    String xml =
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA["
            + USER
            + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[file]]>"
            + "</MsgType><Title><![CDATA[a.pdf]]></Title><MsgId>77</MsgId></xml>";
    JsonNode e = json(xml);
    assertThat(e.path("type").asText()).isEqualTo("file");
    assertThat(e.path("msgId").asText()).isEqualTo("77");
    assertThat(e.path("data").isEmpty()).isTrue();
    assertThat(e.path("raw").path("Title").asText()).isEqualTo("a.pdf");
  }
}
