package io.wxgate.callback;

import static io.wxgate.callback.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.CallbackConfig;
import io.wxgate.testsupport.TestKeys;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.TextMessage;
import io.wxgate.wechat.TextReply;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.crypto.Signature;
import io.wxgate.wechat.xml.XmlCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackPipelineTest {
  static final long NOW = 1_700_000_000L;
  static final String TS = Long.toString(NOW);

  final String aesKey = TestKeys.aesKey();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MapDedup dedup = new MapDedup();
  final AtomicInteger calls = new AtomicInteger();
  final List<String> receipts = new CopyOnWriteArrayList<>();
  CallbackPipeline pipeline;

  CallbackPipeline pipeline(Router router, Duration deadline) {
    CallbackConfig config =
        new CallbackConfig(null, deadline, true, null, 0, 0, 0, List.of(), null);
    pipeline =
        new CallbackPipeline(
            config,
            List.of(account(aesKey)),
            new XmlCodec(XmlCodec.XmlLimits.defaults()),
            dedup,
            router,
            (app, msgId, status) -> receipts.add(app + ":" + msgId + ":" + status),
            InstantSource.fixed(Instant.ofEpochSecond(NOW)),
            registry);
    return pipeline;
  }

  CallbackPipeline echoing() {
    return pipeline(
        Router.builder()
            .route(
                Rule.any().msgType("text"),
                (app, m) -> {
                  calls.incrementAndGet();
                  return Optional.of(new TextReply("echo: " + ((TextMessage) m).content()));
                })
            .build(),
        null);
  }

  @AfterEach
  void close() {
    if (pipeline != null) pipeline.close();
  }

  @Test
  void url_verification_answers_echostr_when_signed() {
    String sig = Signature.sign(TOKEN, TS, "42");
    assertThat(echoing().verifyUrl(CallbackRequest.get(APP_ID, sig, TS, "42", "4375120948")))
        .isEqualTo("4375120948");
  }

  @Test
  void url_verification_refuses_a_wrong_signature_and_a_missing_echostr() {
    CallbackPipeline p = echoing();
    assertThatThrownBy(() -> p.verifyUrl(CallbackRequest.get(APP_ID, "00", TS, "42", "1")))
        .isInstanceOfSatisfying(
            CallbackRejected.class,
            e -> assertThat(e.reason()).isEqualTo(CallbackRejected.Reason.BAD_SIGNATURE));
    String sig = Signature.sign(TOKEN, TS, "42");
    assertThatThrownBy(() -> p.verifyUrl(CallbackRequest.get(APP_ID, sig, TS, "42", null)))
        .isInstanceOfSatisfying(
            CallbackRejected.class,
            e -> assertThat(e.reason()).isEqualTo(CallbackRejected.Reason.MISSING_PARAMETER));
    assertThat(registry.counter(CallbackMeters.REJECTED, "reason", "bad_signature").count())
        .isEqualTo(1.0);
  }

  @Test
  void plaintext_message_gets_a_plaintext_reply() {
    CallbackResponse r = echoing().handle(plain(textXml("hello", 1L, NOW), TS));
    assertThat(r.contentType()).isEqualTo(CallbackResponse.XML);
    assertThat(r.body())
        .contains("<ToUserName><![CDATA[" + USER + "]]></ToUserName>")
        .contains("<FromUserName><![CDATA[" + ACCOUNT_ID + "]]></FromUserName>")
        .contains("<Content><![CDATA[echo: hello]]></Content>");
  }

  @Test
  void safe_mode_message_gets_an_encrypted_signed_reply() {
    CallbackResponse r = echoing().handle(safe(textXml("你好", 2L, NOW), TS, aesKey));
    String encrypt = element(r.body(), "Encrypt");
    String signature = element(r.body(), "MsgSignature");
    String timeStamp = element(r.body(), "TimeStamp");
    String nonce = element(r.body(), "Nonce");
    assertThat(Signature.verify(signature, TOKEN, timeStamp, nonce, encrypt)).isTrue();
    String plain = new MessageCrypt(APP_ID, Secret.of(aesKey), null).decrypt(encrypt).xml();
    assertThat(plain).contains("<Content><![CDATA[echo: 你好]]></Content>");
  }

  @Test
  void compatible_mode_uses_the_ciphertext_and_ignores_the_plain_copy() {
    CallbackRequest safe = safe(textXml("real", 3L, NOW), TS, aesKey);
    String body =
        safe.body()
            .replace(
                "</xml>",
                "<FromUserName><![CDATA[forged]]></FromUserName><MsgType><![CDATA[text]]></MsgType>"
                    + "<Content><![CDATA[forged]]></Content></xml>");
    CallbackRequest compatible =
        new CallbackRequest(
            safe.appId(),
            safe.signature(),
            safe.timestamp(),
            safe.nonce(),
            null,
            "aes",
            safe.msgSignature(),
            "text/xml",
            body);
    String encrypt = element(echoing().handle(compatible).body(), "Encrypt");
    String plain = new MessageCrypt(APP_ID, Secret.of(aesKey), null).decrypt(encrypt).xml();
    assertThat(plain).contains("echo: real").doesNotContain("forged");
  }

  @Test
  void three_identical_deliveries_reach_the_handler_once_and_get_the_first_answer() {
    CallbackPipeline p = echoing();
    CallbackRequest req = safe(textXml("dup", 77L, NOW), TS, aesKey);
    String first = decryptedReply(p.handle(req).body());
    String second = decryptedReply(p.handle(req).body());
    String third = decryptedReply(p.handle(req).body());
    assertThat(calls).hasValue(1);
    assertThat(first).contains("echo: dup");
    assertThat(second).isEqualTo(first);
    assertThat(third).isEqualTo(first);
    assertThat(registry.counter(CallbackMeters.DUPLICATES).count()).isEqualTo(2.0);
  }

  @Test
  void same_msgid_from_two_users_is_not_a_duplicate() {
    CallbackPipeline p = echoing();
    p.handle(plain(textXml("a", 5L, NOW), TS));
    p.handle(plain(textXml("b", 5L, NOW).replace(USER, "otherUser"), TS));
    assertThat(calls).hasValue(2);
  }

  @Test
  void a_handler_past_the_deadline_yields_success_and_a_counted_miss() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    pipeline(
        Router.builder()
            .route(
                Rule.any(),
                (app, m) -> {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  finished.countDown();
                  return Optional.of(new TextReply("late"));
                })
            .build(),
        Duration.ofMillis(50));
    CallbackResponse r = pipeline.handle(plain(textXml("slow", 9L, NOW), TS));
    assertThat(r).isEqualTo(CallbackResponse.SUCCESS);
    assertThat(registry.counter(CallbackMeters.DEADLINE_MISSES).count()).isEqualTo(1.0);
    release.countDown();
    assertThat(finished.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void a_failing_handler_yields_success() {
    pipeline(
        Router.builder()
            .route(
                Rule.any(),
                (app, m) -> {
                  throw new IllegalStateException("boom");
                })
            .build(),
        null);
    assertThat(pipeline.handle(plain(textXml("x", 10L, NOW), TS)))
        .isEqualTo(CallbackResponse.SUCCESS);
    assertThat(registry.counter(CallbackMeters.HANDLER_ERRORS).count()).isEqualTo(1.0);
  }

  @Test
  void no_matching_rule_answers_success() {
    assertThat(echoing().handle(plain(eventXml("CLICK", "k", NOW), TS)))
        .isEqualTo(CallbackResponse.SUCCESS);
  }

  @Test
  void stale_and_future_timestamps_are_refused() {
    CallbackPipeline p = echoing();
    for (long ts : new long[] {NOW - 301, NOW + 301}) {
      assertThatThrownBy(() -> p.handle(plain(textXml("x", 11L, ts), Long.toString(ts))))
          .isInstanceOfSatisfying(
              CallbackRejected.class,
              e -> assertThat(e.reason()).isEqualTo(CallbackRejected.Reason.STALE_TIMESTAMP));
    }
    assertThat(calls).hasValue(0);
  }

  @Test
  void a_ciphertext_for_another_app_is_refused() {
    String xml = textXml("x", 12L, NOW);
    String encrypt = new MessageCrypt("wxOTHERAPP", Secret.of(aesKey), null).encrypt(xml);
    String body =
        "<xml><ToUserName>g</ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
    CallbackRequest r =
        new CallbackRequest(
            APP_ID,
            Signature.sign(TOKEN, TS, "n"),
            TS,
            "n",
            null,
            "aes",
            Signature.sign(TOKEN, TS, "n", encrypt),
            "text/xml",
            body);
    assertThatThrownBy(() -> echoing().handle(r))
        .isInstanceOfSatisfying(
            CallbackRejected.class,
            e -> assertThat(e.reason()).isEqualTo(CallbackRejected.Reason.APPID_MISMATCH));
    assertThat(calls).hasValue(0);
    assertThat(dedup.claimed).isEmpty();
  }

  @Test
  void unknown_app_is_refused() {
    CallbackRequest r = plain(textXml("x", 13L, NOW), TS);
    CallbackRequest other =
        new CallbackRequest(
            "wxnope",
            r.signature(),
            r.timestamp(),
            r.nonce(),
            null,
            null,
            null,
            "text/xml",
            r.body());
    assertThatThrownBy(() -> echoing().handle(other))
        .isInstanceOfSatisfying(
            CallbackRejected.class,
            e -> assertThat(e.reason()).isEqualTo(CallbackRejected.Reason.UNKNOWN_APP));
  }

  @Test
  void template_receipts_go_to_the_receipt_sink() {
    String xml =
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName>"
            + "<CreateTime>"
            + NOW
            + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            + "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID>"
            + "<Status><![CDATA[failed:user block]]></Status></xml>";
    echoing().handle(safe(xml, TS, aesKey));
    assertThat(receipts).containsExactly(APP_ID + ":200163836:failed:user block");
  }

  @Test
  void subscription_results_go_to_the_receipt_sink_one_per_item() {
    String xml =
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName>"
            + "<CreateTime>"
            + NOW
            + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            + "<Event><![CDATA[subscribe_msg_sent_event]]></Event><SubscribeMsgSentEvent>"
            + "<List><TemplateId><![CDATA[T1]]></TemplateId><MsgID>1700827132819554304</MsgID>"
            + "<ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List>"
            + "<List><TemplateId><![CDATA[T2]]></TemplateId><MsgID>1700827132819554305</MsgID>"
            + "<ErrorCode>20001</ErrorCode><ErrorStatus><![CDATA[system failed]]></ErrorStatus>"
            + "</List><List><TemplateId><![CDATA[T3]]></TemplateId><MsgID>not-a-number</MsgID>"
            + "<ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List>"
            + "</SubscribeMsgSentEvent></xml>";
    assertThat(echoing().handle(safe(xml, TS, aesKey))).isEqualTo(CallbackResponse.SUCCESS);
    assertThat(receipts)
        .containsExactly(
            APP_ID + ":1700827132819554304:success",
            APP_ID + ":1700827132819554305:failed:20001 system failed");
  }

  @Test
  void a_handler_that_cannot_keep_the_push_fails_the_callback_and_the_retry_is_processed() {
    AtomicInteger refusals = new AtomicInteger(1);
    pipeline(
        Router.builder()
            .route(
                Rule.any(),
                (app, m) -> {
                  calls.incrementAndGet();
                  if (refusals.getAndDecrement() > 0) {
                    throw new CallbackUnavailable("store down", new IllegalStateException());
                  }
                  return Optional.of(new TextReply("kept"));
                })
            .build(),
        null);
    CallbackRequest push = plain(textXml("x", 14L, NOW), TS);

    assertThatThrownBy(() -> pipeline.handle(push)).isInstanceOf(CallbackUnavailable.class);
    assertThat(dedup.claimed).isEmpty();
    assertThat(dedup.answers).isEmpty();
    assertThat(registry.counter(CallbackMeters.FAILED).count()).isEqualTo(1.0);
    assertThat(registry.counter(CallbackMeters.HANDLER_ERRORS).count()).isZero();

    assertThat(pipeline.handle(push).body()).contains("kept");
    assertThat(pipeline.handle(push).body()).contains("kept");
    assertThat(calls).hasValue(2);
  }

  @Test
  void a_receipt_the_outbox_cannot_record_fails_the_callback_and_the_retry_records_it() {
    AtomicInteger failures = new AtomicInteger(1);
    pipeline =
        new CallbackPipeline(
            new CallbackConfig(null, null, true, null, 0, 0, 0, List.of(), null),
            List.of(account(aesKey)),
            new XmlCodec(XmlCodec.XmlLimits.defaults()),
            dedup,
            Router.builder().build(),
            (app, msgId, status) -> {
              if (failures.getAndDecrement() > 0) throw new IllegalStateException("db down");
              receipts.add(app + ":" + msgId + ":" + status);
            },
            InstantSource.fixed(Instant.ofEpochSecond(NOW)),
            registry);
    String xml =
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName>"
            + "<CreateTime>"
            + NOW
            + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            + "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163837</MsgID>"
            + "<Status><![CDATA[success]]></Status></xml>";

    assertThatThrownBy(() -> pipeline.handle(plain(xml, TS)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(dedup.claimed).isEmpty();
    assertThat(pipeline.handle(plain(xml, TS))).isEqualTo(CallbackResponse.SUCCESS);
    assertThat(pipeline.handle(plain(xml, TS))).isEqualTo(CallbackResponse.SUCCESS);
    assertThat(receipts).containsExactly(APP_ID + ":200163837:success");
  }

  @Test
  void rules_match_first_wins_and_interceptors_wrap_in_order() {
    List<String> trace = new ArrayList<>();
    Router router =
        Router.builder()
            .intercept(
                (app, m, next) -> {
                  trace.add("outer>");
                  var r = next.handle(app, m);
                  trace.add("<outer");
                  return r;
                })
            .intercept(
                (app, m, next) -> {
                  trace.add("inner>");
                  var r = next.handle(app, m);
                  trace.add("<inner");
                  return r;
                })
            .reply(
                Rule.any().event("subscribe").eventKeyPrefix("qrscene_"), new TextReply("from qr"))
            .reply(Rule.any().event("subscribe"), new TextReply("welcome"))
            .reply(
                Rule.any().contentMatches(Pattern.compile("^order \\d+$")), new TextReply("order"))
            .reply(Rule.any().keyword("help"), new TextReply("help"))
            .reply(Rule.any().app("wxother").msgType("text"), new TextReply("other app"))
            .build();
    assertThat(answer(router, Fixtures.eventXml("subscribe", "qrscene_42", NOW)))
        .isEqualTo("from qr");
    assertThat(trace).containsExactly("outer>", "inner>", "<inner", "<outer");
    assertThat(answer(router, Fixtures.eventXml("subscribe", null, NOW))).isEqualTo("welcome");
    assertThat(answer(router, textXml("order 12", 1L, NOW))).isEqualTo("order");
    assertThat(answer(router, textXml("help", 1L, NOW))).isEqualTo("help");
    assertThat(answer(router, textXml("helpme", 1L, NOW))).isNull();
  }

  @Test
  void configured_keyword_replies_and_welcome_answer_without_code() {
    CallbackConfig config =
        new CallbackConfig(
            null,
            null,
            true,
            null,
            0,
            0,
            0,
            List.of(
                new CallbackConfig.AutoReply(
                    null, "价格", CallbackConfig.AutoReply.Match.CONTAINS, "价格表"),
                new CallbackConfig.AutoReply(
                    APP_ID, "hi", CallbackConfig.AutoReply.Match.PREFIX, "hello!")),
            "thanks for following");
    Router router = ConfiguredReplies.addTo(Router.builder(), config).build();
    assertThat(answer(router, textXml("请问价格多少", 1L, NOW))).isEqualTo("价格表");
    assertThat(answer(router, textXml("hi there", 1L, NOW))).isEqualTo("hello!");
    assertThat(answer(router, eventXml("subscribe", null, NOW))).isEqualTo("thanks for following");
  }

  private static String answer(Router router, String xml) {
    InboundMessage m = new XmlCodec(XmlCodec.XmlLimits.defaults()).parse(xml);
    return router
        .route(APP_ID, m)
        .flatMap(h -> h.handle(APP_ID, m))
        .map(r -> ((TextReply) r).content())
        .orElse(null);
  }

  /** The plaintext reply inside an encrypted envelope, after checking its signature. */
  private String decryptedReply(String envelope) {
    String encrypt = element(envelope, "Encrypt");
    assertThat(
            Signature.verify(
                element(envelope, "MsgSignature"),
                TOKEN,
                element(envelope, "TimeStamp"),
                element(envelope, "Nonce"),
                encrypt))
        .isTrue();
    return new MessageCrypt(APP_ID, Secret.of(aesKey), null).decrypt(encrypt).xml();
  }

  static String element(String xml, String name) {
    Matcher m =
        Pattern.compile(
                "<" + name + ">(?:<!\\[CDATA\\[)?(.*?)(?:]]>)?</" + name + ">", Pattern.DOTALL)
            .matcher(xml);
    assertThat(m.find()).as("element %s in %s", name, xml).isTrue();
    return m.group(1);
  }
}
