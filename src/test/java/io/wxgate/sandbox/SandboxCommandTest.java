package io.wxgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.cli.SandboxCommand;
import io.wxgate.config.Account;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SandboxCommandTest {
  private static final Account DEMO = Sandbox.demoAccount();
  private final CallbackCatcher gateway = new CallbackCatcher();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void close() {
    gateway.close();
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new SandboxCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static WxMpDefaultConfigImpl demoConfig() {
    WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
    config.setAppId(DEMO.appId());
    config.setToken(DEMO.token().reveal());
    config.setAesKey(DEMO.aesKey().reveal());
    return config;
  }

  private static String decrypt(CallbackCatcher.Push push) {
    return new WxCryptUtil(DEMO.token().reveal(), DEMO.aesKey().reveal(), DEMO.appId())
        .decryptXml(
            push.query().get("msg_signature"),
            push.query().get("timestamp"),
            push.query().get("nonce"),
            push.body());
  }

  @Test
  void push_text_sends_a_safe_mode_message_for_the_demo_account_and_prints_the_reply() {
    gateway.answer(
        push -> {
          WxMpXmlMessage in =
              WxMpXmlMessage.fromEncryptedXml(
                  push.body(),
                  demoConfig(),
                  push.query().get("timestamp"),
                  push.query().get("nonce"),
                  push.query().get("msg_signature"));
          return WxMpXmlOutMessage.TEXT()
              .content("got " + in.getContent())
              .fromUser(in.getToUser())
              .toUser(in.getFromUser())
              .build()
              .toEncryptedXml(demoConfig());
        });

    int code = run("push", "--url", gateway.urlTemplate(), "--text", "hello", "--from", "o_me");

    assertThat(code).as(err.toString()).isZero();
    CallbackCatcher.Push push = gateway.pushes.getFirst();
    assertThat(push.path()).isEqualTo("/wx/" + DEMO.appId() + "/callback");
    WxMpXmlMessage sent = WxMpXmlMessage.fromXml(decrypt(push));
    assertThat(sent.getContent()).isEqualTo("hello");
    assertThat(sent.getFromUser()).isEqualTo("o_me");
    assertThat(out.toString())
        .contains("(safe mode)")
        .contains("<- HTTP 200")
        .contains("<Content><![CDATA[got hello]]></Content>");
  }

  @Test
  void push_event_with_a_key_in_plaintext_mode() {
    int code =
        run(
            "push",
            "--url",
            gateway.urlTemplate(),
            "--event",
            "CLICK",
            "--event-key",
            "MENU_ORDERS",
            "--plain",
            "--account",
            "wxother0000000000:sec:tok");
    assertThat(code).isZero();
    CallbackCatcher.Push push = gateway.pushes.getFirst();
    assertThat(push.path()).isEqualTo("/wx/wxother0000000000/callback");
    assertThat(push.query()).doesNotContainKey("encrypt_type");
    Map<String, String> fields = FlatXml.fields(push.body());
    assertThat(fields).containsEntry("Event", "CLICK").containsEntry("EventKey", "MENU_ORDERS");
    assertThat(out.toString()).contains("(no reply: \"success\")");
  }

  @Test
  void push_file_sends_raw_xml_as_is(@TempDir Path dir) throws Exception {
    String xml = InboundXml.event("gh_x", "o_file", 1L, "subscribe", "qrscene_42");
    Path file = Files.writeString(dir.resolve("event.xml"), xml);
    assertThat(run("push", "--url", gateway.urlTemplate(), "--file", file.toString())).isZero();
    assertThat(decrypt(gateway.pushes.getFirst())).isEqualTo(xml);
  }

  @Test
  void push_needs_exactly_one_of_text_event_or_file() {
    assertThat(run("push", "--url", gateway.urlTemplate())).isNotZero();
    assertThat(run("push", "--text", "a", "--event", "subscribe")).isNotZero();
    assertThat(gateway.pushes).isEmpty();
  }

  @Test
  void a_bad_account_is_refused_before_anything_starts() {
    assertThat(run("--port", "0", "--account", "only:two")).isEqualTo(2);
    assertThat(err.toString()).contains("APPID:SECRET:TOKEN[:AESKEY]");
  }
}
