package io.wxgate.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.wxgate.JsonMappers;
import io.wxgate.config.AlertConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to the configured webhooks. {@link #raise} never blocks and never throws: alerts are
 * rate-limited per kind and AppID, queued in a bounded queue (overflow is dropped and counted) and
 * posted by one virtual thread, so a slow or dead webhook cannot slow sending down. Thread-safe.
 */
public final class Alerts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);
  private static final ObjectMapper JSON = JsonMappers.create();

  private final AlertConfig config;
  private final MeterRegistry registry;
  private final InstantSource clock;
  // built at the first alert: its TLS context (the JDK's trust store parsed) is ~50-70 ms of CPU
  // that a start on two cores would otherwise share with everything else
  private HttpClient http;
  private final BlockingQueue<Alert> queue;
  private final Map<String, Instant> lastRaised = new HashMap<>();
  private final Map<String, Integer> suppressed = new HashMap<>();
  private volatile Thread loop;
  private volatile boolean closed;

  public Alerts(AlertConfig config, MeterRegistry registry, InstantSource clock) {
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
  }

  private void count(String result) {
    registry.counter(OutboxMetrics.ALERTS, "result", result).increment();
  }

  AlertConfig config() {
    return config;
  }

  /** Queues an alert unless one of its kind and AppID was raised within the interval. */
  public void raise(String kind, String appId, String title, String text) {
    Instant now = clock.instant();
    int skipped;
    synchronized (lastRaised) {
      String key = kind + "|" + appId;
      Instant last = lastRaised.get(key);
      if (last != null && now.isBefore(last.plus(config.minInterval()))) {
        suppressed.merge(key, 1, Integer::sum);
        count("suppressed");
        return;
      }
      lastRaised.put(key, now);
      Integer n = suppressed.remove(key);
      skipped = n == null ? 0 : n;
    }
    String body = skipped == 0 ? text : text + " (" + skipped + " similar alerts suppressed)";
    log.warn("alert {} {}: {} {}", kind, appId, title, body);
    if (config.webhooks().isEmpty()) return;
    if (!queue.offer(new Alert(kind, appId, title, body, now))) count("dropped");
  }

  /** Posts every queued alert now, on the calling thread; returns how many were taken. */
  public int runOnce() {
    List<Alert> batch = new ArrayList<>();
    queue.drainTo(batch);
    batch.forEach(this::post);
    return batch.size();
  }

  /** Starts the posting thread. */
  public void start() {
    loop = Thread.ofVirtual().name("wxgate-alerts").start(this::postLoop);
  }

  private void postLoop() {
    while (!closed) {
      try {
        Alert a = queue.poll(1, TimeUnit.SECONDS);
        if (a != null) post(a);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void post(Alert a) {
    for (AlertConfig.Webhook hook : config.webhooks()) {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(target(hook, a.at()))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(hook.format(), a)))
                .build();
        HttpResponse<Void> response = http().send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          count("posted");
        } else {
          count("failed");
          log.warn("alert webhook {} answered HTTP {}", hook, response.statusCode());
        }
      } catch (IOException | RuntimeException e) {
        count("failed");
        log.warn("alert webhook {} failed: {}", hook, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private synchronized HttpClient http() {
    if (http == null)
      http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    return http;
  }

  static String body(AlertConfig.Format format, Alert a) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (format) {
      case GENERIC -> {
        body.put("source", "wxgate");
        body.put("kind", a.kind());
        body.put("appId", a.appId());
        body.put("title", a.title());
        body.put("text", a.text());
        body.put("at", a.at().toString());
      }
      // both robots take the same text message; the "wxgate" prefix matches a keyword filter
      case DINGTALK, WECOM -> {
        body.put("msgtype", "text");
        body.put("text", Map.of("content", "[wxgate] " + a.title() + "\n" + a.text()));
      }
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** DingTalk's signed robots want {@code timestamp} and {@code sign} (HMAC-SHA256) in the URL. */
  static URI target(AlertConfig.Webhook hook, Instant at) {
    if (hook.format() != AlertConfig.Format.DINGTALK || hook.secret() == null) return hook.url();
    long timestamp = at.toEpochMilli();
    String secret = hook.secret().reveal();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sign = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      String query =
          "timestamp="
              + timestamp
              + "&sign="
              + URLEncoder.encode(Base64.getEncoder().encodeToString(sign), StandardCharsets.UTF_8);
      String url = hook.url().toString();
      return URI.create(url + (url.contains("?") ? "&" : "?") + query);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = loop;
    if (t != null) {
      try {
        t.join(config.requestTimeout().toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
