package io.wxgate.web;

import static io.wxgate.web.RunningGateway.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.callback.Router;
import io.wxgate.callback.Rule;
import io.wxgate.wechat.TextReply;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random bytes and random XML-ish text, correctly signed, never produce a 5xx. */
class CallbackFuzzProperties {
  static RunningGateway gw;

  @BeforeContainer
  static void start() {
    gw = new RunningGateway(Router.builder().reply(Rule.any(), new TextReply("ok")), Map.of());
  }

  @AfterContainer
  static void stop() {
    gw.close();
  }

  @Property(tries = 300)
  void random_bytes_never_cause_a_server_error(@ForAll byte[] body) {
    int status = gw.post(plainQuery(now(), "1"), "text/xml", body).statusCode();
    assertThat(status).isLessThan(500);
  }

  @Property(tries = 300)
  void random_xml_never_causes_a_server_error(@ForAll("xmlish") String xml) {
    int status =
        gw.post(plainQuery(now(), "2"), "text/xml", xml.getBytes(StandardCharsets.UTF_8))
            .statusCode();
    assertThat(status).isLessThan(500);
  }

  @Property(tries = 200)
  void random_ciphertexts_never_cause_a_server_error(@ForAll("base64ish") String encrypt) {
    Signed s = signedEnvelope(encrypt, now(), "3");
    int status =
        gw.post(s.query(), "text/xml", s.body().getBytes(StandardCharsets.UTF_8)).statusCode();
    assertThat(status).isLessThan(500);
  }

  @Provide
  Arbitrary<String> xmlish() {
    Arbitrary<String> tags =
        Arbitraries.of(
            "xml",
            "ToUserName",
            "FromUserName",
            "CreateTime",
            "MsgType",
            "Content",
            "MsgId",
            "Event",
            "EventKey",
            "MsgID",
            "Status",
            "List",
            "item",
            "Encrypt");
    Arbitrary<String> text =
        Arbitraries.strings().withChars("<>/![]&;CDATA?xml \"'=0123456789abc中").ofMaxLength(20);
    Arbitrary<String> element =
        net.jqwik.api.Combinators.combine(tags, text, Arbitraries.of("", "<![CDATA[", "]]>", "</"))
            .as((t, v, extra) -> "<" + t + ">" + extra + v + "</" + t + ">");
    return element.list().ofMaxSize(12).map(l -> "<xml>" + String.join("", l) + "</xml>");
  }

  @Provide
  Arbitrary<String> base64ish() {
    return Arbitraries.strings()
        .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        .ofMinLength(0)
        .ofMaxLength(200);
  }
}
