package io.wxgate.sandbox;

import static io.wxgate.sandbox.SandboxFixture.ACCOUNT;
import static io.wxgate.sandbox.SandboxFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.SandboxConfig;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.MiniProgram;
import io.wxgate.wechat.api.SendResult;
import io.wxgate.wechat.api.SubscribeMessage;
import io.wxgate.wechat.api.TemplateMessage;
import io.wxgate.wechat.api.WechatError;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxSendTest {
  private SandboxFixture fx = new SandboxFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private SendResult send(TemplateMessage message) {
    return fx.api.sendTemplate(fx.token(), message);
  }

  private static WechatError error(SendResult result) {
    assertThat(result).isInstanceOf(SendResult.Failed.class);
    return ((SendResult.Failed) result).error();
  }

  private static long msgId(SendResult result) {
    assertThat(result).isInstanceOf(SendResult.Sent.class);
    return ((SendResult.Sent) result).msgId();
  }

  private static TemplateMessage withData(String key, String value) {
    return new TemplateMessage(
        "o_user", "tmpl", null, null, null, Map.of(key, new DataValue(value, null)));
  }

  @Test
  void a_valid_template_send_answers_ok_with_a_msgid_and_is_recorded() {
    long msgId = msgId(send(template("o_user", "c1")));
    RecordedRequest recorded = fx.sandbox.requests("template", ACCOUNT.appId()).getLast();
    assertThat(recorded.msgId()).isEqualTo(msgId);
    assertThat(recorded.errcode()).isZero();
    assertThat(recorded.body()).contains("\"client_msg_id\":\"c1\"").contains("巧克力");
    assertThat(recorded.query()).isEqualTo("access_token=***");
  }

  @Test
  void an_openid_starting_bad_gets_40003_and_a_template_id_starting_bad_gets_40037() {
    assertThat(error(send(template("bad_user", null))))
        .extracting(WechatError::errcode, WechatError::kind)
        .containsExactly(40003, ErrorKind.PERMANENT);
    TemplateMessage badTemplate =
        new TemplateMessage("o_user", "bad_tmpl", null, null, null, Map.of());
    assertThat(error(send(badTemplate)).errcode()).isEqualTo(40037);
    assertThat(error(send(badTemplate)).errmsg()).startsWith("invalid template_id hint: [");
  }

  @Test
  void strict_lists_know_only_the_listed_template_ids_and_openids() {
    fx.close();
    fx =
        new SandboxFixture(
            SandboxConfig.of(ACCOUNT).withKnown(Set.of("tmpl_order"), Set.of("o_known")));
    assertThat(msgId(send(template("o_known", null)))).isPositive();
    assertThat(error(send(template("o_user", null))).errcode()).isEqualTo(40003);
    TemplateMessage other = new TemplateMessage("o_known", "tmpl_x", null, null, null, Map.of());
    assertThat(error(send(other)).errcode()).isEqualTo(40037);
  }

  @Test
  void missing_fields_and_bodies_that_are_not_json_are_refused_as_wechat_does() {
    String path = "/cgi-bin/message/template/send?access_token=" + fx.token();
    assertThat(fx.post(path, "<xml/>").get("errcode").asInt()).isEqualTo(47001);
    assertThat(fx.post(path, "{\"template_id\":\"t\",\"data\":{}}").get("errcode").asInt())
        .isEqualTo(40003);
    assertThat(fx.post(path, "{\"touser\":\"o\",\"data\":{}}").get("errcode").asInt())
        .isEqualTo(40037);
    assertThat(fx.post(path, "{\"touser\":\"o\",\"template_id\":\"t\"}").get("errcode").asInt())
        .isEqualTo(47001);
    assertThat(
            fx.post(path, "{\"touser\":\"o\",\"template_id\":\"t\",\"data\":{},\"miniprogram\":{}}")
                .get("errcode")
                .asInt())
        .isEqualTo(47001);
  }

  @Test
  void a_value_breaking_its_prefix_rule_gets_47003_naming_the_field() {
    WechatError error = error(send(withData("thing1", "x".repeat(21))));
    assertThat(error.errcode()).isEqualTo(47003);
    assertThat(error.errmsg()).startsWith("argument invalid! data.thing1.value invalid hint: [");
    assertThat(error.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(error(send(withData("phrase3", "太长了的短语啊"))).errmsg())
        .startsWith("argument invalid! data.phrase3.value invalid");
    assertThat(msgId(send(withData("thing1", "x".repeat(20))))).isPositive();
  }

  @Test
  void a_repeated_client_msg_id_within_ten_minutes_returns_the_same_msgid_without_a_new_send() {
    long first = msgId(send(template("o_user", "order-1")));
    fx.clock.advance(Duration.ofMinutes(9));
    assertThat(msgId(send(template("o_user", "order-1")))).isEqualTo(first);
    assertThat(msgId(send(template("o_other", "order-1")))).isNotEqualTo(first);
    assertThat(fx.sandbox.requests("template", null))
        .extracting(RecordedRequest::duplicate)
        .containsExactly(false, true, false);
    fx.clock.advance(Duration.ofMinutes(1));
    assertThat(msgId(send(template("o_user", "order-1")))).isNotEqualTo(first);
  }

  @Test
  void sends_beyond_the_daily_quota_get_45009_until_the_next_china_day() {
    fx.sandbox.setFaults(new SandboxConfig.Faults(null, 0, 0, 0, null, 3L, null, null));
    for (int i = 0; i < 3; i++) msgId(send(template("o_user", null)));
    assertThat(error(send(template("o_user", null))))
        .extracting(WechatError::errcode, WechatError::kind)
        .containsExactly(45009, ErrorKind.QUOTA_EXHAUSTED);
    // the fixture starts at 10:00 in China; 14 hours later it is the next day there
    fx.clock.advance(Duration.ofHours(14));
    assertThat(msgId(send(template("o_user", null)))).isPositive();
  }

  @Test
  void an_unfollowed_user_gets_43004() {
    assertThat(error(send(template("unfollow_u", null))).errcode()).isEqualTo(43004);
  }

  @Test
  void a_subscription_notice_answers_ok_without_msgid_and_a_refusing_user_gets_43101() {
    Map<String, DataValue> data = Map.of("thing1", new DataValue("到货", null));
    SendResult sent =
        fx.api.sendSubscribe(
            fx.token(),
            new SubscribeMessage(
                "o_user", "tid", "https://example.com", new MiniProgram("wxmini", "p"), data));
    assertThat(sent)
        .isInstanceOfSatisfying(SendResult.Sent.class, s -> assertThat(s.msgId()).isNull());
    SendResult refused =
        fx.api.sendSubscribe(fx.token(), new SubscribeMessage("refuse_u", "tid", null, null, data));
    assertThat(error(refused).errcode()).isEqualTo(43101);
    assertThat(fx.sandbox.stats()).containsEntry("bizsend", 2L);
  }
}
