package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.MiniProgram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRulesTest {
  private static final String OPENID = "oUser0000000000000000000001";

  private static List<String> badFields(SendRequest r) {
    return MessageRules.check(r).stream().map(FieldError::field).toList();
  }

  private static SendRequest template(Map<String, DataValue> data) {
    return new SendRequest("wx1", SendRequest.Type.TEMPLATE, OPENID, "TPL", null, null, null, data);
  }

  @Test
  void a_well_formed_template_and_subscribe_message_pass() {
    assertThat(badFields(template(Map.of("thing1", new DataValue("巧克力", "#FF0000"))))).isEmpty();
    SendRequest subscribe =
        new SendRequest(
            "wx1",
            SendRequest.Type.SUBSCRIBE,
            OPENID,
            "TPL",
            null,
            new MiniProgram("wxmini", "index?x=1"),
            "https://example.com/p",
            Map.of("time2", new DataValue("2019-12-25 09:42", null)));
    assertThat(badFields(subscribe)).isEmpty();
  }

  @Test
  void every_missing_required_field_is_listed() {
    SendRequest empty = new SendRequest(null, null, null, null, null, null, null, null);
    assertThat(badFields(empty)).containsExactly("appId", "type", "toUser", "templateId", "data");
  }

  @Test
  void an_openid_must_look_like_one() {
    SendRequest r =
        new SendRequest(
            "wx1",
            SendRequest.Type.TEMPLATE,
            "o?x y",
            "T",
            null,
            null,
            null,
            Map.of("thing1", new DataValue("a", null)));
    assertThat(badFields(r)).containsExactly("toUser");
  }

  @Test
  void data_values_follow_the_limits_of_their_placeholder_kind() {
    Map<String, DataValue> data = new LinkedHashMap<>();
    data.put("thing1", new DataValue("一二三四五六七八九十一二三四五六七八九十一", null)); // 21
    data.put("number2", new DataValue("12a", null));
    data.put("letter3", new DataValue("abc1", null));
    data.put("symbol4", new DataValue("!!!!!!", null));
    data.put("character_string5", new DataValue("订单123", null));
    data.put("amount6", new DataValue("¥12345678901234567", null));
    data.put("phone_number7", new DataValue("138-0000-0000-0000-0", null));
    data.put("car_number8", new DataValue("粤A12345678", null));
    data.put("name9", new DataValue("一二三四五六七八九十一", null));
    data.put("phrase10", new DataValue("一二三四五六", null));
    data.put("thing11", new DataValue("", null));
    data.put("thing12", new DataValue("ok", "red"));
    data.put("thing13", null);
    assertThat(badFields(template(data)))
        .containsExactly(
            "data.thing1.value",
            "data.number2.value",
            "data.letter3.value",
            "data.symbol4.value",
            "data.character_string5.value",
            "data.amount6.value",
            "data.phone_number7.value",
            "data.car_number8.value",
            "data.name9.value",
            "data.phrase10.value",
            "data.thing11.value",
            "data.thing12.color",
            "data.thing13.value");
  }

  @Test
  void values_at_the_limits_pass() {
    Map<String, DataValue> data = new LinkedHashMap<>();
    data.put("thing1", new DataValue("一二三四五六七八九十一二三四五六七八九十", null));
    data.put("number2", new DataValue("-39.80", null));
    data.put("character_string3", new DataValue("ORDER-2026-0001", null));
    data.put("amount4", new DataValue("¥39.8元", null));
    data.put("name5", new DataValue("Alexander Hamilton", null));
    data.put("keyword1", new DataValue("old-style templates take any text", null));
    assertThat(badFields(template(data))).isEmpty();
  }

  @Test
  void url_is_for_templates_and_page_for_subscribe_messages() {
    Map<String, DataValue> data = Map.of("thing1", new DataValue("x", null));
    SendRequest t =
        new SendRequest(
            "wx1", SendRequest.Type.TEMPLATE, OPENID, "T", "javascript:x", null, "p", data);
    SendRequest s =
        new SendRequest(
            "wx1", SendRequest.Type.SUBSCRIBE, OPENID, "T", "https://x.cn", null, null, data);
    assertThat(badFields(t)).containsExactly("url", "page");
    assertThat(badFields(s)).containsExactly("url");
  }
}
