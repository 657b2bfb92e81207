package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one element of a reply envelope, CDATA or not. */
final class CallbackPipelineText {
  private CallbackPipelineText() {}

  static String element(String xml, String name) {
    Matcher m =
        Pattern.compile(
                "<" + name + ">(?:<!\\[CDATA\\[)?(.*?)(?:]]>)?</" + name + ">", Pattern.DOTALL)
            .matcher(xml);
    assertThat(m.find()).as("element %s in %s", name, xml).isTrue();
    return m.group(1);
  }
}
