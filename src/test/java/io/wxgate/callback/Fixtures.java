package io.wxgate.callback;

import io.wxgate.config.Account;
import io.wxgate.state.DedupStore;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.crypto.Signature;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts, keys and signed requests for callback tests, built as WeChat would build them. */
final class Fixtures {
  static final String APP_ID = "wx5823bf96d3bd56c7";
  static final String TOKEN = "QDG6eK";
  static final String ACCOUNT_ID = "gh_10f6c3c3ac5a";
  static final String USER = "oyORnuP8q7ou2gfYjqLzSIWZf0rs";

  private Fixtures() {}

  static Account account(String aesKey) {
    return new Account(
        APP_ID,
        Secret.of("app-secret"),
        Secret.of(TOKEN),
        aesKey == null ? null : Secret.of(aesKey),
        null,
        aesKey == null ? Account.Mode.PLAINTEXT : Account.Mode.SAFE);
  }

  static String textXml(String content, long msgId, long createTime) {
    return "<xml><ToUserName><![CDATA["
        + ACCOUNT_ID
        + "]]></ToUserName>\n<FromUserName><![CDATA["
        + USER
        + "]]></FromUserName>\n<CreateTime>"
        + createTime
        + "</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA["
        + content
        + "]]></Content>\n<MsgId>"
        + msgId
        + "</MsgId>\n</xml>";
  }

  static String eventXml(String event, String eventKey, long createTime) {
    return "<xml><ToUserName><![CDATA["
        + ACCOUNT_ID
        + "]]></ToUserName><FromUserName><![CDATA["
        + USER
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
        + event
        + "]]></Event>"
        + (eventKey == null ? "" : "<EventKey><![CDATA[" + eventKey + "]]></EventKey>")
        + "</xml>";
  }

  static CallbackRequest plain(String xml, String timestamp) {
    String nonce = "1320562132";
    return new CallbackRequest(
        APP_ID,
        Signature.sign(TOKEN, timestamp, nonce),
        timestamp,
        nonce,
        null,
        null,
        null,
        "text/xml",
        xml);
  }

  static CallbackRequest safe(String xml, String timestamp, String aesKey) {
    String nonce = "486452656";
    String encrypt = new MessageCrypt(APP_ID, Secret.of(aesKey), null).encrypt(xml);
    String body =
        "<xml><ToUserName><![CDATA["
            + ACCOUNT_ID
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";
    return new CallbackRequest(
        APP_ID,
        Signature.sign(TOKEN, timestamp, nonce),
        timestamp,
        nonce,
        null,
        "aes",
        Signature.sign(TOKEN, timestamp, nonce, encrypt),
        "text/xml",
        body);
  }

  /** An in-process dedup store for pipeline tests (the real ones are tested in state). */
  static final class MapDedup implements DedupStore {
    final Map<String, String> claimed = new ConcurrentHashMap<>();
    final Map<String, String> answers = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String key, Duration ttl) {
      return claimed.putIfAbsent(key, "") == null;
    }

    @Override
    public void rememberAnswer(String key, String answer, Duration ttl) {
      answers.put(key, answer);
    }

    @Override
    public Optional<String> answer(String key) {
      return Optional.ofNullable(answers.get(key));
    }

    @Override
    public void release(String key) {
      claimed.remove(key);
      answers.remove(key);
    }
  }
}
