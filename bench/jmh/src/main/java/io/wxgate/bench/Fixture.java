package io.wxgate.bench;

import io.wxgate.wechat.Secret;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.crypto.Signature;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One test account and the requests WeChat would send it in safe mode. Shared by the JMH
 * benchmarks and the HTTP tools so both measure the same bytes.
 */
final class Fixture {
  static final String APP_ID = "wx5823bf96d3bd56c7";
  static final String TOKEN = "QDG6eKtoken";
  /** A valid 43-character EncodingAESKey (alphanumeric, as the MP console generates them). */
  static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFA";

  static final String ACCOUNT_ID = "gh_10f6c3c3ac5a";
  static final String USER = "oUserOpenId0000000000000001";
  static final String CONTENT = "hello wxgate";
  static final String REPLY = "hi";

  private Fixture() {}

  /** A text push as WeChat sends it (plaintext, before encryption). */
  static String textXml(String content, long msgId, long createTime) {
    return "<xml><ToUserName><![CDATA["
        + ACCOUNT_ID
        + "]]></ToUserName><FromUserName><![CDATA["
        + USER
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  /** The outer XML of a safe-mode push. */
  static String envelope(String encrypt) {
    return "<xml><ToUserName><![CDATA["
        + ACCOUNT_ID
        + "]]></ToUserName><Encrypt><![CDATA["
        + encrypt
        + "]]></Encrypt></xml>";
  }

  /** A safe-mode push: the query parameters WeChat signs and the body. */
  record SignedPush(
      String signature, String timestamp, String nonce, String msgSignature, String body) {

    /** Path and query as WeChat calls {@code /wx/{appId}/callback}. */
    String pathAndQuery(String appId) {
      return "/wx/"
          + appId
          + "/callback?signature="
          + signature
          + "&timestamp="
          + timestamp
          + "&nonce="
          + nonce
          + "&openid="
          + USER
          + "&encrypt_type=aes&msg_signature="
          + msgSignature;
    }
  }

  /** Builds signed, encrypted pushes; not thread-safe (one per thread). */
  static final class Pushes {
    private final String token;
    private final MessageCrypt crypt;
    private final SecureRandom random = new SecureRandom();

    Pushes(String appId, String token, String aesKey) {
      this.token = token;
      this.crypt = new MessageCrypt(appId, Secret.of(aesKey), null);
    }

    SignedPush text(String content, long msgId, long timestamp) {
      String ts = Long.toString(timestamp);
      String nonce = Long.toString(random.nextLong() & Long.MAX_VALUE);
      String encrypt = crypt.encrypt(textXml(content, msgId, timestamp));
      return new SignedPush(
          Signature.sign(token, ts, nonce),
          ts,
          nonce,
          Signature.sign(token, ts, nonce, encrypt),
          envelope(encrypt));
    }
  }

  /** A fresh random EncodingAESKey (43 alphanumerics). */
  static String newAesKey() {
    SecureRandom random = new SecureRandom();
    while (true) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      String encoded = Base64.getEncoder().withoutPadding().encodeToString(key);
      if (encoded.matches("[A-Za-z0-9]{43}") && encoded.endsWith("A")) return encoded;
    }
  }
}
