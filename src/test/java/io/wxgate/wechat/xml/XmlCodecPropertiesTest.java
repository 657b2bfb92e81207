package io.wxgate.wechat.xml;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.wechat.TextReply;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class XmlCodecPropertiesTest {
  final XmlCodec codec = new XmlCodec(XmlCodec.XmlLimits.defaults());

  @Property(tries = 2000)
  void any_string_is_parsed_or_refused_with_an_xml_exception(@ForAll String input) {
    parseOnlyThrowsXmlException(input);
  }

  @Property(tries = 2000)
  void any_bytes_are_parsed_or_refused_with_an_xml_exception(@ForAll byte[] bytes) {
    parseOnlyThrowsXmlException(new String(bytes, StandardCharsets.UTF_8));
    parseOnlyThrowsXmlException(new String(bytes, StandardCharsets.ISO_8859_1));
  }

  @Property(tries = 3000)
  void mutated_real_pushes_are_parsed_or_refused_with_an_xml_exception(
      @ForAll("mutatedSamples") String input) {
    parseOnlyThrowsXmlException(input);
  }

  @Property(tries = 1000)
  void any_text_reply_reads_back_exactly(@ForAll("xmlText") String content) {
    String xml = codec.render(new TextReply(content), "o", "g", 1L);
    assertThat(codec.readFields(xml).get("Content")).isEqualTo(content);
  }

  @Provide
  Arbitrary<String> mutatedSamples() {
    Arbitrary<String> sample = Arbitraries.of(WxJavaXmlInteropTest.SAMPLES);
    Arbitrary<String> insert =
        Arbitraries.of(
            "<",
            ">",
            "&",
            "]]>",
            "<![CDATA[",
            "</xml>",
            "<a>",
            "\u0000",
            "&#0;",
            "&lol;",
            "<!DOCTYPE x>",
            "<?",
            "\uD800");
    return net.jqwik.api.Combinators.combine(
            sample,
            Arbitraries.integers().between(0, 2000),
            insert,
            Arbitraries.integers().between(0, 3))
        .as(
            (s, at, piece, mode) -> {
              int i = Math.min(at, s.length());
              return switch (mode) {
                case 0 -> s.substring(0, i);
                case 1 -> s.substring(0, i) + piece + s.substring(i);
                case 2 -> s.substring(0, i) + s.substring(Math.min(s.length(), i + piece.length()));
                default -> s.substring(0, i) + piece;
              };
            });
  }

  @Provide
  Arbitrary<String> xmlText() {
    // Characters XML 1.0 can carry, weighted towards the CDATA terminator's pieces.
    Arbitrary<Character> chars =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.of(']', '>', '<', '&', '[', '\n', '\r', '\t')),
            net.jqwik.api.Tuple.of(5, Arbitraries.chars().range(' ', '\uD7FF')),
            net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\uE000', '\uFFFD')));
    return chars
        .list()
        .ofMaxSize(60)
        .map(
            l -> {
              StringBuilder sb = new StringBuilder();
              l.forEach(sb::append);
              return sb.toString().replace("\r", ""); // XML parsers normalise CR, as WeChat's would
            });
  }

  private void parseOnlyThrowsXmlException(String input) {
    try {
      codec.parse(input);
    } catch (XmlException expected) {
      // the only failure allowed
    }
    try {
      codec.parseEnvelope(input);
    } catch (XmlException expected) {
      // the only failure allowed
    }
  }
}
