package io.wxgate.wechat.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.wxgate.wechat.Article;
import io.wxgate.wechat.NewsReply;
import io.wxgate.wechat.TextReply;
import io.wxgate.wechat.TransferCustomerServiceReply;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlCodecRenderTest {
  final XmlCodec codec = new XmlCodec(XmlCodec.XmlLimits.defaults());

  @Test
  void renders_a_text_reply_in_the_official_shape() {
    assertThat(codec.render(new TextReply("你好"), "oUser", "gh_1", 1409735668L))
        .isEqualTo(
            "<xml><ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_1]]></FromUserName>"
                + "<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[你好]]></Content></xml>");
  }

  @Test
  void content_containing_the_cdata_terminator_cannot_break_out() {
    String hostile = "a]]><MsgType>news</MsgType><![CDATA[ ]]]> ]]]]> ]]";
    String xml = codec.render(new TextReply(hostile), "oUser", "gh_1", 1L);

    Map<String, String> fields = codec.readFields(xml);

    assertThat(fields.get("Content")).isEqualTo(hostile);
    assertThat(fields.get("MsgType")).isEqualTo("text");
    assertThat(fields).hasSize(5);
  }

  @Test
  void drops_characters_xml_cannot_carry_and_keeps_emoji() {
    String xml = codec.render(new TextReply("a\u0000b\u0007c\uD800d😀\te"), "o", "g", 1L);
    assertThat(codec.readFields(xml).get("Content")).isEqualTo("abcd😀\te");
  }

  @Test
  void renders_the_encrypted_envelope() {
    assertThat(codec.renderEncrypted("ENC+/=", "82c962d3", "1409304348", "xxxxxx"))
        .isEqualTo(
            "<xml><Encrypt><![CDATA[ENC+/=]]></Encrypt><MsgSignature><![CDATA[82c962d3]]></MsgSignature>"
                + "<TimeStamp>1409304348</TimeStamp><Nonce><![CDATA[xxxxxx]]></Nonce></xml>");
    assertThat(codec.readFields(codec.renderEncrypted("e", "s", "1<2&", "n")).get("TimeStamp"))
        .isEqualTo("1<2&");
  }

  @Test
  void transfer_to_customer_service_names_the_agent_only_when_given() {
    assertThat(codec.render(new TransferCustomerServiceReply(null), "o", "g", 1L))
        .doesNotContain("TransInfo");
    assertThat(
            codec.readFields(codec.render(new TransferCustomerServiceReply("kf@x"), "o", "g", 1L)))
        .containsEntry("TransInfo/KfAccount", "kf@x");
  }

  @Test
  void a_news_reply_holds_one_to_eight_articles() {
    Article a = new Article("t", null, null, null);
    assertThat(new NewsReply(Collections.nCopies(8, a)).articles()).hasSize(8);
    assertThatIllegalArgumentException().isThrownBy(() -> new NewsReply(Collections.nCopies(9, a)));
    assertThatIllegalArgumentException().isThrownBy(() -> new NewsReply(java.util.List.of()));
  }
}
