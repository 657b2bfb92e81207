package io.wxgate.wechat.xml;

import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import java.io.StringReader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads WeChat's push XML and writes replies. Reading uses the JDK's StAX parser with DTDs,
 * external entities and entity replacement off; any {@code DOCTYPE} is refused before parsing, and
 * size, depth and element count are capped ({@link XmlLimits}). Every refusal is an {@link
 * XmlException}; no other exception escapes for any input string.
 *
 * <p>Thread-safe and cheap to call; create one instance and share it.
 */
public final class XmlCodec {

  /**
   * Caps on inbound XML. Real pushes are a few KB, at most 5 levels deep and under 60 elements.
   *
   * @param maxBytes UTF-8 size of the whole body (default 65536)
   * @param maxDepth element nesting, the root counting as 1 (default 8)
   * @param maxFields number of elements, the root included (default 200)
   */
  public record XmlLimits(int maxBytes, int maxDepth, int maxFields) {
    public XmlLimits {
      if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be >= 1: " + maxBytes);
      if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be >= 1: " + maxDepth);
      if (maxFields < 1) throw new IllegalArgumentException("maxFields must be >= 1: " + maxFields);
    }

    public static XmlLimits defaults() {
      return new XmlLimits(65536, 8, 200);
    }
  }

  /**
   * The outer XML of an encrypted push: {@code ToUserName} and {@code Encrypt} (null when the push
   * is not encrypted). In compatible mode the plain copies next to them are ignored.
   */
  public record Envelope(String toUserName, String encrypt) {}

  private final XmlLimits limits;
  private final XMLInputFactory factory;

  public XmlCodec(XmlLimits limits) {
    this.limits = java.util.Objects.requireNonNull(limits, "limits");
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    this.factory = f;
  }

  /**
   * Reads the outer XML of a push in compatible or safe mode.
   *
   * @throws XmlException if the XML is refused or has no {@code ToUserName}
   */
  public Envelope parseEnvelope(String body) {
    Map<String, String> fields = readFields(body);
    String toUserName = fields.get("ToUserName");
    if (toUserName == null) {
      throw new XmlException(XmlException.Reason.MISSING_FIELD, "ToUserName");
    }
    return new Envelope(toUserName, fields.get("Encrypt"));
  }

  /**
   * Reads a plain push into its typed record. Unknown {@code MsgType}s and events are returned as
   * {@code UnknownMessage} / {@code UnknownEvent}, never refused.
   *
   * @throws XmlException if the XML is refused, a header field or a message's {@code MsgId} is
   *     missing, or a numeric field is not a number
   */
  public InboundMessage parse(String xml) {
    return InboundBinding.bind(readFields(xml));
  }

  /**
   * Renders a passive reply. {@code toUser} is the user's OpenID (the push's {@code FromUserName}),
   * {@code fromUser} the account id (the push's {@code ToUserName}).
   */
  public String render(Reply reply, String toUser, String fromUser, long createTime) {
    return ReplyWriter.render(reply, toUser, fromUser, createTime);
  }

  /** Renders the encrypted reply envelope (wechat-protocol.md §2.4). */
  public String renderEncrypted(
      String encrypt, String msgSignature, String timeStamp, String nonce) {
    return ReplyWriter.renderEncrypted(encrypt, msgSignature, timeStamp, nonce);
  }

  /** All leaf elements below the root by path, in document order. */
  LinkedHashMap<String, String> readFields(String body) {
    return readFields(body, true);
  }

  /** {@code fast} false forces the StAX reader (tests compare the two). */
  LinkedHashMap<String, String> readFields(String body, boolean fast) {
    if (body == null) {
      throw new XmlException(XmlException.Reason.MALFORMED);
    }
    rejectDoctype(body);
    if (exceedsUtf8(body, limits.maxBytes())) {
      throw new XmlException(XmlException.Reason.TOO_LARGE);
    }
    if (fast && limits.maxDepth() >= 2) {
      LinkedHashMap<String, String> flat = FlatXml.read(body, limits.maxFields());
      if (flat != null) return flat;
    }
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new StringReader(body));
      return walk(reader);
    } catch (XmlException e) {
      throw e;
    } catch (XMLStreamException | RuntimeException e) {
      // The parser's own message quotes the input, so it is dropped on purpose.
      throw new XmlException(XmlException.Reason.MALFORMED);
    } finally {
      close(reader);
    }
  }

  private LinkedHashMap<String, String> walk(XMLStreamReader reader) throws XMLStreamException {
    int maxDepth = limits.maxDepth();
    LinkedHashMap<String, String> fields = new LinkedHashMap<>();
    HashMap<String, Integer> seen = new HashMap<>();
    String[] paths = new String[maxDepth + 1];
    boolean[] hasChild = new boolean[maxDepth + 1];
    StringBuilder text = new StringBuilder(64);
    int depth = 0;
    int elements = 0;
    while (reader.hasNext()) {
      switch (reader.next()) {
        case XMLStreamConstants.START_ELEMENT -> {
          if (++depth > maxDepth) {
            throw new XmlException(XmlException.Reason.TOO_DEEP);
          }
          if (++elements > limits.maxFields()) {
            throw new XmlException(XmlException.Reason.TOO_MANY_FIELDS);
          }
          if (depth == 1) {
            paths[1] = "";
          } else {
            hasChild[depth - 1] = true;
            paths[depth] = childPath(seen, paths[depth - 1], reader.getLocalName());
          }
          hasChild[depth] = false;
          text.setLength(0);
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (depth >= 2 && !hasChild[depth]) {
            text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          if (depth >= 2 && !hasChild[depth]) {
            fields.put(paths[depth], text.toString());
          }
          depth--;
        }
        case XMLStreamConstants.DTD ->
            throw new XmlException(XmlException.Reason.DOCTYPE_FORBIDDEN);
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new XmlException(XmlException.Reason.MALFORMED);
        default -> {}
      }
    }
    return fields;
  }

  /**
   * WeChat's list containers ({@code item}, {@code List}) are always indexed from 1, so a one-item
   * list has the same keys as a longer one; any other repeated element gets {@code [2]}, {@code
   * [3]}… from its second occurrence so nothing is overwritten.
   */
  private static String childPath(HashMap<String, Integer> seen, String parent, String name) {
    String path = parent.isEmpty() ? name : parent + "/" + name;
    int n = seen.merge(path, 1, Integer::sum);
    if (name.equals("item") || name.equals("List")) {
      return path + "[" + n + "]";
    }
    return n == 1 ? path : path + "[" + n + "]";
  }

  /**
   * Refuses a DOCTYPE in the prolog without parsing. Only the prolog is scanned because a user's
   * text inside CDATA may legitimately contain the characters {@code <!DOCTYPE}.
   */
  private static void rejectDoctype(String body) {
    int i = 0;
    while (true) {
      i = body.indexOf('<', i);
      if (i < 0) {
        return;
      }
      if (body.startsWith("<?", i)) {
        i = body.indexOf("?>", i + 2);
        if (i < 0) return;
        i += 2;
      } else if (body.startsWith("<!--", i)) {
        i = body.indexOf("-->", i + 4);
        if (i < 0) return;
        i += 3;
      } else if (body.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
        throw new XmlException(XmlException.Reason.DOCTYPE_FORBIDDEN);
      } else {
        return;
      }
    }
  }

  /** Counts UTF-8 bytes without encoding, stopping as soon as the limit is passed. */
  static boolean exceedsUtf8(String s, int maxBytes) {
    int n = s.length();
    if (n > maxBytes) {
      return true;
    }
    if ((long) n * 3 <= maxBytes) {
      return false;
    }
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      // A surrogate pair is 4 bytes: 2 per half. A lone surrogate becomes '?' (1 byte); 2 is an
      // upper bound, which is all a cap needs.
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      if (bytes > maxBytes) {
        return true;
      }
    }
    return false;
  }

  private static void close(XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException | RuntimeException ignored) {
        // Nothing to release for a StringReader source.
      }
    }
  }
}
