package io.wxgate.sandbox;

import static io.wxgate.sandbox.SandboxFixture.ACCOUNT;
import static io.wxgate.sandbox.SandboxFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.wechat.api.SendResult;
import io.wxgate.wechat.crypto.MessageCrypt;
import java.time.Duration;
import java.util.Map;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxReceiptTest {
  private final CallbackCatcher gateway = new CallbackCatcher();
  private SandboxFixture fx = start(ACCOUNT);

  private SandboxFixture start(Account account) {
    return new SandboxFixture(
        SandboxConfig.of(account)
            .withCallbackUrl(gateway.urlTemplate())
            .withReceiptDelay(Duration.ZERO));
  }

  @AfterEach
  void close() {
    fx.close();
    gateway.close();
  }

  private long send(String toUser, String clientMsgId) {
    SendResult result = fx.api.sendTemplate(fx.token(), template(toUser, clientMsgId));
    return ((SendResult.Sent) result).msgId();
  }

  private static String decryptWithWxJava(CallbackCatcher.Push push) {
    WxCryptUtil wxjava =
        new WxCryptUtil(ACCOUNT.token().reveal(), ACCOUNT.aesKey().reveal(), ACCOUNT.appId());
    return wxjava.decryptXml(
        push.query().get("msg_signature"),
        push.query().get("timestamp"),
        push.query().get("nonce"),
        push.body());
  }

  @Test
  void a_template_send_pushes_a_signed_safe_mode_receipt_that_wxjava_decrypts() {
    long msgId = send("o_user", null);
    await().until(() -> gateway.pushes.size() == 1);
    CallbackCatcher.Push push = gateway.pushes.getFirst();

    assertThat(push.path()).isEqualTo("/wx/" + ACCOUNT.appId() + "/callback");
    Map<String, String> q = push.query();
    String token = ACCOUNT.token().reveal();
    assertThat(q.get("signature")).isEqualTo(SHA1.gen(token, q.get("timestamp"), q.get("nonce")));
    assertThat(q).containsEntry("encrypt_type", "aes").containsEntry("openid", "o_user");
    Map<String, String> envelope = FlatXml.fields(push.body());
    assertThat(envelope.keySet()).containsExactly("ToUserName", "Encrypt");
    assertThat(envelope.get("ToUserName")).isEqualTo(Sandbox.originalId(ACCOUNT.appId()));
    assertThat(q.get("msg_signature"))
        .isEqualTo(SHA1.gen(token, q.get("timestamp"), q.get("nonce"), envelope.get("Encrypt")));

    WxMpXmlMessage event = WxMpXmlMessage.fromXml(decryptWithWxJava(push));
    assertThat(event.getMsgType()).isEqualTo("event");
    assertThat(event.getEvent()).isEqualTo("TEMPLATESENDJOBFINISH");
    assertThat(event.getFromUser()).isEqualTo("o_user");
    assertThat(event.getToUser()).isEqualTo(Sandbox.originalId(ACCOUNT.appId()));
    assertThat(event.getStatus()).isEqualTo("success");
    assertThat(event.getCreateTime()).isEqualTo(fx.clock.instant().getEpochSecond());

    // WxJava does not check the AppID trailer; MessageCrypt does
    String plain =
        new MessageCrypt(ACCOUNT.appId(), ACCOUNT.aesKey(), null)
            .decrypt(envelope.get("Encrypt"))
            .xml();
    assertThat(FlatXml.fields(plain)).containsEntry("MsgID", Long.toString(msgId));
    await()
        .untilAsserted(
            () ->
                assertThat(fx.sandbox.requests("receipt", ACCOUNT.appId()))
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.msgId()).isEqualTo(msgId);
                          assertThat(r.errcode()).isZero();
                          assertThat(r.body()).contains("TEMPLATESENDJOBFINISH");
                        }));
  }

  @Test
  void a_user_who_blocked_the_account_gets_a_failed_user_block_receipt() {
    send("block_user", null);
    await().until(() -> gateway.pushes.size() == 1);
    WxMpXmlMessage event = WxMpXmlMessage.fromXml(decryptWithWxJava(gateway.pushes.getFirst()));
    assertThat(event.getStatus()).isEqualTo("failed:user block");
  }

  @Test
  void a_repeated_client_msg_id_pushes_no_second_receipt() {
    long first = send("o_user", "same");
    assertThat(send("o_user", "same")).isEqualTo(first);
    long other = send("o_user", "different");
    await().until(() -> gateway.pushes.size() == 2);
    assertThat(gateway.pushes)
        .extracting(p -> FlatXml.fields(decryptWithWxJava(p)).get("MsgID"))
        .containsExactlyInAnyOrder(Long.toString(first), Long.toString(other));
  }

  @Test
  void an_account_without_aes_key_gets_plaintext_receipts_with_the_signature_only() {
    fx.close();
    Account plain = SandboxConfig.parseAccount("wxplain000000000:secret:tok");
    fx = start(plain);
    String token =
        ((io.wxgate.wechat.api.TokenResult.Issued)
                fx.api.stableToken(plain.appId(), plain.secret(), false))
            .token()
            .value()
            .reveal();
    fx.api.sendTemplate(token, template("o_user", null));
    await().until(() -> gateway.pushes.size() == 1);
    CallbackCatcher.Push push = gateway.pushes.getFirst();
    assertThat(push.query()).doesNotContainKeys("encrypt_type", "msg_signature");
    assertThat(push.query().get("signature"))
        .isEqualTo(SHA1.gen("tok", push.query().get("timestamp"), push.query().get("nonce")));
    assertThat(WxMpXmlMessage.fromXml(push.body()).getEvent()).isEqualTo("TEMPLATESENDJOBFINISH");
  }

  @Test
  void a_receipt_the_gateway_does_not_take_is_recorded_as_failed() {
    gateway.close();
    send("o_user", null);
    await()
        .untilAsserted(
            () ->
                assertThat(fx.sandbox.requests("receipt", null))
                    .singleElement()
                    .satisfies(r -> assertThat(r.errcode()).isEqualTo(-1)));
  }
}
