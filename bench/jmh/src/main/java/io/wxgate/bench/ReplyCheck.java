package io.wxgate.bench;

import io.wxgate.wechat.crypto.Signature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;

/**
 * Proves an answer is a real encrypted reply, not {@code success} or an error: the envelope's
 * {@code MsgSignature} verifies, WxJava (an independent implementation) decrypts it, and the
 * plaintext is a text reply to the expected user with the expected content.
 *
 * <p>As a program: {@code ReplyCheck <token> <aesKey> <appId> <content> <file>...} checks saved
 * response bodies (e.g. from curl), prints one line per file and exits 1 if any fails.
 */
public final class ReplyCheck {
  private ReplyCheck() {}

  /** Returns the decrypted reply XML, or throws {@link IllegalStateException} saying why not. */
  static String check(String body, String token, String aesKey, String appId, String content) {
    if (body == null || !body.startsWith("<xml>") || !body.contains("<Encrypt>")) {
      throw new IllegalStateException("not an encrypted reply: " + abbreviate(body));
    }
    String encrypt = between(body, "<Encrypt><![CDATA[", "]]>");
    String signature = between(body, "<MsgSignature><![CDATA[", "]]>");
    String timestamp = between(body, "<TimeStamp>", "</TimeStamp>");
    String nonce = between(body, "<Nonce><![CDATA[", "]]>");
    if (!Signature.verify(signature, token, timestamp, nonce, encrypt)) {
      throw new IllegalStateException("MsgSignature does not verify");
    }
    String xml = new WxCryptUtil(token, aesKey, appId).decrypt(encrypt);
    WxMpXmlMessage reply = WxMpXmlMessage.fromXml(xml);
    if (!"text".equals(reply.getMsgType())
        || !content.equals(reply.getContent())
        || !Fixture.USER.equals(reply.getToUser())
        || !Fixture.ACCOUNT_ID.equals(reply.getFromUser())) {
      throw new IllegalStateException("unexpected reply: " + xml);
    }
    return xml;
  }

  private static String between(String s, String start, String end) {
    int i = s.indexOf(start);
    if (i < 0) throw new IllegalStateException("no " + start + " in " + abbreviate(s));
    i += start.length();
    int j = s.indexOf(end, i);
    if (j < 0) throw new IllegalStateException("no " + end + " in " + abbreviate(s));
    return s.substring(i, j);
  }

  private static String abbreviate(String s) {
    if (s == null) return "null";
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 5) {
      System.err.println("usage: ReplyCheck <token> <aesKey> <appId> <content> <file>...");
      System.exit(2);
    }
    int failed = 0;
    for (int i = 4; i < args.length; i++) {
      String body = Files.readString(Path.of(args[i]), StandardCharsets.UTF_8);
      try {
        String xml = check(body, args[0], args[1], args[2], args[3]);
        System.out.println("OK   " + args[i] + " decrypts to " + xml);
      } catch (RuntimeException e) {
        failed++;
        System.out.println("FAIL " + args[i] + ": " + e.getMessage());
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
