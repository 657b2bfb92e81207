package io.wxgate.wechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.wechat.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The official vectors of wechat-protocol.md §3, byte for byte. */
class MessageCryptVectorsTest {
  static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  static final String V1_ENCRYPT =
      "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";
  static final String V1_XML =
      "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n"
          + "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n"
          + "<CreateTime>1409735668</CreateTime>\n"
          + "<MsgType><![CDATA[text]]></MsgType>\n"
          + "<Content><![CDATA[abcdteT]]></Content>\n"
          + "<MsgId>6054768590064713728</MsgId>\n"
          + "</xml>";

  static final String V2_REPLY2 =
      "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>";
  static final String V2_ENCRYPT2 =
      "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb";

  static final String V3_ENCRYPT =
      "D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==";

  @Test
  void v1_decrypts_the_official_python_sample_and_its_signatures_match() {
    MessageCrypt crypt = new MessageCrypt("wx2c2769f8efd9abc2", Secret.of(KEY), null);

    MessageCrypt.Decrypted decrypted = crypt.decrypt(V1_ENCRYPT);

    assertThat(decrypted.xml()).isEqualTo(V1_XML);
    assertThat(decrypted.usedPreviousKey()).isFalse();
    assertThat(Signature.sign("spamtest", "1409735669", "1320562132", V1_ENCRYPT))
        .isEqualTo("5d197aaffba7e9b25a30732f161a50dee96bd5fa");
    assertThat(
            Signature.verify(
                "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
                "spamtest",
                "1409735669",
                "1320562132",
                V1_ENCRYPT))
        .isTrue();
    assertThat(Signature.sign("spamtest", "1409735669", "1320562132"))
        .isEqualTo("16120ec1b8dbb870f510d87ce6bc2463eae6ca1a");
  }

  @Test
  void v1_plaintext_layout_is_as_documented() throws Exception {
    byte[] key = Base64.getDecoder().decode(KEY + "=");
    assertThat(HexFormat.of().formatHex(key))
        .isEqualTo("69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051");
    byte[] plain = rawDecrypt(key, Base64.getDecoder().decode(V1_ENCRYPT));

    assertThat(plain).hasSize(320);
    assertThat(new String(plain, 0, 16, StandardCharsets.US_ASCII)).isEqualTo("89465c840c5f116f");
    assertThat(((plain[18] & 0xff) << 8) | (plain[19] & 0xff)).isEqualTo(280);
    assertThat(Arrays.copyOfRange(plain, 318, 320)).containsExactly(2, 2);
    assertThat(new String(plain, 300, 18, StandardCharsets.US_ASCII))
        .isEqualTo("wx2c2769f8efd9abc2");
  }

  @Test
  void v2_encrypts_with_a_fixed_random_exactly_like_the_official_java_sample() {
    MessageCrypt crypt = new MessageCrypt("wxb11529c136998cb6", Secret.of(KEY), null);
    byte[] random = "aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII);

    String encrypt = crypt.encrypt(random, "我是中文abcd123", false);

    assertThat(encrypt)
        .isEqualTo(
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
    assertThat(Signature.sign("pamtest", "1409304348", "xxxxxx", encrypt))
        .isEqualTo("82c962d39941aa48552f90ef55aa323dc620cc10");
    assertThat(crypt.encrypt(random, V2_REPLY2, false)).isEqualTo(V2_ENCRYPT2);
    assertThat(crypt.decrypt(V2_ENCRYPT2).xml()).isEqualTo(V2_REPLY2);
  }

  @Test
  void v3_decrypts_with_the_all_zero_key() {
    MessageCrypt crypt = new MessageCrypt("wx134c8103faa5a59e", Secret.of("A".repeat(43)), null);

    String xml = crypt.decrypt(V3_ENCRYPT).xml();

    assertThat(xml.getBytes(StandardCharsets.UTF_8)).hasSize(292);
    assertThat(xml).contains("gh_97417a04a28d").contains("debug_demo");
    assertThat(Signature.sign("AAAAA", "1715943329", "1590219412", V3_ENCRYPT))
        .isEqualTo("6c12a4205838198b8fa631b3220723bb07f1015c");
  }

  static byte[] rawDecrypt(byte[] key, byte[] ciphertext) throws Exception {
    Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new IvParameterSpec(Arrays.copyOf(key, 16)));
    return cipher.doFinal(ciphertext);
  }

  static String rawEncrypt(byte[] key, byte[] plaintext) throws Exception {
    Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new IvParameterSpec(Arrays.copyOf(key, 16)));
    return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext));
  }
}
