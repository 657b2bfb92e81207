package io.wxgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.TemplateMessage;
import io.wxgate.wechat.api.TokenResult;
import io.wxgate.wechat.api.WechatApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A running sandbox on a settable clock with a client pointed at it; close after each test. */
final class SandboxFixture implements AutoCloseable {
  static final Account ACCOUNT =
      SandboxConfig.parseAccount(
          "wx1234567890abcdef:0123456789abcdef0123456789abcdef:tok3n:"
              + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
  static final ObjectMapper JSON = new ObjectMapper();

  final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
  final Sandbox sandbox;
  final WechatApi api;
  private final HttpClient http = HttpClient.newHttpClient();

  SandboxFixture() {
    this(SandboxConfig.of(ACCOUNT));
  }

  SandboxFixture(SandboxConfig config) {
    this(config, Duration.ofSeconds(5));
  }

  SandboxFixture(SandboxConfig config, Duration requestTimeout) {
    this.sandbox = new Sandbox(config, clock).start();
    this.api = new WechatApi(sandbox.baseUrl(), Duration.ofSeconds(2), requestTimeout, clock);
  }

  String token() {
    TokenResult result = api.stableToken(ACCOUNT.appId(), ACCOUNT.secret(), false);
    return ((TokenResult.Issued) result).token().value().reveal();
  }

  static Secret secret() {
    return ACCOUNT.secret();
  }

  static TemplateMessage template(String toUser, String clientMsgId) {
    Map<String, DataValue> data = new LinkedHashMap<>();
    data.put("thing1", new DataValue("巧克力", null));
    data.put("amount2", new DataValue("39.8元", "#173177"));
    data.put("time3", new DataValue("2014年9月22日 12:30", null));
    return new TemplateMessage(toUser, "tmpl_order", null, null, clientMsgId, data);
  }

  JsonNode get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
  }

  JsonNode post(String pathAndQuery, String body) {
    return send(
        HttpRequest.newBuilder(uri(pathAndQuery))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  int delete(String pathAndQuery) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri(pathAndQuery)).DELETE().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> postRaw(String pathAndQuery, String body) {
    try {
      return http.send(
          HttpRequest.newBuilder(uri(pathAndQuery))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode send(HttpRequest request) {
    try {
      return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String pathAndQuery) {
    return URI.create(sandbox.baseUrl() + pathAndQuery);
  }

  @Override
  public void close() {
    api.close();
    sandbox.close();
    http.close();
  }
}
