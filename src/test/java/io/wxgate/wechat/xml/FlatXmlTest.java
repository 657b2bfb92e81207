package io.wxgate.wechat.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The flat fast path must agree with the hardened StAX reader on every document it accepts, and
 * accept the common pushes (or it would be pointless).
 */
class FlatXmlTest {
  final XmlCodec codec = new XmlCodec(XmlCodec.XmlLimits.defaults());

  private static List<String> samples() throws IllegalAccessException {
    List<String> out = new ArrayList<>();
    for (Field f : InboundSamples.class.getDeclaredFields()) {
      if (f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        f.setAccessible(true);
        out.add((String) f.get(null));
      }
    }
    return out;
  }

  @Test
  void every_sample_reads_the_same_through_both_paths() throws Exception {
    int fast = 0;
    for (String xml : samples()) {
      LinkedHashMap<String, String> flat = FlatXml.read(xml, 200);
      if (flat != null) {
        fast++;
        assertThat(flat).as(xml).containsExactlyEntriesOf(codec.readFields(xml, false));
      }
    }
    assertThat(fast).as("flat samples take the fast path").isGreaterThanOrEqualTo(10);
  }

  @Test
  void the_common_pushes_take_the_fast_path() {
    String envelope =
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\n<Encrypt><![CDATA[abc+/=]]></Encrypt></xml>";
    assertThat(FlatXml.read(envelope, 200)).containsEntry("Encrypt", "abc+/=");
    assertThat(FlatXml.read(InboundSamples.IMAGE, 200)).isNotNull();
    // the TEXT sample has an entity and a split CDATA section: StAX reads it
    assertThat(FlatXml.read(InboundSamples.TEXT, 200)).isNull();
  }

  @Test
  void anything_unusual_is_left_to_stax() {
    for (String xml :
        List.of(
            "<!DOCTYPE x [<!ENTITY e \"x\">]><xml><A>&e;</A></xml>",
            "<xml><A>&amp;</A></xml>",
            "<xml><A x=\"1\">v</A></xml>",
            "<xml><A><B>v</B></A></xml>",
            "<xml><A>1</A><A>2</A></xml>",
            "<xml><!-- c --><A>1</A></xml>",
            "<xml><A>a\r\nb</A></xml>",
            "<xml><A><![CDATA[a]]><![CDATA[b]]></A></xml>",
            "<xml><A>v</A></xml>trailing",
            "<xml><A>v</B></xml>",
            "<xml><A>v]]>w</A></xml>",
            "<xml><item>v</item></xml>")) {
      assertThat(FlatXml.read(xml, 200)).as(xml).isNull();
    }
  }

  @Property(tries = 2000)
  void whenever_the_fast_path_answers_it_agrees_with_stax(@ForAll("flatish") String xml) {
    LinkedHashMap<String, String> flat = FlatXml.read(xml, 200);
    if (flat == null) return;
    LinkedHashMap<String, String> stax;
    try {
      stax = codec.readFields(xml, false);
    } catch (XmlException e) {
      throw new AssertionError("fast path accepted what StAX refuses: " + xml, e);
    }
    assertThat(flat).containsExactlyEntriesOf(stax);
  }

  @Provide
  Arbitrary<String> flatish() {
    Arbitrary<String> names = Arbitraries.of("A", "B", "Content", "MsgId", "x_1", "Encrypt", "a.b");
    Arbitrary<String> text =
        Arbitraries.strings().withChars("ab 中，\n\t<>]/![CDATA&;'\"?-").ofMaxLength(12);
    Arbitrary<String> child =
        Combinators.combine(names, text, Arbitraries.of(true, false), Arbitraries.of("", "\n", " "))
            .as(
                (n, t, cdata, ws) ->
                    ws + "<" + n + ">" + (cdata ? "<![CDATA[" + t + "]]>" : t) + "</" + n + ">");
    return Combinators.combine(
            Arbitraries.of("", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", " "),
            child.list().ofMaxSize(6),
            Arbitraries.of("", "\n", "x"))
        .as((decl, kids, tail) -> decl + "<xml>" + String.join("", kids) + "</xml>" + tail);
  }
}
