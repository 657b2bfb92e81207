package io.wxgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.wxgate.wechat.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenTelemetry tracing over OTLP/HTTP (protobuf). Off by default.
 *
 * @param enabled export spans (default false: no OpenTelemetry class is loaded)
 * @param endpoint the collector's traces URL (default {@code http://localhost:4318/v1/traces})
 * @param headers sent with every export, e.g. {@code Authorization}; values are secrets
 * @param serviceName the {@code service.name} resource attribute (default {@code wxgate})
 * @param sampleRatio share of new traces recorded, in [0, 1] (default 1); a caller's sampled flag
 *     in {@code traceparent} is followed
 * @param exportTimeout bound of one export request (default 10 s)
 */
public record TracingConfig(
    boolean enabled,
    URI endpoint,
    Map<String, Secret> headers,
    String serviceName,
    double sampleRatio,
    Duration exportTimeout) {
  public static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:4318/v1/traces");
  public static final String PROTOCOL = "http/protobuf";
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  // the JDK HttpClient refuses to send these
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  public TracingConfig {
    if (endpoint == null) endpoint = DEFAULT_ENDPOINT;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    if (serviceName == null) serviceName = "wxgate";
    if (exportTimeout == null) exportTimeout = Duration.ofSeconds(10);
    checkEndpoint(endpoint, "tracing.endpoint");
    if (serviceName.isBlank()) throw new IllegalArgumentException("tracing.serviceName is blank");
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("tracing.sampleRatio must be in [0, 1]: " + sampleRatio);
    }
    if (!exportTimeout.isPositive()) {
      throw new IllegalArgumentException(
          "tracing.exportTimeoutMillis must be positive: " + exportTimeout.toMillis());
    }
    int i = 0;
    for (String name : headers.keySet()) {
      i++;
      // never echo a bad name: it may be a mistyped "Authorization: Bearer <token>"
      if (!HEADER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "tracing.headers: the name of header " + i + " is not a valid HTTP header name");
      }
      if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "tracing.headers: " + name + " is set by the HTTP client and cannot be configured");
      }
    }
  }

  private static void checkEndpoint(URI endpoint, String setting) {
    if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())
        || endpoint.getHost() == null) {
      throw new IllegalArgumentException(setting + " must be an http(s) URL: " + safe(endpoint));
    }
    if (endpoint.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          setting + " must not carry credentials; put them in tracing.headers");
    }
  }

  public static TracingConfig disabled() {
    return new TracingConfig(false, null, null, null, 1.0, null);
  }

  /**
   * The {@code tracing:} section. While tracing is enabled, settings it leaves unset fall back to
   * the standard {@code OTEL_*} variables: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (as is), then
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (plus {@code /v1/traces}), {@code OTEL_SERVICE_NAME},
   * {@code OTEL_EXPORTER_OTLP_[TRACES_]HEADERS} and {@code OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL}.
   */
  static TracingConfig from(Tree t, Map<String, String> env) {
    boolean enabled = t.bool("tracing.enabled", false);
    String endpointSetting = "tracing.endpoint (WXGATE_TRACING_ENDPOINT)";
    String endpoint = t.text("tracing.endpoint", null);
    String serviceName = t.text("tracing.serviceName", null);
    String protocolSetting = "tracing.protocol";
    String protocol = t.text("tracing.protocol", null);
    Map<String, Secret> headers =
        headers(t, "tracing.headers (WXGATE_TRACING_HEADERS)", t.node("tracing.headers"));
    if (enabled) {
      if (endpoint == null && present(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
        endpointSetting = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
        endpoint = env.get(endpointSetting);
      } else if (endpoint == null && present(env, "OTEL_EXPORTER_OTLP_ENDPOINT")) {
        endpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
        String base = env.get(endpointSetting);
        endpoint = (base.endsWith("/") ? base : base + "/") + "v1/traces";
      }
      if (serviceName == null && present(env, "OTEL_SERVICE_NAME")) {
        serviceName = env.get("OTEL_SERVICE_NAME");
      }
      for (String name :
          new String[] {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"}) {
        if (protocol == null && present(env, name)) {
          protocolSetting = name;
          protocol = env.get(name);
        }
      }
      for (String name :
          new String[] {"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"}) {
        if (headers == null && present(env, name)) {
          headers = headers(t, name, TextNode.valueOf(env.get(name)));
        }
      }
    }
    if (protocol != null && !PROTOCOL.equals(protocol.trim())) {
      t.problem(
          protocolSetting
              + " must be "
              + PROTOCOL
              + " (the only OTLP protocol wxgate sends), got '"
              + protocol
              + "'");
    }
    URI uri = null;
    if (endpoint != null) {
      try {
        uri = URI.create(endpoint.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(endpointSetting + " is not a URL");
      }
      checkEndpoint(uri, endpointSetting);
    }
    return new TracingConfig(
        enabled,
        uri,
        headers,
        serviceName,
        t.decimal("tracing.sampleRatio", 1.0),
        t.millis("tracing.exportTimeoutMillis", null));
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  /**
   * A YAML mapping of names to values, or the OTEL text form {@code name=value,name2=value2} with
   * percent-encoded values. Problems name the entry, never its value. Null when unset.
   */
  private static Map<String, Secret> headers(Tree t, String setting, JsonNode node) {
    if (node == null) return null;
    Map<String, Secret> out = new LinkedHashMap<>();
    if (node.isObject()) {
      for (var e : node.properties()) {
        if (e.getValue().isValueNode()) out.put(e.getKey(), Secret.of(e.getValue().asText()));
        else t.problem(setting + ": the value of header " + (out.size() + 1) + " is not text");
      }
      return out;
    }
    if (!node.isTextual()) {
      t.problem(setting + " must be a mapping or name=value,name2=value2");
      return out;
    }
    String[] entries = node.asText().split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i];
      if (entry.isBlank()) continue;
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        t.problem(setting + ": entry " + (i + 1) + " is not name=value");
        continue;
      }
      String value = entry.substring(eq + 1).trim();
      try {
        // percent-encoding only: a '+' in a token stays a '+'
        value = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        t.problem(setting + ": the value of entry " + (i + 1) + " has a bad %-escape");
        continue;
      }
      out.put(entry.substring(0, eq).trim(), Secret.of(value));
    }
    return out;
  }

  /** The endpoint without its query, which some vendors use for keys. */
  private static String safe(URI endpoint) {
    if (endpoint.getScheme() == null || endpoint.getRawAuthority() == null) return "(not a URL)";
    String authority = endpoint.getHost() == null ? "?" : endpoint.getHost();
    if (endpoint.getPort() >= 0) authority += ":" + endpoint.getPort();
    return endpoint.getScheme() + "://" + authority + endpoint.getRawPath();
  }

  /** The endpoint as it may be logged: no query string, no credentials. */
  public String endpointForLogs() {
    return safe(endpoint);
  }

  @Override
  public String toString() {
    return "TracingConfig[enabled="
        + enabled
        + ", endpoint="
        + safe(endpoint)
        + ", headers="
        + headers.keySet()
        + ", serviceName="
        + serviceName
        + ", sampleRatio="
        + sampleRatio
        + ", exportTimeout="
        + exportTimeout
        + "]";
  }
}
