package io.wxgate.config;

import io.wxgate.wechat.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where and how often wxgate tells a human that sending is failing.
 *
 * @param webhooks where alerts are POSTed (none: alerts are only logged)
 * @param minInterval at most one alert per kind and AppID in this interval (default 5 min); the
 *     next one says how many were suppressed
 * @param queueCapacity alerts waiting to be posted; more are dropped and counted (default 256)
 * @param failureRateThreshold alert when this share of an AppID's sends fail (default 0.5)
 * @param failureRateMinSamples ... over at least this many sends (default 20)
 * @param failureRateWindow ... within this window (default 5 min)
 * @param requestTimeout per webhook POST (default 5 s)
 */
public record AlertConfig(
    List<Webhook> webhooks,
    Duration minInterval,
    int queueCapacity,
    double failureRateThreshold,
    int failureRateMinSamples,
    Duration failureRateWindow,
    Duration requestTimeout) {

  /** The body shape a webhook expects. */
  public enum Format {
    /** {@code {"source":"wxgate","kind":…,"appId":…,"title":…,"text":…,"at":…}}. */
    GENERIC,
    /** DingTalk custom robot: {@code {"msgtype":"text","text":{"content":…}}}. */
    DINGTALK,
    /** WeCom (企业微信) group robot: {@code {"msgtype":"text","text":{"content":…}}}. */
    WECOM
  }

  /**
   * One webhook. {@code secret} (DingTalk "加签" only; may be null) signs each request with {@code
   * timestamp} and {@code sign} query parameters.
   */
  public record Webhook(URI url, Format format, Secret secret) {
    public Webhook {
      if (url == null) throw new IllegalArgumentException("alerts.webhooks[].url is required");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("alerts.webhooks[].url must be http(s): " + url);
      }
      if (format == null) format = Format.GENERIC;
    }

    @Override
    public String toString() {
      // robot URLs carry their access token in the query
      return "Webhook["
          + url.getScheme()
          + "://"
          + url.getHost()
          + url.getPath()
          + ", "
          + format
          + "]";
    }
  }

  public AlertConfig {
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    if (minInterval == null) minInterval = Duration.ofMinutes(5);
    if (queueCapacity == 0) queueCapacity = 256;
    if (failureRateThreshold == 0) failureRateThreshold = 0.5;
    if (failureRateMinSamples == 0) failureRateMinSamples = 20;
    if (failureRateWindow == null) failureRateWindow = Duration.ofMinutes(5);
    if (requestTimeout == null) requestTimeout = Duration.ofSeconds(5);
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException("alerts.minInterval must be >= 0: " + minInterval);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("alerts.queueCapacity must be >= 1: " + queueCapacity);
    }
    if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
      throw new IllegalArgumentException(
          "alerts.failureRateThreshold must be in (0, 1]: " + failureRateThreshold);
    }
    if (failureRateMinSamples < 1) {
      throw new IllegalArgumentException(
          "alerts.failureRateMinSamples must be >= 1: " + failureRateMinSamples);
    }
    if (failureRateWindow.toMillis() < 10) {
      throw new IllegalArgumentException(
          "alerts.failureRateWindow too small: " + failureRateWindow);
    }
  }

  public static AlertConfig defaults() {
    return of(List.of());
  }

  public static AlertConfig of(List<Webhook> webhooks) {
    return new AlertConfig(webhooks, null, 0, 0, 0, null, null);
  }
}
