package io.wxgate.wechat.xml;

import java.util.LinkedHashMap;

/**
 * A fast reader for the shape nearly every push has: a root element whose children are leaves
 * holding plain text or one CDATA section. Creating a StAX reader alone costs more than a whole
 * push, so these documents skip it. Anything else — a DOCTYPE, an entity or character reference,
 * attributes, comments, nested or repeated elements, carriage returns, control characters — returns
 * null and the caller parses with the hardened StAX reader, which decides. So this reader never
 * accepts a document StAX would refuse, and never expands anything.
 */
final class FlatXml {
  private FlatXml() {}

  /** The leaf fields by name in document order, or null when the document is not flat. */
  static LinkedHashMap<String, String> read(String s, int maxFields) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '&'
          || c == '\r'
          || (c < 0x20 && c != '\n' && c != '\t')
          || (c >= 0xD800 && c < 0xE000)
          || c >= 0xFFFE) {
        return null; // references, newline normalisation, odd characters: leave it to StAX
      }
    }
    int i = skipSpace(s, 0);
    if (s.startsWith("<?xml", i)) {
      int end = s.indexOf("?>", i);
      if (end < 0) return null;
      i = skipSpace(s, end + 2);
    }
    int rootEnd = name(s, i + 1);
    if (i >= n || s.charAt(i) != '<' || rootEnd < 0 || rootEnd >= n || s.charAt(rootEnd) != '>') {
      return null;
    }
    String root = s.substring(i + 1, rootEnd);
    i = rootEnd + 1;
    LinkedHashMap<String, String> fields = new LinkedHashMap<>();
    int elements = 1;
    StringBuilder text = new StringBuilder(64);
    while (true) {
      i = skipSpace(s, i);
      if (i >= n || s.charAt(i) != '<') return null;
      if (s.startsWith("</", i)) {
        int end = i + 2 + root.length();
        if (!s.startsWith(root, i + 2) || end >= n || s.charAt(end) != '>') return null;
        return skipSpace(s, end + 1) == n ? fields : null;
      }
      int nameEnd = name(s, i + 1);
      if (nameEnd < 0 || nameEnd >= n || s.charAt(nameEnd) != '>') return null;
      String field = s.substring(i + 1, nameEnd);
      if (field.equals("item") || field.equals("List") || fields.containsKey(field)) return null;
      if (++elements > maxFields) return null; // StAX raises the limit error with its reason
      i = nameEnd + 1;
      text.setLength(0);
      boolean cdata = false;
      while (true) {
        int lt = s.indexOf('<', i);
        if (lt < 0) return null;
        String plain = s.substring(i, lt);
        if (plain.contains("]]>")) return null;
        text.append(plain);
        if (s.startsWith("<![CDATA[", lt)) {
          if (cdata) return null; // several sections: leave the joining rules to StAX
          int end = s.indexOf("]]>", lt + 9);
          if (end < 0) return null;
          text.append(s, lt + 9, end);
          cdata = true;
          i = end + 3;
        } else if (s.startsWith("</", lt)
            && s.startsWith(field, lt + 2)
            && lt + 2 + field.length() < n
            && s.charAt(lt + 2 + field.length()) == '>') {
          fields.put(field, text.toString());
          i = lt + 3 + field.length();
          break;
        } else {
          return null; // a nested element, comment or instruction
        }
      }
    }
  }

  /** End of an XML name starting at {@code i} (ASCII names only), or -1. */
  private static int name(String s, int i) {
    int n = s.length();
    if (i >= n || !(Character.isLetter(s.charAt(i)) && s.charAt(i) < 0x80 || s.charAt(i) == '_')) {
      return -1;
    }
    int j = i + 1;
    while (j < n) {
      char c = s.charAt(j);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) j++;
      else break;
    }
    return j;
  }

  private static int skipSpace(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\n' && c != '\t') break;
      i++;
    }
    return i;
  }
}
