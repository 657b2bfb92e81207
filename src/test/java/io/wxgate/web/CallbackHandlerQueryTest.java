package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallbackHandlerQueryTest {
  @Test
  void query_parameters_are_split_and_decoded_like_a_servlet_would() {
    var q =
        CallbackHandler.query(
            "signature=ab&timestamp=1&nonce=2&msg_signature=a%2Bb+c&x&=v&nonce=9");
    assertThat(q)
        .containsEntry("signature", "ab")
        .containsEntry("timestamp", "1")
        .containsEntry("nonce", "2")
        .containsEntry("msg_signature", "a+b c")
        .containsEntry("x", "");
    assertThat(CallbackHandler.query(null)).isEmpty();
    assertThat(CallbackHandler.query("a=%zz")).containsEntry("a", "%zz");
  }

  @Test
  void only_a_single_path_segment_between_wx_and_callback_is_an_app_id() {
    assertThat(CallbackHandler.appId("/wx/wx123/callback")).isEqualTo("wx123");
    assertThat(CallbackHandler.appId("/wx//callback")).isNull();
    assertThat(CallbackHandler.appId("/wx/a/b/callback")).isNull();
    assertThat(CallbackHandler.appId("/wx/callback")).isNull();
    assertThat(CallbackHandler.appId("/api/v1/messages")).isNull();
    assertThat(CallbackHandler.appId(null)).isNull();
  }
}
