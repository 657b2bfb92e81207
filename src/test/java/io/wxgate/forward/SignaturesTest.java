package io.wxgate.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.wechat.Secret;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignaturesTest {
  static final Secret SECRET = Secret.of("s3cret");
  static final byte[] BODY = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void the_signature_is_hmac_sha256_of_timestamp_dot_body_as_documented() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "sha256="
            + HexFormat.of()
                .formatHex(
                    mac.doFinal("1700000000.{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8)));
    assertThat(Signatures.sign(SECRET, 1_700_000_000L, BODY)).isEqualTo(expected);
  }

  @Test
  void verification_fails_for_another_body_timestamp_or_secret() {
    String sig = Signatures.sign(SECRET, 1_700_000_000L, BODY);
    assertThat(Signatures.verify(SECRET, "1700000000", BODY, sig)).isTrue();
    assertThat(Signatures.verify(SECRET, "1700000001", BODY, sig)).isFalse();
    assertThat(Signatures.verify(SECRET, "1700000000", "{}".getBytes(), sig)).isFalse();
    assertThat(Signatures.verify(Secret.of("other"), "1700000000", BODY, sig)).isFalse();
    assertThat(Signatures.verify(SECRET, "soon", BODY, sig)).isFalse();
    assertThat(Signatures.verify(SECRET, "1700000000", BODY, null)).isFalse();
  }
}
