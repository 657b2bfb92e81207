package io.wxgate.sandbox;

import static io.wxgate.sandbox.SandboxFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.WxgateException;
import io.wxgate.config.Account;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackClientTest {
  private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
  private static final String ACCOUNT_ID = Sandbox.originalId(ACCOUNT.appId());

  private final CallbackCatcher gateway = new CallbackCatcher();
  private final CallbackClient client =
      new CallbackClient(Duration.ofSeconds(5), InstantSource.fixed(NOW));

  @AfterEach
  void close() {
    client.close();
    gateway.close();
  }

  private static WxMpDefaultConfigImpl wxjavaConfig() {
    WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
    config.setAppId(ACCOUNT.appId());
    config.setToken(ACCOUNT.token().reveal());
    config.setAesKey(ACCOUNT.aesKey().reveal());
    return config;
  }

  /** Answers like a gateway built on WxJava: echoes the text, encrypted. */
  private static String wxjavaEcho(CallbackCatcher.Push push) {
    WxMpXmlMessage in =
        WxMpXmlMessage.fromEncryptedXml(
            push.body(),
            wxjavaConfig(),
            push.query().get("timestamp"),
            push.query().get("nonce"),
            push.query().get("msg_signature"));
    return WxMpXmlOutMessage.TEXT()
        .content("echo: " + in.getContent())
        .fromUser(in.getToUser())
        .toUser(in.getFromUser())
        .build()
        .toEncryptedXml(wxjavaConfig());
  }

  @Test
  void a_safe_mode_push_is_accepted_by_wxjava_and_its_encrypted_reply_comes_back_decrypted() {
    gateway.answer(CallbackClientTest::wxjavaEcho);
    String text = InboundXml.text(ACCOUNT_ID, "o_user", NOW.getEpochSecond(), "你好 sandbox", 42L);

    CallbackClient.Response response =
        client.push(gateway.urlTemplate(), ACCOUNT, text, Account.Mode.SAFE);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.problem()).isNull();
    WxMpXmlMessage reply = WxMpXmlMessage.fromXml(response.reply());
    assertThat(reply.getContent()).isEqualTo("echo: 你好 sandbox");
    assertThat(reply.getToUser()).isEqualTo("o_user");
    CallbackCatcher.Push push = gateway.pushes.getFirst();
    assertThat(push.query()).containsEntry("timestamp", Long.toString(NOW.getEpochSecond()));
    assertThat(FlatXml.fields(push.body()).keySet()).containsExactly("ToUserName", "Encrypt");
  }

  @Test
  void a_compatible_mode_push_carries_the_plain_fields_and_the_envelope() {
    String event = InboundXml.event(ACCOUNT_ID, "o_user", 1L, "CLICK", "MENU_1");
    client.push(gateway.urlTemplate(), ACCOUNT, event, Account.Mode.COMPATIBLE);
    CallbackCatcher.Push push = gateway.pushes.getFirst();
    Map<String, String> fields = FlatXml.fields(push.body());
    assertThat(fields).containsEntry("Event", "CLICK").containsEntry("EventKey", "MENU_1");
    String decrypted =
        new WxCryptUtil(ACCOUNT.token().reveal(), ACCOUNT.aesKey().reveal(), ACCOUNT.appId())
            .decryptXml(
                push.query().get("msg_signature"),
                push.query().get("timestamp"),
                push.query().get("nonce"),
                push.body());
    assertThat(decrypted).isEqualTo(event);
  }

  @Test
  void a_plaintext_push_is_the_xml_itself_and_a_plain_reply_is_returned_as_is() {
    String reply = "<xml><MsgType><![CDATA[text]]></MsgType></xml>";
    gateway.answer(push -> reply);
    String text = InboundXml.text(ACCOUNT_ID, "o_user", 1L, "hi", 1L);
    CallbackClient.Response response =
        client.push(gateway.urlTemplate(), ACCOUNT, text, Account.Mode.PLAINTEXT);
    assertThat(gateway.pushes.getFirst().body()).isEqualTo(text);
    assertThat(gateway.pushes.getFirst().query()).doesNotContainKey("encrypt_type");
    assertThat(response.reply()).isEqualTo(reply);
  }

  @Test
  void success_means_no_reply_and_no_problem() {
    CallbackClient.Response response =
        client.push(
            gateway.urlTemplate(),
            ACCOUNT,
            InboundXml.event(ACCOUNT_ID, "o_user", 1L, "subscribe", null),
            Account.Mode.SAFE);
    assertThat(response.reply()).isNull();
    assertThat(response.problem()).isNull();
  }

  @Test
  void an_encrypted_reply_with_a_wrong_signature_is_reported_not_decrypted() {
    gateway.answer(
        push ->
            wxjavaEcho(push)
                .replaceAll(
                    "<MsgSignature>.*</MsgSignature>",
                    "<MsgSignature><![CDATA[0000000000000000000000000000000000000000]]></MsgSignature>"));
    CallbackClient.Response response =
        client.push(
            gateway.urlTemplate(),
            ACCOUNT,
            InboundXml.text(ACCOUNT_ID, "o_user", 1L, "hi", 1L),
            Account.Mode.SAFE);
    assertThat(response.reply()).isNull();
    assertThat(response.problem()).isEqualTo("the reply's MsgSignature does not match");
  }

  @Test
  void an_unreachable_gateway_is_an_exception_naming_the_url() {
    gateway.close();
    assertThatThrownBy(
            () ->
                client.push(
                    gateway.urlTemplate(),
                    ACCOUNT,
                    InboundXml.text(ACCOUNT_ID, "o", 1L, "hi", 1L),
                    Account.Mode.SAFE))
        .isInstanceOf(WxgateException.class)
        .hasMessageStartingWith("cannot push to http://127.0.0.1:")
        .hasMessageContaining("/wx/" + ACCOUNT.appId() + "/callback");
  }

  @Test
  void cdata_cannot_be_broken_out_of() {
    assertThat(InboundXml.cdata("a]]>b")).isEqualTo("<![CDATA[a]]]]><![CDATA[>b]]>");
    assertThat(FlatXml.fields("<xml><C>" + InboundXml.cdata("a]]><x/>b") + "</C></xml>"))
        .containsEntry("C", "a]]><x/>b");
  }
}
