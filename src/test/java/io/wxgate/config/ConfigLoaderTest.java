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

class ConfigLoaderTest {
  static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  @TempDir Path dir;

  private WxgateConfig load(Map<String, String> env) {
    return new ConfigLoader(env).load();
  }

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve("wxgate.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void defaults_apply_when_nothing_is_configured() {
    WxgateConfig c = load(Map.of("WXGATE_CONFIG_UNUSED", "x"));
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.accounts()).isEmpty();
    assertThat(c.callback().timestampWindow()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.callback().handlerDeadline()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.callback().maxBodyBytes()).isEqualTo(64 * 1024);
    assertThat(c.wechatApi().baseUrl().toString()).isEqualTo("https://api.weixin.qq.com");
  }

  @Test
  void yaml_accounts_and_settings_are_read() throws IOException {
    Path file =
        yaml(
            """
            server:
              port: 9090
            accounts:
              - appId: wx1
                secret: s1
                token: tok1
                aesKey: %s
                mode: safe
              - appId: wx2
                token: tok2
            callback:
              handlerDeadlineMillis: 1500
              welcome: hi there
              autoReplies:
                - keyword: help
                  reply: we are here
                - keyword: "^order \\\\d+"
                  match: regex
                  reply: looking it up
            """
                .formatted(KEY));
    WxgateConfig c = load(Map.of("WXGATE_CONFIG", file.toString()));
    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.accounts()).hasSize(2);
    Account wx1 = c.account("wx1").orElseThrow();
    assertThat(wx1.mode()).isEqualTo(Account.Mode.SAFE);
    assertThat(wx1.secret().reveal()).isEqualTo("s1");
    assertThat(c.account("wx2").orElseThrow().mode()).isEqualTo(Account.Mode.PLAINTEXT);
    assertThat(c.callback().handlerDeadline()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.callback().welcome()).isEqualTo("hi there");
    assertThat(c.callback().autoReplies()).hasSize(2);
    assertThat(c.callback().autoReplies().get(1).match())
        .isEqualTo(CallbackConfig.AutoReply.Match.REGEX);
  }

  @Test
  void environment_wins_over_yaml() throws IOException {
    Path file = yaml("server:\n  port: 9090\n");
    WxgateConfig c =
        load(
            Map.of(
                "WXGATE_CONFIG", file.toString(),
                "WXGATE_PORT", "7070",
                "WXGATE_APP_ID", "wxenv",
                "WXGATE_TOKEN", "envtoken",
                "WXGATE_AES_KEY", KEY));
    assertThat(c.server().port()).isEqualTo(7070);
    assertThat(c.account("wxenv").orElseThrow().mode()).isEqualTo(Account.Mode.SAFE);
  }

  @Test
  void secrets_can_come_from_files() throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "from-file\n");
    Map<String, String> env = new HashMap<>();
    env.put("WXGATE_APP_ID", "wx1");
    env.put("WXGATE_TOKEN", "tok1");
    env.put("WXGATE_APP_SECRET_FILE", secret.toString());
    assertThat(load(env).account("wx1").orElseThrow().secret().reveal()).isEqualTo("from-file");
  }

  @Test
  void every_problem_is_reported_at_once_without_secret_values() throws IOException {
    Path file =
        yaml(
            """
            server:
              port: nope
            accounts:
              - appId: wx1
                token: tok1
                aesKey: tooShortSecretKey
              - appId: wx2
                token: "!"
                mode: safe
            callback:
              handlerDeadlineMillis: 9000
            """);
    assertThatThrownBy(() -> load(Map.of("WXGATE_CONFIG", file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.port must be a whole number")
        .hasMessageContaining("aesKey (WXGATE_AES_KEY) must be exactly 43 characters, got 17")
        .hasMessageContaining("account wx2: token")
        .hasMessageContaining("account wx2: aesKey (WXGATE_AES_KEY) is required in safe mode")
        .hasMessageContaining("handlerDeadlineMillis must stay below")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tooShortSecretKey"));
  }

  @Test
  void a_missing_config_file_named_explicitly_is_an_error() {
    assertThatThrownBy(() -> load(Map.of("WXGATE_CONFIG", dir.resolve("nope.yaml").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing file");
  }

  @Test
  void secrets_never_print() {
    WxgateConfig c =
        load(
            Map.of(
                "WXGATE_APP_ID",
                "wx1",
                "WXGATE_TOKEN",
                "tok1",
                "WXGATE_APP_SECRET",
                "supersecret",
                "WXGATE_AES_KEY",
                KEY));
    assertThat(c.toString())
        .doesNotContain("supersecret")
        .doesNotContain(KEY)
        .doesNotContain("tok1");
  }
}
