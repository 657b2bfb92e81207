package io.wxgate.wechat.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.wechat.TextMessage;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class XmlCodecHardeningTest {
  final XmlCodec codec = new XmlCodec(XmlCodec.XmlLimits.defaults());

  static final String XXE_FILE =
      "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
          + "<xml><ToUserName>&xxe;</ToUserName></xml>";
  static final String XXE_PARAMETER =
      "<!DOCTYPE xml [<!ENTITY % remote SYSTEM \"http://127.0.0.1:1/evil.dtd\"> %remote;]>"
          + "<xml><ToUserName>a</ToUserName></xml>";
  static final String BILLION_LAUGHS =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
          + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
          + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
          + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>"
          + "<xml><ToUserName>&lol4;</ToUserName></xml>";

  @Test
  void refuses_an_external_entity() {
    assertReason(() -> codec.parse(XXE_FILE), XmlException.Reason.DOCTYPE_FORBIDDEN);
    assertReason(() -> codec.parseEnvelope(XXE_FILE), XmlException.Reason.DOCTYPE_FORBIDDEN);
  }

  @Test
  void refuses_a_parameter_entity() {
    assertReason(() -> codec.parse(XXE_PARAMETER), XmlException.Reason.DOCTYPE_FORBIDDEN);
  }

  @Test
  void refuses_billion_laughs() {
    assertReason(() -> codec.parse(BILLION_LAUGHS), XmlException.Reason.DOCTYPE_FORBIDDEN);
  }

  @Test
  void refuses_a_doctype_hidden_behind_comments_and_in_lowercase() {
    assertReason(
        () -> codec.parse("<!-- hi --><?pi x?>\n<!doctype xml><xml/>"),
        XmlException.Reason.DOCTYPE_FORBIDDEN);
  }

  @Test
  void refuses_an_entity_reference_that_nothing_declares() {
    assertReason(
        () -> codec.parse("<xml><ToUserName>&xxe;</ToUserName></xml>"),
        XmlException.Reason.MALFORMED);
  }

  @Test
  void a_user_may_write_doctype_inside_a_text_message() {
    String xml =
        InboundSamples.head("text")
            + "<Content><![CDATA[<!DOCTYPE html>]]></Content><MsgId>1</MsgId></xml>";
    assertThat(((TextMessage) codec.parse(xml)).content()).isEqualTo("<!DOCTYPE html>");
  }

  @Test
  void refuses_a_one_megabyte_body_before_parsing() {
    String big = "<xml><Content>" + "a".repeat(1 << 20) + "</Content></xml>";
    assertReason(() -> codec.parse(big), XmlException.Reason.TOO_LARGE);
  }

  @Test
  void counts_the_size_limit_in_utf8_bytes_not_chars() {
    XmlCodec small = new XmlCodec(new XmlCodec.XmlLimits(100, 8, 200));
    String body =
        "<xml><ToUserName>" + "中".repeat(30) + "</ToUserName></xml>"; // 54 chars, 114 bytes
    assertThat(body.length()).isLessThan(100);
    assertReason(() -> small.parseEnvelope(body), XmlException.Reason.TOO_LARGE);
    assertThat(XmlCodec.exceedsUtf8("中".repeat(33), 99)).isFalse();
    assertThat(XmlCodec.exceedsUtf8("中".repeat(34), 100)).isTrue();
    assertThat(XmlCodec.exceedsUtf8("😀".repeat(25), 100)).isFalse();
    assertThat(XmlCodec.exceedsUtf8("😀".repeat(26), 100)).isTrue();
  }

  @Test
  void refuses_deep_nesting() {
    String deep = "<a>".repeat(9) + "x" + "</a>".repeat(9);
    assertReason(() -> codec.parse(deep), XmlException.Reason.TOO_DEEP);
    String veryDeep = "<a>".repeat(5000) + "</a>".repeat(5000);
    assertReason(() -> codec.parse(veryDeep), XmlException.Reason.TOO_DEEP);
  }

  @Test
  void refuses_too_many_fields() {
    String wide = "<xml>" + "<a>1</a>".repeat(250) + "</xml>";
    assertReason(() -> codec.parse(wide), XmlException.Reason.TOO_MANY_FIELDS);
  }

  @Test
  void refuses_truncated_and_garbage_input() {
    String text = InboundSamples.TEXT;
    assertReason(
        () -> codec.parse(text.substring(0, text.length() - 4)), XmlException.Reason.MALFORMED);
    assertReason(() -> codec.parse(""), XmlException.Reason.MALFORMED);
    assertReason(() -> codec.parse("{\"json\":true}"), XmlException.Reason.MALFORMED);
    assertReason(() -> codec.parse("<xml></xml><xml></xml>"), XmlException.Reason.MALFORMED);
    assertReason(() -> codec.parse(null), XmlException.Reason.MALFORMED);
  }

  @Test
  void requires_the_header_and_a_message_id() {
    assertReason(
        () -> codec.parse("<xml><ToUserName>a</ToUserName></xml>"),
        XmlException.Reason.MISSING_FIELD);
    assertReason(
        () -> codec.parse(InboundSamples.head("text") + "<Content>x</Content></xml>"),
        XmlException.Reason.MISSING_FIELD);
    assertReason(
        () -> codec.parseEnvelope("<xml><Encrypt>abc</Encrypt></xml>"),
        XmlException.Reason.MISSING_FIELD);
  }

  @Test
  void refuses_a_number_field_that_is_not_a_number() {
    assertReason(
        () -> codec.parse(InboundSamples.TEXT.replace("1409735668", "yesterday")),
        XmlException.Reason.BAD_VALUE);
  }

  @Test
  void messages_never_echo_the_input() {
    String marker = "SECRET_MARKER_42";
    assertThatThrownBy(() -> codec.parse("<xml><" + marker + ">&" + marker + ";</xml>"))
        .isInstanceOf(XmlException.class)
        .message()
        .doesNotContain(marker);
    assertThatThrownBy(() -> codec.parse("<xml><" + marker + "></xml>"))
        .isInstanceOf(XmlException.class)
        .hasNoCause()
        .message()
        .doesNotContain(marker);
  }

  private static void assertReason(ThrowingCallable call, XmlException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(XmlException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
