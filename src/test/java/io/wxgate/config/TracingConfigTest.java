package io.wxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TracingConfigTest {
  @TempDir Path dir;

  private static TracingConfig load(Map<String, String> env) {
    return new ConfigLoader(env).load().tracing();
  }

  private static ConfigException refused(Map<String, String> env) {
    try {
      new ConfigLoader(env).load();
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("configuration accepted: " + env);
  }

  private static Map<String, String> enabled(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("WXGATE_TRACING_ENABLED", "true");
    for (int i = 0; i < keyValues.length; i += 2) env.put(keyValues[i], keyValues[i + 1]);
    return env;
  }

  @Test
  void tracing_is_off_by_default_with_the_otlp_defaults() {
    TracingConfig t = load(Map.of());
    assertThat(t.enabled()).isFalse();
    assertThat(t.endpoint()).hasToString("http://localhost:4318/v1/traces");
    assertThat(t.headers()).isEmpty();
    assertThat(t.serviceName()).isEqualTo("wxgate");
    assertThat(t.sampleRatio()).isEqualTo(1.0);
    assertThat(t.exportTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void environment_variables_configure_tracing() {
    TracingConfig t =
        load(
            enabled(
                "WXGATE_TRACING_ENDPOINT", "https://otlp.example.com/v1/traces",
                "WXGATE_TRACING_HEADERS", "Authorization=Bearer%20abc+/=,X-Scope-OrgID=tenant-1",
                "WXGATE_TRACING_SAMPLE_RATIO", "0.25",
                "WXGATE_TRACING_SERVICE_NAME", "wxgate-eu"));
    assertThat(t.enabled()).isTrue();
    assertThat(t.endpoint()).hasToString("https://otlp.example.com/v1/traces");
    assertThat(t.headers()).containsOnlyKeys("Authorization", "X-Scope-OrgID");
    assertThat(t.headers().get("Authorization").reveal()).isEqualTo("Bearer abc+/=");
    assertThat(t.headers().get("X-Scope-OrgID").reveal()).isEqualTo("tenant-1");
    assertThat(t.sampleRatio()).isEqualTo(0.25);
    assertThat(t.serviceName()).isEqualTo("wxgate-eu");
  }

  @Test
  void yaml_configures_tracing_and_headers_may_come_from_a_file() throws IOException {
    Path yaml = dir.resolve("wxgate.yaml");
    Files.writeString(
        yaml,
        """
        tracing:
          enabled: true
          endpoint: http://collector:4318/v1/traces
          protocol: http/protobuf
          headers:
            X-Tenant: shop
          serviceName: wxgate-cn
          sampleRatio: 0.1
          exportTimeoutMillis: 2500
        """);
    TracingConfig t = load(Map.of("WXGATE_CONFIG", yaml.toString()));
    assertThat(t.endpoint()).hasToString("http://collector:4318/v1/traces");
    assertThat(t.headers().get("X-Tenant").reveal()).isEqualTo("shop");
    assertThat(t.serviceName()).isEqualTo("wxgate-cn");
    assertThat(t.sampleRatio()).isEqualTo(0.1);
    assertThat(t.exportTimeout()).isEqualTo(Duration.ofMillis(2500));

    Path secret = dir.resolve("otlp-headers");
    Files.writeString(secret, "Authorization=Basic dXNlcjpwYXNz\n");
    TracingConfig fromFile =
        load(
            Map.of(
                "WXGATE_CONFIG", yaml.toString(),
                "WXGATE_TRACING_HEADERS_FILE", secret.toString()));
    assertThat(fromFile.headers()).containsOnlyKeys("Authorization");
    assertThat(fromFile.headers().get("Authorization").reveal()).isEqualTo("Basic dXNlcjpwYXNz");
  }

  @ParameterizedTest
  @CsvSource({
    "OTEL_EXPORTER_OTLP_ENDPOINT, http://collector:4318, http://collector:4318/v1/traces",
    "OTEL_EXPORTER_OTLP_ENDPOINT, http://collector:4318/, http://collector:4318/v1/traces",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, http://collector:4318/custom, http://collector:4318/custom"
  })
  void the_standard_otel_endpoint_is_the_fallback(String variable, String value, String endpoint) {
    assertThat(load(enabled(variable, value)).endpoint()).hasToString(endpoint);
  }

  @Test
  void wxgate_settings_win_over_otel_variables_which_count_only_while_tracing_is_on() {
    TracingConfig t =
        load(
            enabled(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/v1/traces",
                "OTEL_SERVICE_NAME", "from-otel",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=k1"));
    assertThat(t.endpoint()).hasToString("http://traces:4318/v1/traces");
    assertThat(t.serviceName()).isEqualTo("from-otel");
    assertThat(t.headers().get("api-key").reveal()).isEqualTo("k1");

    TracingConfig explicit =
        load(
            enabled(
                "WXGATE_TRACING_ENDPOINT", "http://mine:4318/v1/traces",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318"));
    assertThat(explicit.endpoint()).hasToString("http://mine:4318/v1/traces");

    // a cluster-wide gRPC setting must not stop a gateway that does not trace
    TracingConfig off =
        load(
            Map.of(
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4317"));
    assertThat(off.enabled()).isFalse();
    assertThat(off.endpoint()).isEqualTo(TracingConfig.DEFAULT_ENDPOINT);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "WXGATE_TRACING_ENDPOINT | ftp://collector/v1/traces | tracing.endpoint (WXGATE_TRACING_ENDPOINT) must be an http(s) URL",
        "WXGATE_TRACING_ENDPOINT | http://[broken | tracing.endpoint (WXGATE_TRACING_ENDPOINT) is not a URL",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT | collector:4318 | OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL",
        "WXGATE_TRACING_SAMPLE_RATIO | 1.5 | tracing.sampleRatio must be in [0, 1]: 1.5",
        "WXGATE_TRACING_SAMPLE_RATIO | often | tracing.sampleRatio must be a number",
        "WXGATE_TRACING_SERVICE_NAME | ' ' | tracing.serviceName is blank",
        "OTEL_EXPORTER_OTLP_PROTOCOL | grpc | OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf",
        "WXGATE_TRACING_HEADERS | Host=collector | tracing.headers: Host is set by the HTTP client",
      })
  void invalid_settings_are_refused_with_the_setting_named(
      String variable, String value, String problem) {
    assertThat(refused(enabled(variable, value)).problems()).anyMatch(p -> p.startsWith(problem));
  }

  @Test
  void problems_with_headers_or_credentials_never_show_the_secret() {
    String token = "s3cr3t-t0ken-value";
    ConfigException noEquals = refused(enabled("WXGATE_TRACING_HEADERS", "Bearer " + token));
    assertThat(noEquals.problems())
        .containsExactly("tracing.headers (WXGATE_TRACING_HEADERS): entry 1 is not name=value");
    // a colon instead of '=' with a base64 value: the "name" holds the secret
    ConfigException badName =
        refused(enabled("WXGATE_TRACING_HEADERS", "Authorization: Basic " + token + "=="));
    assertThat(badName.getMessage())
        .contains("the name of header 1 is not a valid HTTP header name")
        .doesNotContain(token);
    ConfigException badEscape =
        refused(enabled("WXGATE_TRACING_HEADERS", "Authorization=" + token + "%zz"));
    assertThat(badEscape.getMessage()).contains("bad %-escape").doesNotContain(token);
    ConfigException userInfo =
        refused(enabled("WXGATE_TRACING_ENDPOINT", "https://user:" + token + "@otlp.example.com"));
    assertThat(userInfo.getMessage()).contains("must not carry credentials").doesNotContain(token);

    TracingConfig ok =
        load(
            enabled(
                "WXGATE_TRACING_HEADERS", "Authorization=" + token,
                "WXGATE_TRACING_ENDPOINT", "https://otlp.example.com/v1/traces?api-key=" + token));
    assertThat(ok.toString()).contains("Authorization").doesNotContain(token);
    assertThat(ok.endpointForLogs()).isEqualTo("https://otlp.example.com/v1/traces");
  }

  @Test
  void the_protocol_setting_accepts_only_http_protobuf() throws IOException {
    Path yaml = dir.resolve("wxgate.yaml");
    Files.writeString(yaml, "tracing:\n  protocol: grpc\n");
    assertThatThrownBy(() -> load(Map.of("WXGATE_CONFIG", yaml.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tracing.protocol must be http/protobuf");
  }
}
