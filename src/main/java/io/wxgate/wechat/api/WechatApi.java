package io.wxgate.wechat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wxgate.JsonMappers;
import io.wxgate.wechat.ErrCode;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat's HTTP API on {@code java.net.http}. Thread-safe; one instance per gateway. Never throws
 * for WeChat or transport failures: they come back as {@code Failed} results. Access tokens are
 * redacted from every message it produces.
 *
 * <p>Transport failures (connection refused, timeouts, HTTP 5xx, answers that are not JSON) are
 * reported as errcode -1 with kind {@link ErrorKind#TRANSIENT} and an errmsg saying what happened.
 */
public final class WechatApi implements AutoCloseable {
  static final String USER_AGENT = "wxgate/0.1";
  private static final Logger log = LoggerFactory.getLogger(WechatApi.class);
  private static final int SNIPPET = 120;

  private final String base;
  private final Duration requestTimeout;
  private final InstantSource clock;
  private final Duration connectTimeout;
  // built at the first call: its TLS context (the JDK's trust store parsed) is ~50-70 ms of CPU
  // that a start on two cores would otherwise share with everything else
  private volatile HttpClient http;
  private final ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();
  private final ObjectMapper json = JsonMappers.create();

  /**
   * A client on the system clock. Takes the values of {@code io.wxgate.config.WechatApiConfig} one
   * by one, because {@code wechat} depends on nothing else of ours.
   *
   * @param baseUrl {@code https://api.weixin.qq.com} or a sandbox's base URL
   */
  public WechatApi(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
    this(baseUrl, connectTimeout, requestTimeout, InstantSource.system());
  }

  /** {@code clock} dates token expiry ({@code expiresAt = now + expires_in}). */
  public WechatApi(
      URI baseUrl, Duration connectTimeout, Duration requestTimeout, InstantSource clock) {
    String url = baseUrl.toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.connectTimeout = connectTimeout;
  }

  /** Classic {@code GET /cgi-bin/token}: every call mints a new token for the AppID. */
  public TokenResult token(String appId, Secret secret) {
    String query =
        "grant_type=client_credential&appid="
            + encode(appId)
            + "&secret="
            + encode(secret.reveal());
    HttpRequest request = request("/cgi-bin/token?" + query).GET().build();
    return tokenResult(exchange("token", request, secret.reveal()));
  }

  /**
   * {@code POST /cgi-bin/stable_token}: normal calls return the current token; {@code forceRefresh}
   * rotates it (limited by WeChat to 20 a day, 30 s apart).
   */
  public TokenResult stableToken(String appId, Secret secret, boolean forceRefresh) {
    ObjectNode body = json.createObjectNode();
    body.put("grant_type", "client_credential");
    body.put("appid", appId);
    body.put("secret", secret.reveal());
    body.put("force_refresh", forceRefresh);
    HttpRequest request = post("/cgi-bin/stable_token", body);
    return tokenResult(exchange("stable_token", request, secret.reveal()));
  }

  /** {@code POST /cgi-bin/message/template/send}; {@code client_msg_id} is sent when present. */
  public SendResult sendTemplate(String accessToken, TemplateMessage message) {
    ObjectNode body = json.createObjectNode();
    body.put("touser", message.toUser());
    body.put("template_id", message.templateId());
    if (message.url() != null) body.put("url", message.url());
    putMiniProgram(body, message.miniProgram());
    if (message.clientMsgId() != null) body.put("client_msg_id", message.clientMsgId());
    body.set("data", data(message.data(), true));
    return send("template", "/cgi-bin/message/template/send", accessToken, body);
  }

  /** {@code POST /cgi-bin/message/subscribe/bizsend}; WeChat may answer without a msgid. */
  public SendResult sendSubscribe(String accessToken, SubscribeMessage message) {
    ObjectNode body = json.createObjectNode();
    body.put("touser", message.toUser());
    body.put("template_id", message.templateId());
    if (message.page() != null) body.put("page", message.page());
    putMiniProgram(body, message.miniProgram());
    body.set("data", data(message.data(), false));
    return send("bizsend", "/cgi-bin/message/subscribe/bizsend", accessToken, body);
  }

  @Override
  public synchronized void close() {
    HttpClient built = http;
    if (built != null) built.close();
    exchanges.close();
  }

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      synchronized (this) {
        c = http;
        if (c == null) {
          c =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(connectTimeout)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  // the client's own hand-offs (response parsing, body delivery) on virtual
                  // threads: its default cached pool grew to ~80 platform threads under load,
                  // each wake-up a futex round trip (docs/BENCHMARKS.md, send pipeline profile)
                  .executor(exchanges)
                  .build();
          http = c;
        }
      }
    }
    return c;
  }

  private SendResult send(String api, String path, String accessToken, ObjectNode body) {
    long started = System.nanoTime();
    HttpRequest request = post(path + "?access_token=" + encode(accessToken), body);
    Answer answer = exchange(api, request, accessToken);
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    return switch (answer) {
      case Answer.Failure f -> new SendResult.Failed(transientError(f.message()), latency);
      case Answer.Json j -> {
        int errcode = j.body().path("errcode").asInt(ErrCode.OK);
        if (errcode != ErrCode.OK) {
          String errmsg = Redaction.redact(j.body().path("errmsg").asText(""), accessToken);
          yield new SendResult.Failed(
              new WechatError(errcode, errmsg, ErrCode.kindOf(errcode)), latency);
        }
        JsonNode msgId = j.body().get("msgid");
        Long id = msgId != null && msgId.canConvertToLong() ? msgId.asLong() : null;
        yield new SendResult.Sent(id, latency);
      }
    };
  }

  private TokenResult tokenResult(Answer answer) {
    return switch (answer) {
      case Answer.Failure f -> new TokenResult.Failed(transientError(f.message()));
      case Answer.Json j -> {
        JsonNode body = j.body();
        int errcode = body.path("errcode").asInt(ErrCode.OK);
        String token = body.path("access_token").asText("");
        if (errcode != ErrCode.OK) {
          String errmsg = Redaction.redact(body.path("errmsg").asText(""), token);
          yield new TokenResult.Failed(
              new WechatError(errcode, errmsg, ErrCode.kindOfTokenCall(errcode)));
        }
        if (token.isEmpty()) {
          yield new TokenResult.Failed(transientError("token answer without access_token"));
        }
        long expiresIn = body.path("expires_in").asLong(7200);
        Instant expiresAt = clock.instant().plusSeconds(expiresIn);
        yield new TokenResult.Issued(new AccessToken(Secret.of(token), expiresAt));
      }
    };
  }

  /** Sends one request; maps everything that is not a JSON object to a failure message. */
  private Answer exchange(String api, HttpRequest request, String secret) {
    try {
      HttpResponse<String> response =
          client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      int status = response.statusCode();
      if (log.isDebugEnabled()) log.debug("{} {} -> HTTP {}", api, where(request, secret), status);
      if (status >= 500) {
        return new Answer.Failure("HTTP " + status + " from WeChat on " + api);
      }
      String body = response.body();
      try {
        JsonNode node = json.readTree(body);
        if (node != null && node.isObject()) return new Answer.Json(node);
      } catch (JsonProcessingException notJson) {
        // fall through: reported below with a snippet of what came back
      }
      String type = response.headers().firstValue("Content-Type").orElse("no content type");
      return new Answer.Failure(
          "non-JSON answer from WeChat on "
              + api
              + " (HTTP "
              + status
              + ", "
              + type
              + "): "
              + Redaction.redact(snippet(body), secret));
    } catch (HttpConnectTimeoutException e) {
      return failure(api, request, secret, "could not connect within " + connectTimeout);
    } catch (HttpTimeoutException e) {
      return failure(api, request, secret, "no answer within " + requestTimeout);
    } catch (ConnectException e) {
      return failure(api, request, secret, "cannot connect to " + request.uri().getAuthority());
    } catch (IOException e) {
      return failure(
          api,
          request,
          secret,
          "I/O error: "
              + e.getClass().getSimpleName()
              + " "
              + Redaction.redact(e.getMessage(), secret));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure(api, request, secret, "interrupted while waiting for WeChat");
    }
  }

  private static Answer failure(String api, HttpRequest request, String secret, String what) {
    if (log.isDebugEnabled()) log.debug("{} {} failed: {}", api, where(request, secret), what);
    return new Answer.Failure(what + " (" + api + ")");
  }

  /** The call for a debug line, credentials redacted (two regular expressions: only when used). */
  private static String where(HttpRequest request, String secret) {
    return Redaction.redact(request.method() + " " + request.uri(), secret);
  }

  private static WechatError transientError(String message) {
    return new WechatError(ErrCode.SYSTEM_BUSY, message, ErrorKind.TRANSIENT);
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(requestTimeout)
        .header("User-Agent", USER_AGENT);
  }

  private HttpRequest post(String pathAndQuery, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
    return request(pathAndQuery)
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }

  private void putMiniProgram(ObjectNode body, MiniProgram miniProgram) {
    if (miniProgram == null) return;
    ObjectNode node = body.putObject("miniprogram");
    node.put("appid", miniProgram.appId());
    if (miniProgram.pagePath() != null) node.put("pagepath", miniProgram.pagePath());
  }

  private ObjectNode data(Map<String, DataValue> data, boolean withColor) {
    ObjectNode node = json.createObjectNode();
    if (data == null) return node;
    data.forEach(
        (key, value) -> {
          ObjectNode entry = node.putObject(key);
          entry.put("value", value.value());
          if (withColor && value.color() != null) entry.put("color", value.color());
        });
    return node;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String snippet(String body) {
    String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "…";
  }

  private sealed interface Answer {
    record Json(JsonNode body) implements Answer {}

    record Failure(String message) implements Answer {}
  }
}
