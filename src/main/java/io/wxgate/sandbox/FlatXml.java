package io.wxgate.sandbox;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the root's direct children of a small WeChat XML document (a reply envelope, a message
 * header). DTDs and external entities are off. {@code wechat.xml.XmlCodec} reads pushes into
 * records; this reads what a gateway answers, which XmlCodec does not parse.
 */
final class FlatXml {
  private static final XMLInputFactory FACTORY = factory();

  private FlatXml() {}

  /** Child element name → text (CDATA unwrapped); null when the text is not XML. */
  static Map<String, String> fields(String xml) {
    if (xml == null || xml.contains("<!DOCTYPE")) return null;
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
      int depth = 0;
      String current = null;
      StringBuilder text = new StringBuilder();
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          if (depth == 2) {
            current = reader.getLocalName();
            text.setLength(0);
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (depth == 2) fields.put(current, text.toString());
          depth--;
        } else if (depth == 2
            && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
          text.append(reader.getText());
        }
      }
      reader.close();
      return fields;
    } catch (XMLStreamException e) {
      return null;
    }
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return factory;
  }
}
