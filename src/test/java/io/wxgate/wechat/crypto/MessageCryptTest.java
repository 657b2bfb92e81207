package io.wxgate.wechat.crypto;

import static io.wxgate.wechat.crypto.MessageCryptVectorsTest.rawEncrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.wechat.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MessageCryptTest {
  static final String APP_ID = "wx1234567890abcdef";
  static final SecureRandom RANDOM = new SecureRandom();

  /** A fresh EncodingAESKey: 32 random bytes, Base64 without the trailing '='. */
  static String newAesKey() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw).substring(0, 43);
  }

  static byte[] rawKey(String encodingAesKey) {
    return Base64.getDecoder().decode(encodingAesKey + "=");
  }

  final String key = newAesKey();
  final MessageCrypt crypt = new MessageCrypt(APP_ID, Secret.of(key), null);

  @Test
  void round_trips_a_message_with_fresh_randomness_each_time() {
    String xml = "<xml><Content><![CDATA[你好 👋]]></Content></xml>";

    String first = crypt.encrypt(xml);
    String second = crypt.encrypt(xml);

    assertThat(first).isNotEqualTo(second);
    assertThat(crypt.decrypt(first)).isEqualTo(new MessageCrypt.Decrypted(xml, false));
    assertThat(crypt.decrypt(second).xml()).isEqualTo(xml);
  }

  @Test
  void pads_a_block_aligned_plaintext_with_a_full_block_of_32() throws Exception {
    // 20 header + 26 message + 18 appId = 64 bytes: a whole extra block of 0x20 follows.
    String encrypt = crypt.encrypt(new byte[16], "x".repeat(26), false);
    byte[] plain =
        MessageCryptVectorsTest.rawDecrypt(rawKey(key), Base64.getDecoder().decode(encrypt));
    assertThat(plain).hasSize(96);
    assertThat(Arrays.copyOfRange(plain, 64, 96)).containsOnly(0x20);
  }

  @Test
  void rejects_a_message_for_another_appid() {
    MessageCrypt other = new MessageCrypt("wxffffffffffffffff", Secret.of(key), null);

    assertReason(
        () -> crypt.decrypt(other.encrypt("<xml/>")), CryptoException.Reason.APPID_MISMATCH);
  }

  @Test
  void rejects_text_that_is_not_base64() {
    assertReason(() -> crypt.decrypt("not base64!"), CryptoException.Reason.BAD_BASE64);
    assertReason(() -> crypt.decrypt(null), CryptoException.Reason.BAD_BASE64);
  }

  @Test
  void rejects_a_ciphertext_that_is_empty_or_not_a_multiple_of_16() {
    assertReason(() -> crypt.decrypt(""), CryptoException.Reason.BAD_LENGTH);
    assertReason(
        () -> crypt.decrypt(Base64.getEncoder().encodeToString(new byte[20])),
        CryptoException.Reason.BAD_LENGTH);
  }

  @Test
  void rejects_padding_byte_zero_and_thirty_three() throws Exception {
    assertReason(
        () -> crypt.decrypt(sealed(plaintextWithLastByte(0))), CryptoException.Reason.BAD_PADDING);
    assertReason(
        () -> crypt.decrypt(sealed(plaintextWithLastByte(33))), CryptoException.Reason.BAD_PADDING);
  }

  @Test
  void rejects_padding_whose_bytes_differ() throws Exception {
    byte[] plain = validPlaintext("<xml/>");
    plain[plain.length - 2] ^= 1;
    assertReason(() -> crypt.decrypt(sealed(plain)), CryptoException.Reason.BAD_PADDING);
  }

  @Test
  void rejects_a_msg_len_beyond_the_buffer() throws Exception {
    byte[] plain = validPlaintext("<xml/>");
    ByteBuffer.wrap(plain).putInt(16, 1000);
    assertReason(() -> crypt.decrypt(sealed(plain)), CryptoException.Reason.BAD_MSG_LEN);
    ByteBuffer.wrap(plain).putInt(16, -1); // 0xFFFFFFFF unsigned
    assertReason(() -> crypt.decrypt(sealed(plain)), CryptoException.Reason.BAD_MSG_LEN);
  }

  @Test
  void rejects_a_plaintext_shorter_than_its_header() throws Exception {
    byte[] plain = new byte[32];
    Arrays.fill(plain, (byte) 32);
    assertReason(() -> crypt.decrypt(sealed(plain)), CryptoException.Reason.BAD_MSG_LEN);
  }

  @Test
  void falls_back_to_the_previous_key_and_says_so() {
    String oldKey = newAesKey();
    MessageCrypt beforeRotation = new MessageCrypt(APP_ID, Secret.of(oldKey), null);
    MessageCrypt rotated = new MessageCrypt(APP_ID, Secret.of(key), Secret.of(oldKey));

    MessageCrypt.Decrypted decrypted = rotated.decrypt(beforeRotation.encrypt("<xml>old</xml>"));

    assertThat(decrypted).isEqualTo(new MessageCrypt.Decrypted("<xml>old</xml>", true));
    String reply = rotated.encryptWith(decrypted.usedPreviousKey(), "<xml>reply</xml>");
    assertThat(beforeRotation.decrypt(reply).xml()).isEqualTo("<xml>reply</xml>");
    assertThat(rotated.decrypt(crypt.encrypt("<xml>new</xml>")))
        .isEqualTo(new MessageCrypt.Decrypted("<xml>new</xml>", false));
  }

  @Test
  void reports_the_current_keys_failure_when_both_keys_fail() {
    MessageCrypt rotated = new MessageCrypt(APP_ID, Secret.of(key), Secret.of(newAesKey()));
    MessageCrypt otherApp = new MessageCrypt("wxffffffffffffffff", Secret.of(key), null);

    assertReason(
        () -> rotated.decrypt(otherApp.encrypt("<xml/>")), CryptoException.Reason.APPID_MISMATCH);
  }

  @Test
  void encrypting_with_a_previous_key_that_is_not_configured_is_a_bug() {
    assertThatIllegalStateException().isThrownBy(() -> crypt.encryptWith(true, "<xml/>"));
  }

  @Test
  void rejects_malformed_keys_without_echoing_them() {
    String shortKey = key.substring(0, 42);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MessageCrypt(APP_ID, Secret.of(shortKey), null))
        .withMessageNotContaining(shortKey);
    String badChars = "!" + key.substring(1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MessageCrypt(APP_ID, Secret.of(badChars), null))
        .withMessageNotContaining(badChars);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MessageCrypt(APP_ID, Secret.of(key), Secret.of("tooshort")))
        .withMessageContaining("previous");
  }

  @Test
  void never_prints_its_keys() {
    assertThat(crypt.toString()).doesNotContain(key).contains(APP_ID);
  }

  @Test
  void exception_messages_never_echo_the_ciphertext() {
    String garbage = "%%%secret-looking-input%%%";
    assertThatThrownBy(() -> crypt.decrypt(garbage)).message().doesNotContain(garbage);
  }

  private byte[] validPlaintext(String xml) {
    byte[] msg = xml.getBytes(StandardCharsets.UTF_8);
    byte[] app = APP_ID.getBytes(StandardCharsets.US_ASCII);
    int length = 20 + msg.length + app.length;
    int pad = 32 - length % 32;
    ByteBuffer buffer = ByteBuffer.allocate(length + pad);
    buffer.put(new byte[16]).putInt(msg.length).put(msg).put(app);
    while (buffer.hasRemaining()) {
      buffer.put((byte) pad);
    }
    return buffer.array();
  }

  private byte[] plaintextWithLastByte(int last) {
    byte[] plain = validPlaintext("<xml/>");
    plain[plain.length - 1] = (byte) last;
    return plain;
  }

  private String sealed(byte[] plaintext) throws Exception {
    return rawEncrypt(rawKey(key), plaintext);
  }

  private static void assertReason(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, CryptoException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
