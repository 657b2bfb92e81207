package io.wxgate.web;

import io.wxgate.Gateway;
import io.wxgate.callback.Router;
import io.wxgate.config.ConfigLoader;
import io.wxgate.testsupport.TestKeys;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.crypto.Signature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** A real gateway on a free port, configured like production through environment variables. */
final class RunningGateway implements AutoCloseable {
  static final String APP_ID = "wx5823bf96d3bd56c7";
  static final String TOKEN = "QDG6eKtoken";
  static final String ACCOUNT_ID = "gh_10f6c3c3ac5a";
  static final String USER = "oUserOpenId0000000000000001";

  final String aesKey;
  final Gateway gateway;
  final HttpClient http = HttpClient.newHttpClient();

  RunningGateway(Router.Builder handlers, Map<String, String> extraEnv) {
    this.aesKey = TestKeys.aesKey();
    Map<String, String> env = new HashMap<>();
    env.put("WXGATE_PORT", "0");
    env.put("WXGATE_HOST", "127.0.0.1");
    env.put("WXGATE_APP_ID", APP_ID);
    env.put("WXGATE_TOKEN", TOKEN);
    env.put("WXGATE_AES_KEY", aesKey);
    env.put("WXGATE_APP_SECRET", "app-secret-value");
    try {
      env.put("WXGATE_DATA_DIR", Files.createTempDirectory("wxgate-test").toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    env.putAll(extraEnv);
    this.gateway = Gateway.start(new ConfigLoader(env).load(), handlers);
  }

  String base() {
    return "http://127.0.0.1:" + gateway.port();
  }

  String callbackUrl(String appId) {
    return base() + "/wx/" + appId + "/callback";
  }

  HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET().build());
  }

  HttpResponse<String> post(String query, String contentType, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(callbackUrl(APP_ID) + query))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) b.header("Content-Type", contentType);
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Query string for a plaintext push signed now. */
  static String plainQuery(String timestamp, String nonce) {
    return "?signature="
        + Signature.sign(TOKEN, timestamp, nonce)
        + "&timestamp="
        + timestamp
        + "&nonce="
        + nonce
        + "&openid="
        + USER;
  }

  /** A safe-mode request: query string and body, encrypted and signed as WeChat does. */
  record Signed(String query, String body) {}

  Signed safe(String xml, String timestamp, String nonce) {
    String encrypt = new MessageCrypt(APP_ID, Secret.of(aesKey), null).encrypt(xml);
    return signedEnvelope(encrypt, timestamp, nonce);
  }

  static Signed signedEnvelope(String encrypt, String timestamp, String nonce) {
    String body =
        "<xml><ToUserName><![CDATA["
            + ACCOUNT_ID
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";
    String query =
        plainQuery(timestamp, nonce)
            + "&encrypt_type=aes&msg_signature="
            + Signature.sign(TOKEN, timestamp, nonce, encrypt);
    return new Signed(query, body);
  }

  static String now() {
    return Long.toString(System.currentTimeMillis() / 1000);
  }

  static String textXml(String content, long msgId) {
    return "<xml><ToUserName><![CDATA["
        + ACCOUNT_ID
        + "]]></ToUserName><FromUserName><![CDATA["
        + USER
        + "]]></FromUserName><CreateTime>"
        + now()
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  @Override
  public void close() {
    gateway.close();
  }
}
