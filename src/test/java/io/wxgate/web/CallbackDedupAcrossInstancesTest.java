package io.wxgate.web;

import static io.wxgate.web.RunningGateway.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.callback.Router;
import io.wxgate.callback.Rule;
import io.wxgate.testsupport.TestServices;
import io.wxgate.wechat.TextReply;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two gateways sharing the real Redis: WeChat's retries reach a handler once in all. */
class CallbackDedupAcrossInstancesTest {

  @Test
  void retries_spread_over_two_instances_reach_one_handler_once() {
    AtomicInteger calls = new AtomicInteger();
    Router.Builder handlers =
        Router.builder()
            .route(
                Rule.any(),
                (app, m) -> {
                  calls.incrementAndGet();
                  return Optional.of(new TextReply("once"));
                });
    Map<String, String> env =
        Map.of(
            "WXGATE_REDIS_URL", TestServices.redisUri(),
            "WXGATE_CONFIG", writeConfig(TestServices.freshPrefix()));
    try (RunningGateway a = new RunningGateway(handlers, env);
        RunningGateway b = new RunningGateway(handlers, withKey(env, a.aesKey))) {
      Signed s = a.safe(textXml("retry me", 4242), now(), "99");
      byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> first = a.post(s.query(), "text/xml", body);
      HttpResponse<String> second = b.post(s.query(), "text/xml", body);
      HttpResponse<String> third = a.post(s.query(), "text/xml", body);
      HttpResponse<String> fourth = b.post(s.query(), "text/xml", body);
      assertThat(calls).hasValue(1);
      assertThat(first.statusCode()).isEqualTo(200);
      String answer = plain(a, first.body());
      assertThat(answer).contains("<Content><![CDATA[once]]></Content>");
      // every retry, on either instance, gets the first answer (re-encrypted for its request)
      assertThat(plain(a, second.body())).isEqualTo(answer);
      assertThat(plain(a, third.body())).isEqualTo(answer);
      assertThat(plain(a, fourth.body())).isEqualTo(answer);
    }
  }

  private static String plain(RunningGateway gw, String envelope) {
    String encrypt = CallbackPipelineText.element(envelope, "Encrypt");
    return new io.wxgate.wechat.crypto.MessageCrypt(
            APP_ID, io.wxgate.wechat.Secret.of(gw.aesKey), null)
        .decrypt(encrypt)
        .xml();
  }

  private static Map<String, String> withKey(Map<String, String> env, String aesKey) {
    java.util.HashMap<String, String> m = new java.util.HashMap<>(env);
    m.put("WXGATE_AES_KEY", aesKey);
    return m;
  }

  private static String writeConfig(String prefix) {
    try {
      java.nio.file.Path f = java.nio.file.Files.createTempFile("wxgate", ".yaml");
      java.nio.file.Files.writeString(f, "redis:\n  keyPrefix: \"" + prefix + "\"\n");
      return f.toString();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
