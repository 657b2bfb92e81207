package io.wxgate.web;

import static io.wxgate.web.RunningGateway.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.callback.CallbackUnavailable;
import io.wxgate.callback.Router;
import io.wxgate.callback.Rule;
import io.wxgate.wechat.TextReply;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallbackUnavailableTest {
  @Test
  void a_push_that_cannot_be_kept_gets_503_and_its_retry_is_processed_again() {
    AtomicInteger calls = new AtomicInteger();
    try (RunningGateway gw =
        new RunningGateway(
            Router.builder()
                .route(
                    Rule.any(),
                    (app, m) -> {
                      if (calls.incrementAndGet() == 1) {
                        throw new CallbackUnavailable("store down", null);
                      }
                      return Optional.of(new TextReply("kept"));
                    }),
            Map.of())) {
      Signed first = gw.safe(textXml("keep me", 501), now(), "n1");
      HttpResponse<String> refused =
          gw.post(first.query(), "text/xml", first.body().getBytes(StandardCharsets.UTF_8));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("\"error\":\"unavailable\"").doesNotContain("store down");
      // WeChat's retry: same MsgId, new nonce
      Signed retry = gw.safe(textXml("keep me", 501), now(), "n2");
      HttpResponse<String> kept =
          gw.post(retry.query(), "text/xml", retry.body().getBytes(StandardCharsets.UTF_8));
      assertThat(kept.statusCode()).isEqualTo(200);
      assertThat(kept.body()).contains("<Encrypt>");
      assertThat(calls).hasValue(2);
    }
  }
}
