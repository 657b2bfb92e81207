package io.wxgate.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrCodeTest {

  @ParameterizedTest(name = "{0} on an API call is {1}")
  @CsvSource({
    "0, OK",
    "-1, TRANSIENT",
    "-2, TRANSIENT",
    "40001, TOKEN_INVALID",
    "40014, TOKEN_INVALID",
    "42001, TOKEN_INVALID",
    "41001, TOKEN_INVALID",
    "40002, CONFIG",
    "40013, CONFIG",
    "40125, CONFIG",
    "40164, CONFIG",
    "40243, CONFIG",
    "41002, CONFIG",
    "41004, CONFIG",
    "89501, ADMIN_HOLD",
    "89502, ADMIN_HOLD",
    "89503, ADMIN_HOLD",
    "89504, ADMIN_HOLD",
    "89505, ADMIN_HOLD",
    "89506, ADMIN_HOLD",
    "89507, ADMIN_HOLD",
    "40003, PERMANENT",
    "40037, PERMANENT",
    "43004, PERMANENT",
    "43101, PERMANENT",
    "47001, PERMANENT",
    "47003, PERMANENT",
    "48001, PERMANENT",
    "50001, PERMANENT",
    "50002, PERMANENT",
    "45047, PERMANENT",
    "48006, PERMANENT",
    "45009, QUOTA_EXHAUSTED",
    "45011, RATE_LIMITED",
    "99999, PERMANENT",
  })
  void classifies_each_errcode_of_an_api_call(int errcode, ErrorKind kind) {
    assertThat(ErrCode.kindOf(errcode)).isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0} on a token call is {1}")
  @CsvSource({
    "0, OK",
    "-1, TRANSIENT",
    "40001, CONFIG",
    "40125, CONFIG",
    "40013, CONFIG",
    "40002, CONFIG",
    "40164, CONFIG",
    "40243, CONFIG",
    "89503, ADMIN_HOLD",
    "45009, QUOTA_EXHAUSTED",
    "45011, RATE_LIMITED",
  })
  void a_bad_secret_on_a_token_call_is_a_configuration_error_not_a_stale_token(
      int errcode, ErrorKind kind) {
    assertThat(ErrCode.kindOfTokenCall(errcode)).isEqualTo(kind);
  }
}
