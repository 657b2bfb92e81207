package io.wxgate.web;

import static io.wxgate.web.RunningGateway.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.callback.Router;
import io.wxgate.callback.Rule;
import io.wxgate.wechat.TextMessage;
import io.wxgate.wechat.TextReply;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WxJava plays WeChat: it encrypts and signs a push as the WeChat server would, the running gateway
 * answers over HTTP, and WxJava decrypts and checks the encrypted reply.
 */
class CallbackInteropTest {
  RunningGateway gw;

  @BeforeEach
  void start() {
    gw =
        new RunningGateway(
            Router.builder()
                .route(
                    Rule.any().msgType("text"),
                    (app, m) ->
                        Optional.of(
                            new TextReply("收到: " + ((TextMessage) m).content() + " ]]> ok"))),
            Map.of());
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void wxjava_encrypted_push_is_answered_with_a_reply_wxjava_accepts() throws Exception {
    WxCryptUtil wechat = new WxCryptUtil(TOKEN, gw.aesKey, APP_ID);
    String plain = textXml("你好 wxgate", 6054768590064713728L);
    String timestamp = now();
    String nonce = "1320562132";
    String encrypt = wechat.encryptContext(plain).getEncrypt();
    String body =
        "<xml><ToUserName><![CDATA["
            + ACCOUNT_ID
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";
    String query =
        "?signature="
            + SHA1.gen(TOKEN, timestamp, nonce)
            + "&timestamp="
            + timestamp
            + "&nonce="
            + nonce
            + "&openid="
            + USER
            + "&encrypt_type=aes&msg_signature="
            + SHA1.gen(TOKEN, timestamp, nonce, encrypt);

    HttpResponse<String> r = gw.post(query, "text/xml", body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String signature = CallbackPipelineText.element(r.body(), "MsgSignature");
    String ts = CallbackPipelineText.element(r.body(), "TimeStamp");
    String n = CallbackPipelineText.element(r.body(), "Nonce");
    String replyXml = wechat.decryptXml(signature, ts, n, r.body());
    WxMpXmlMessage reply = WxMpXmlMessage.fromXml(replyXml);
    assertThat(reply.getMsgType()).isEqualTo("text");
    assertThat(reply.getContent()).isEqualTo("收到: 你好 wxgate ]]> ok");
    assertThat(reply.getToUser()).isEqualTo(USER);
    assertThat(reply.getFromUser()).isEqualTo(ACCOUNT_ID);
  }

  @Test
  void url_verification_answers_echostr_exactly() {
    String ts = now();
    HttpResponse<String> r =
        gw.get(
            "/wx/"
                + APP_ID
                + "/callback?signature="
                + SHA1.gen(TOKEN, ts, "77")
                + "&timestamp="
                + ts
                + "&nonce=77&echostr=4375120948345356249");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("4375120948345356249");
  }
}
