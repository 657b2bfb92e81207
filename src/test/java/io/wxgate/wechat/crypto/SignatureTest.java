package io.wxgate.wechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class SignatureTest {

  @Test
  void signs_the_official_url_verification_examples() {
    assertThat(Signature.sign("AAAAA", "1714036504", "1514711492"))
        .isEqualTo("f464b24fc39322e44b38aa78f5edd27bd1441696");
    assertThat(Signature.sign("AAAAA", "1714037059", "486452656"))
        .isEqualTo("899cf89e464efb63f54ddac96b0a0a235f53aa78");
  }

  @Test
  void signs_the_three_field_signature_of_vector_v1_and_v2() {
    assertThat(Signature.sign("spamtest", "1409735669", "1320562132"))
        .isEqualTo("16120ec1b8dbb870f510d87ce6bc2463eae6ca1a");
    assertThat(Signature.sign("pamtest", "1409304348", "xxxxxx"))
        .isEqualTo("76480565cbe296026c53aaacd1ad523a1ddba24f");
  }

  @Test
  void order_of_parts_does_not_matter() {
    assertThat(Signature.sign("1514711492", "AAAAA", "1714036504"))
        .isEqualTo(Signature.sign("AAAAA", "1714036504", "1514711492"));
  }

  @Test
  void verify_accepts_the_right_signature_and_rejects_others() {
    assertThat(
            Signature.verify(
                "f464b24fc39322e44b38aa78f5edd27bd1441696", "AAAAA", "1714036504", "1514711492"))
        .isTrue();
    assertThat(
            Signature.verify(
                "f464b24fc39322e44b38aa78f5edd27bd1441697", "AAAAA", "1714036504", "1514711492"))
        .isFalse();
    assertThat(Signature.verify("short", "AAAAA", "1714036504", "1514711492")).isFalse();
  }

  @Test
  void verify_is_false_for_any_null_instead_of_throwing() {
    assertThat(Signature.verify(null, "AAAAA", "1", "2")).isFalse();
    assertThat(Signature.verify("f464b24fc39322e44b38aa78f5edd27bd1441696", "AAAAA", null, "2"))
        .isFalse();
    assertThat(Signature.verify("f464b24fc39322e44b38aa78f5edd27bd1441696", (String[]) null))
        .isFalse();
  }

  @Test
  void sign_rejects_a_null_part() {
    assertThatNullPointerException().isThrownBy(() -> Signature.sign("a", null));
  }

  @Test
  void hashes_non_ascii_parts_as_utf8() {
    // sha1("中文") over UTF-8 bytes e4b8ade69687
    assertThat(Signature.sign("中文")).isEqualTo("7be2d2d20c106eee0836c9bc2b939890a78e8fb3");
  }
}
