package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallbackQueryTest {
  @Test
  void query_parameters_are_split_and_decoded_like_a_servlet_would() {
    var q =
        CallbackRoutes.query("signature=ab&timestamp=1&nonce=2&msg_signature=a%2Bb+c&x&=v&nonce=9");
    assertThat(q)
        .containsEntry("signature", "ab")
        .containsEntry("timestamp", "1")
        .containsEntry("nonce", "2")
        .containsEntry("msg_signature", "a+b c")
        .containsEntry("x", "");
    assertThat(CallbackRoutes.query(null)).isEmpty();
    assertThat(CallbackRoutes.query("a=%zz")).containsEntry("a", "%zz");
  }
}
