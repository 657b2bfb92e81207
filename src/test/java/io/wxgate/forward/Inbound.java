package io.wxgate.forward;

import io.wxgate.callback.CallbackRequest;
import io.wxgate.config.Account;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.crypto.Signature;
import io.wxgate.wechat.xml.XmlCodec;

/** WeChat's side for forward tests: an account, pushes as XML, signed safe-mode requests. */
final class Inbound {
  static final String APP_ID = "wx5823bf96d3bd56c7";
  static final String TOKEN = "QDG6eK";
  static final String ACCOUNT_ID = "gh_10f6c3c3ac5a";
  static final String USER = "oyORnuP8q7ou2gfYjqLzSIWZf0rs";
  static final XmlCodec XML = new XmlCodec(XmlCodec.XmlLimits.defaults());

  private Inbound() {}

  static Account account(String aesKey) {
    return new Account(
        APP_ID,
        Secret.of("app-secret"),
        Secret.of(TOKEN),
        Secret.of(aesKey),
        null,
        Account.Mode.SAFE);
  }

  static String textXml(String user, String content, long msgId, long createTime) {
    return "<xml><ToUserName><![CDATA["
        + ACCOUNT_ID
        + "]]></ToUserName><FromUserName><![CDATA["
        + user
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  static String eventXml(String user, String event, String eventKey, long createTime) {
    return "<xml><ToUserName><![CDATA["
        + ACCOUNT_ID
        + "]]></ToUserName><FromUserName><![CDATA["
        + user
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
        + event
        + "]]></Event>"
        + (eventKey == null ? "" : "<EventKey><![CDATA[" + eventKey + "]]></EventKey>")
        + "</xml>";
  }

  static InboundMessage text(String user, String content, long msgId) {
    return XML.parse(textXml(user, content, msgId, 1_700_000_000L + msgId));
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

  /** The plaintext XML inside an encrypted reply, after checking its signature. */
  static String decryptReply(String body, String aesKey) {
    String encrypt = element(body, "Encrypt");
    String signature = element(body, "MsgSignature");
    String timeStamp = element(body, "TimeStamp");
    String nonce = element(body, "Nonce");
    if (!Signature.verify(signature, TOKEN, timeStamp, nonce, encrypt)) {
      throw new AssertionError("reply signature does not verify");
    }
    return new MessageCrypt(APP_ID, Secret.of(aesKey), null).decrypt(encrypt).xml();
  }

  private static String element(String xml, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "<" + name + ">(?:<!\\[CDATA\\[)?(.*?)(?:]]>)?</" + name + ">",
                java.util.regex.Pattern.DOTALL)
            .matcher(xml);
    if (!m.find()) throw new AssertionError("no " + name + " in " + xml);
    return m.group(1);
  }
}
