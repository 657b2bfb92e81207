package io.wxgate.sandbox;

import static io.wxgate.sandbox.SandboxFixture.ACCOUNT;
import static io.wxgate.sandbox.SandboxFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.SubscribeMsgSentEvent;
import io.wxgate.wechat.SubscriptionSentItem;
import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.SendResult;
import io.wxgate.wechat.api.SubscribeMessage;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.xml.XmlCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxReceiptTest {
  private final CallbackCatcher gateway = new CallbackCatcher();
  private SandboxFixture fx = start(ACCOUNT);

  private SandboxFixture start(Account account) {
    return new SandboxFixture(config(account));
  }

  private SandboxConfig config(Account account) {
    return SandboxConfig.of(account)
        .withCallbackUrl(gateway.urlTemplate())
        .withReceiptDelay(Duration.ZERO);
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
  void a_receipt_the_gateway_does_not_take_is_tried_again_then_given_up_and_recorded_as_failed() {
    fx.close();
    fx = new SandboxFixture(config(ACCOUNT).withReceiptRetries(2, Duration.ofSeconds(1)));
    gateway.close();
    send("o_user", null);
    await()
        .untilAsserted(
            () ->
                assertThat(fx.sandbox.requests("receipt", null))
                    .hasSize(3)
                    .allSatisfy(r -> assertThat(r.errcode()).isEqualTo(-1)));
  }

  @Test
  void a_receipt_answered_with_an_error_is_pushed_again_with_the_same_event_until_taken() {
    AtomicInteger errors = new AtomicInteger(2);
    gateway.status(push -> errors.getAndDecrement() > 0 ? 503 : 200);
    long msgId = send("o_user", null);

    await().until(() -> gateway.pushes.size() == 3);
    assertThat(gateway.pushes)
        .extracting(SandboxReceiptTest::decryptWithWxJava)
        .containsOnly(decryptWithWxJava(gateway.pushes.getFirst()));
    assertThat(FlatXml.fields(decryptWithWxJava(gateway.pushes.getFirst())))
        .containsEntry("MsgID", Long.toString(msgId));
    await()
        .untilAsserted(
            () ->
                assertThat(fx.sandbox.requests("receipt", ACCOUNT.appId()))
                    .extracting(RecordedRequest::errcode, RecordedRequest::errmsg)
                    .containsExactly(
                        tuple(-1, "HTTP 503"), tuple(-1, "HTTP 503"), tuple(0, "HTTP 200")));
  }

  @Test
  void a_receipt_the_gateway_does_not_answer_in_time_is_pushed_again() throws Exception {
    fx.close();
    fx = new SandboxFixture(config(ACCOUNT).withReceiptRetries(3, Duration.ofMillis(300)));
    CountDownLatch firstHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger seen = new AtomicInteger();
    gateway.answer(
        push -> {
          if (seen.getAndIncrement() == 0) {
            firstHeld.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return "success";
        });
    try {
      send("o_user", null);
      assertThat(firstHeld.await(5, TimeUnit.SECONDS)).isTrue();
      await()
          .untilAsserted(
              () ->
                  assertThat(fx.sandbox.requests("receipt", ACCOUNT.appId()))
                      .extracting(RecordedRequest::errcode)
                      .containsExactly(-1, 0));
    } finally {
      release.countDown();
    }
    assertThat(fx.sandbox.requests("receipt", null).getFirst().errmsg()).contains("timed out");
  }

  @Test
  void a_subscription_notice_pushes_subscribe_msg_sent_event_with_its_msgid() {
    fx.close();
    fx = new SandboxFixture(config(ACCOUNT).withBizsendAnswersMsgId(true));
    SendResult result =
        fx.api.sendSubscribe(
            fx.token(),
            new SubscribeMessage(
                "o_user", "tmpl_notice", null, null, Map.of("thing1", new DataValue("到货", null))));
    long msgId = ((SendResult.Sent) result).msgId();

    await().until(() -> gateway.pushes.size() == 1);
    InboundMessage event =
        new XmlCodec(XmlCodec.XmlLimits.defaults())
            .parse(decryptWithWxJava(gateway.pushes.getFirst()));
    assertThat(event)
        .isInstanceOfSatisfying(
            SubscribeMsgSentEvent.class,
            e -> {
              assertThat(e.fromUserName()).isEqualTo("o_user");
              assertThat(e.toUserName()).isEqualTo(Sandbox.originalId(ACCOUNT.appId()));
              assertThat(e.items())
                  .containsExactly(
                      new SubscriptionSentItem("tmpl_notice", Long.toString(msgId), 0, "success"));
            });
    await()
        .untilAsserted(
            () ->
                assertThat(fx.sandbox.requests("receipt", ACCOUNT.appId()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.msgId()).isEqualTo(msgId)));
  }

  @Test
  void without_a_msgid_in_the_bizsend_answer_the_event_still_carries_one() {
    SendResult result =
        fx.api.sendSubscribe(
            fx.token(),
            new SubscribeMessage(
                "o_user", "tmpl_notice", null, null, Map.of("thing1", new DataValue("到货", null))));
    assertThat(((SendResult.Sent) result).msgId()).isNull();

    await().until(() -> gateway.pushes.size() == 1);
    long recorded = fx.sandbox.requests("bizsend", ACCOUNT.appId()).getFirst().msgId();
    assertThat(FlatXml.fields(decryptWithWxJava(gateway.pushes.getFirst())))
        .containsEntry("Event", "subscribe_msg_sent_event");
    assertThat(decryptWithWxJava(gateway.pushes.getFirst()))
        .contains("<MsgID>" + recorded + "</MsgID>");
  }
}
