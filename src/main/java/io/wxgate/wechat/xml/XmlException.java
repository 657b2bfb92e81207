package io.wxgate.wechat.xml;

import io.wxgate.WxgateException;

/**
 * XML that wxgate refuses to read. The message names the {@link Reason} (and, for field problems,
 * the element name wxgate looked for); it never quotes the input.
 */
public final class XmlException extends WxgateException {
  /** Why the XML was refused; stable names suitable as a metrics tag. */
  public enum Reason {
    /** Not well-formed XML (including truncated input and undeclared entity references). */
    MALFORMED,
    /** A document type declaration: refused outright, it is how XXE and entity bombs start. */
    DOCTYPE_FORBIDDEN,
    /** More UTF-8 bytes than {@link XmlCodec.XmlLimits#maxBytes()}. */
    TOO_LARGE,
    /** Elements nested deeper than {@link XmlCodec.XmlLimits#maxDepth()}. */
    TOO_DEEP,
    /** More elements than {@link XmlCodec.XmlLimits#maxFields()}. */
    TOO_MANY_FIELDS,
    /** A required element is absent. */
    MISSING_FIELD,
    /** An element that must be a number is not one. */
    BAD_VALUE
  }

  private final Reason reason;

  XmlException(Reason reason) {
    super("XML rejected: " + reason);
    this.reason = reason;
  }

  XmlException(Reason reason, String field) {
    super("XML rejected: " + reason + " " + field);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
