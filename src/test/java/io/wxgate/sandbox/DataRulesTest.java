package io.wxgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataRulesTest {

  @ParameterizedTest(name = "{0} = \"{1}\" accepted: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "thing1|巧克力|true",
        "thing1|12345678901234567890|true",
        "thing1|123456789012345678901|false",
        "thing2||false",
        "number3|-12.50|true",
        "number3|12a|false",
        "letter4|abcXYZ|true",
        "letter4|abc1|false",
        "symbol5|%$#|true",
        "symbol5|%$#%$#|false",
        "character_string6|ORDER-2024_01|true",
        "character_string6|订单1|false",
        "time7|2014年9月22日 12:30|true",
        "time7|12:30~13:30|true",
        "time7|noon|false",
        "date8|2019-12-25 09:42|true",
        "amount9|39.8元|true",
        "amount9|¥1234567890|true",
        "amount9|¥12345678901|false",
        "amount9|cheap|false",
        "phone_number10|+86 (010)12345678|true",
        "phone_number10|call me|false",
        "car_number11|粤A12345|true",
        "car_number11|粤A1234567|false",
        "name12|张三|true",
        "name12|Zhang San|true",
        "name12|张三三三三三三三三三三|false",
        "phrase13|已发货|true",
        "phrase13|shipped|false",
        "const14|固定值|true",
        "keyword1|anything goes here|true",
        "first|old style header|true",
      })
  void applies_wechats_value_rules_by_key_prefix(String key, String value, boolean accepted) {
    assertThat(DataRules.accepts(key, value == null ? "" : value)).isEqualTo(accepted);
  }

  @ParameterizedTest
  @CsvSource({"thing1, thing", "character_string12, character_string", "first, first"})
  void the_prefix_is_the_key_without_its_trailing_digits(String key, String prefix) {
    assertThat(DataRules.prefix(key)).isEqualTo(prefix);
  }
}
