package io.wxgate.wechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.wechat.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class MessageCryptPropertiesTest {
  final MessageCrypt crypt =
      new MessageCrypt(
          "wx1234567890abcdef",
          Secret.of(MessageCryptTest.newAesKey()),
          Secret.of(MessageCryptTest.newAesKey()));

  @Property(tries = 2000)
  void any_string_decrypts_or_fails_with_a_crypto_exception(@ForAll String input) {
    onlyCryptoException(input);
  }

  @Property(tries = 2000)
  void any_block_aligned_ciphertext_decrypts_or_fails_with_a_crypto_exception(
      @ForAll @Size(max = 40) byte[] seed) {
    byte[] ciphertext = new byte[Math.max(16, (seed.length + 15) / 16 * 16)];
    System.arraycopy(seed, 0, ciphertext, 0, seed.length);
    onlyCryptoException(Base64.getEncoder().encodeToString(ciphertext));
  }

  @Property(tries = 1000)
  void any_string_round_trips(@ForAll String plaintext) {
    // Lone surrogates cannot be encoded; they come back as UTF-8's replacement, like any encoder.
    String expected =
        new String(plaintext.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(crypt.decrypt(crypt.encrypt(plaintext)).xml()).isEqualTo(expected);
    assertThat(crypt.decrypt(crypt.encryptWith(true, plaintext)))
        .isEqualTo(new MessageCrypt.Decrypted(expected, true));
  }

  private void onlyCryptoException(String input) {
    try {
      crypt.decrypt(input);
    } catch (CryptoException expected) {
      // the only failure allowed
    }
  }
}
