package io.wxgate.sandbox;

import static io.wxgate.sandbox.SandboxFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.api.AccessToken;
import io.wxgate.wechat.api.SendResult;
import io.wxgate.wechat.api.TokenResult;
import io.wxgate.wechat.api.WechatError;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxTokenTest {
  private final SandboxFixture fx = new SandboxFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private AccessToken classic() {
    return ((TokenResult.Issued) fx.api.token(ACCOUNT.appId(), ACCOUNT.secret())).token();
  }

  private TokenResult stable(boolean force) {
    return fx.api.stableToken(ACCOUNT.appId(), ACCOUNT.secret(), force);
  }

  private static String value(TokenResult result) {
    return ((TokenResult.Issued) result).token().value().reveal();
  }

  private int sendWith(String token) {
    SendResult result = fx.api.sendTemplate(token, SandboxFixture.template("o_user", null));
    return result instanceof SendResult.Failed f ? f.error().errcode() : 0;
  }

  @Test
  void issues_a_classic_token_for_7200_seconds() {
    AccessToken token = classic();
    assertThat(token.expiresAt()).isEqualTo(fx.clock.instant().plusSeconds(7200));
    assertThat(sendWith(token.value().reveal())).isZero();
  }

  @Test
  void refuses_an_unknown_appid_with_40013_classified_as_config() {
    TokenResult result = fx.api.token("wx0000000000000000", ACCOUNT.secret());
    assertThat(result)
        .isInstanceOfSatisfying(
            TokenResult.Failed.class,
            f -> {
              assertThat(f.error().errcode()).isEqualTo(40013);
              assertThat(f.error().errmsg()).startsWith("invalid appid hint: [");
              assertThat(f.error().kind()).isEqualTo(ErrorKind.CONFIG);
            });
  }

  @Test
  void refuses_a_wrong_secret_with_40001_on_token_and_40125_on_stable_token() {
    TokenResult classic = fx.api.token(ACCOUNT.appId(), Secret.of("wrong"));
    TokenResult stable = fx.api.stableToken(ACCOUNT.appId(), Secret.of("wrong"), false);
    assertThat(((TokenResult.Failed) classic).error())
        .extracting(WechatError::errcode, WechatError::kind)
        .containsExactly(40001, ErrorKind.CONFIG);
    assertThat(((TokenResult.Failed) stable).error().errcode()).isEqualTo(40125);
  }

  @Test
  void refuses_a_wrong_grant_type_and_missing_appid_or_secret() {
    String secret = ACCOUNT.secret().reveal();
    String app = ACCOUNT.appId();
    assertThat(
            fx.get("/cgi-bin/token?grant_type=password&appid=" + app + "&secret=" + secret)
                .get("errcode")
                .asInt())
        .isEqualTo(40002);
    assertThat(
            fx.get("/cgi-bin/token?grant_type=client_credential&secret=" + secret)
                .get("errcode")
                .asInt())
        .isEqualTo(41002);
    assertThat(
            fx.get("/cgi-bin/token?grant_type=client_credential&appid=" + app)
                .get("errcode")
                .asInt())
        .isEqualTo(41004);
    assertThat(fx.post("/cgi-bin/stable_token", "not json").get("errcode").asInt())
        .isEqualTo(47001);
  }

  @Test
  void stable_token_returns_the_same_token_on_repeated_normal_calls() {
    String first = value(stable(false));
    fx.clock.advance(Duration.ofMinutes(30));
    TokenResult again = stable(false);
    assertThat(value(again)).isEqualTo(first);
    assertThat(((TokenResult.Issued) again).token().expiresAt())
        .isEqualTo(fx.clock.instant().plus(Duration.ofMinutes(90)));
  }

  @Test
  void stable_token_is_renewed_in_its_last_five_minutes_and_the_old_one_lasts_to_its_end() {
    String first = value(stable(false));
    fx.clock.advance(Duration.ofSeconds(7200 - 299));
    String second = value(stable(false));
    assertThat(second).isNotEqualTo(first);
    assertThat(sendWith(first)).isZero();
    fx.clock.advance(Duration.ofSeconds(299));
    assertThat(sendWith(first)).isEqualTo(42001);
    assertThat(sendWith(second)).isZero();
  }

  @Test
  void force_refresh_rotates_the_token_and_revokes_the_old_one_at_once() {
    String first = value(stable(false));
    String forced = value(stable(true));
    assertThat(forced).isNotEqualTo(first);
    assertThat(value(stable(false))).isEqualTo(forced);
    assertThat(sendWith(first)).isEqualTo(40001);
    assertThat(sendWith(forced)).isZero();
  }

  @Test
  void force_refresh_within_30_seconds_of_the_last_one_gets_45009() {
    stable(true);
    fx.clock.advance(Duration.ofSeconds(29));
    TokenResult tooSoon = stable(true);
    assertThat(((TokenResult.Failed) tooSoon).error())
        .extracting(WechatError::errcode, WechatError::kind)
        .containsExactly(45009, ErrorKind.QUOTA_EXHAUSTED);
    fx.clock.advance(Duration.ofSeconds(1));
    assertThat(stable(true)).isInstanceOf(TokenResult.Issued.class);
  }

  @Test
  void force_refresh_is_limited_to_20_a_day() {
    for (int i = 0; i < 20; i++) {
      assertThat(stable(true)).isInstanceOf(TokenResult.Issued.class);
      fx.clock.advance(Duration.ofSeconds(31));
    }
    assertThat(((TokenResult.Failed) stable(true)).error().errcode()).isEqualTo(45009);
    fx.clock.advance(Duration.ofDays(1));
    assertThat(stable(true)).isInstanceOf(TokenResult.Issued.class);
  }

  @Test
  void a_classic_token_call_mints_a_new_token_and_the_previous_works_five_more_minutes() {
    String first = classic().value().reveal();
    fx.clock.advance(Duration.ofMinutes(10));
    String second = classic().value().reveal();
    assertThat(second).isNotEqualTo(first);
    fx.clock.advance(Duration.ofSeconds(299));
    assertThat(sendWith(first)).isZero();
    fx.clock.advance(Duration.ofSeconds(1));
    assertThat(sendWith(first)).isEqualTo(40001);
    assertThat(sendWith(second)).isZero();
  }

  @Test
  void classic_token_calls_do_not_disturb_the_stable_token() {
    String stableToken = value(stable(false));
    classic();
    classic();
    fx.clock.advance(Duration.ofMinutes(6));
    assertThat(sendWith(stableToken)).isZero();
    assertThat(value(stable(false))).isEqualTo(stableToken);
  }

  @Test
  void a_token_past_its_7200_seconds_gets_42001() {
    String token = classic().value().reveal();
    fx.clock.advance(Duration.ofSeconds(7199));
    assertThat(sendWith(token)).isZero();
    fx.clock.advance(Duration.ofSeconds(1));
    SendResult result = fx.api.sendTemplate(token, SandboxFixture.template("o_user", null));
    assertThat(((SendResult.Failed) result).error())
        .extracting(WechatError::errcode, WechatError::kind)
        .containsExactly(42001, ErrorKind.TOKEN_INVALID);
  }

  @Test
  void an_api_call_without_a_valid_token_gets_41001_40014_or_40001() {
    String body = "{\"touser\":\"o_user\",\"template_id\":\"t\",\"data\":{}}";
    JsonNode missing = fx.post("/cgi-bin/message/template/send", body);
    JsonNode malformed = fx.post("/cgi-bin/message/template/send?access_token=%25%25", body);
    JsonNode unknown =
        fx.post("/cgi-bin/message/template/send?access_token=" + "A".repeat(96), body);
    assertThat(missing.get("errcode").asInt()).isEqualTo(41001);
    assertThat(malformed.get("errcode").asInt()).isEqualTo(40014);
    assertThat(unknown.get("errcode").asInt()).isEqualTo(40001);
    assertThat(unknown.get("errmsg").asText())
        .startsWith("invalid credential, access_token is invalid or not latest hint: [");
  }

  @Test
  void a_classic_token_call_beyond_2000_a_day_gets_45009() {
    for (int i = 0; i < 2000; i++) {
      fx.get(
          "/cgi-bin/token?grant_type=client_credential&appid="
              + ACCOUNT.appId()
              + "&secret="
              + ACCOUNT.secret().reveal());
    }
    assertThat(((TokenResult.Failed) fx.api.token(ACCOUNT.appId(), ACCOUNT.secret())).error())
        .extracting(WechatError::errcode)
        .isEqualTo(45009);
  }
}
