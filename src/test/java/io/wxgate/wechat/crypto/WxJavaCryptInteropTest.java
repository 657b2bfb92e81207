package io.wxgate.wechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.wechat.Secret;
import io.wxgate.wechat.xml.XmlCodec;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** WxJava as an independent peer (wechat-protocol.md §11), in both directions. */
class WxJavaCryptInteropTest {
  static final String TOKEN = "interopToken";
  static final String APP_ID = "wx0123456789abcdef";
  static final String INBOUND =
      "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n"
          + "<FromUserName><![CDATA[oUser]]></FromUserName>\n<CreateTime>1700000000</CreateTime>\n"
          + "<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[中文 & <tags>]]></Content>\n"
          + "<MsgId>1234567890</MsgId>\n</xml>";

  final String aesKey = MessageCryptTest.newAesKey();
  final MessageCrypt crypt = new MessageCrypt(APP_ID, Secret.of(aesKey), null);
  final XmlCodec codec = new XmlCodec(XmlCodec.XmlLimits.defaults());
  final WxCryptUtil wxjava = new WxCryptUtil(TOKEN, aesKey, APP_ID);

  @RepeatedTest(5)
  void decrypts_what_wxjava_encrypts_as_the_wechat_server_would() {
    WxCryptUtil.EncryptContext push = wxjava.encryptContext(INBOUND);

    assertThat(
            Signature.verify(
                push.getSignature(),
                TOKEN,
                push.getTimeStamp(),
                push.getNonce(),
                push.getEncrypt()))
        .isTrue();
    assertThat(crypt.decrypt(push.getEncrypt()))
        .isEqualTo(new MessageCrypt.Decrypted(INBOUND, false));
  }

  @Test
  void our_deterministic_ciphertext_equals_wxjavas() {
    String plain = "<xml><Content><![CDATA[😀 mixed 中文]]></Content></xml>";
    assertThat(crypt.encrypt("0123456789abcdef".getBytes(), plain, false))
        .isEqualTo(wxjava.encrypt("0123456789abcdef", plain));
  }

  @RepeatedTest(5)
  void wxjava_accepts_our_encrypted_reply_and_its_signature() {
    String reply =
        codec.render(new io.wxgate.wechat.TextReply("回复 ]]> ok"), "oUser", "gh_1", 1700000001L);
    String encrypt = crypt.encrypt(reply);
    String signature = Signature.sign(TOKEN, "1700000001", "nonce123", encrypt);
    String envelope = codec.renderEncrypted(encrypt, signature, "1700000001", "nonce123");

    assertThat(wxjava.decryptXml(signature, "1700000001", "nonce123", envelope)).isEqualTo(reply);
  }

  @Test
  void wxjava_parses_our_encrypted_push_like_an_sdk_would() {
    String encrypt = crypt.encrypt(INBOUND);
    String signature = Signature.sign(TOKEN, "1700000002", "n", encrypt);
    String body =
        "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";

    WxMpXmlMessage parsed =
        WxMpXmlMessage.fromEncryptedXml(body, config(), "1700000002", "n", signature);

    assertThat(parsed.getContent()).isEqualTo("中文 & <tags>");
    assertThat(parsed.getMsgId()).isEqualTo(1234567890L);
  }

  @Test
  void we_read_a_reply_wxjava_built_and_encrypted() {
    String envelope =
        WxMpXmlOutMessage.TEXT()
            .content("hello 你好")
            .fromUser("gh_1")
            .toUser("oUser")
            .build()
            .toEncryptedXml(config());

    String encrypt = between(envelope, "<Encrypt><![CDATA[", "]]>");
    String msgSignature = between(envelope, "<MsgSignature><![CDATA[", "]]>");
    String timeStamp = between(envelope, "<TimeStamp>", "</TimeStamp>");
    String nonce = between(envelope, "<Nonce><![CDATA[", "]]>");
    assertThat(Signature.verify(msgSignature, TOKEN, timeStamp, nonce, encrypt)).isTrue();
    String xml = crypt.decrypt(encrypt).xml();
    assertThat(xml).contains("<Content><![CDATA[hello 你好]]></Content>");
    assertThat(SHA1.gen(TOKEN, timeStamp, nonce, encrypt)).isEqualTo(msgSignature);
  }

  private WxMpDefaultConfigImpl config() {
    WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
    config.setAppId(APP_ID);
    config.setToken(TOKEN);
    config.setAesKey(aesKey);
    return config;
  }

  private static String between(String s, String start, String end) {
    int i = s.indexOf(start) + start.length();
    return s.substring(i, s.indexOf(end, i));
  }
}
