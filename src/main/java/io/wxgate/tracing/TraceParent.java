package io.wxgate.tracing;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The fields of a valid W3C {@code traceparent} header ({@code version-traceid-parentid-flags},
 * https://www.w3.org/TR/trace-context/#traceparent-header). Anything else is ignored as the
 * recommendation says: a new trace starts.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId the caller's span, 16 lowercase hex digits, not all zero
 * @param sampled the caller recorded its span (flag bit 0)
 */
public record TraceParent(String traceId, String spanId, boolean sampled) {
  private static final HexFormat HEX = HexFormat.of();
  private static final int LENGTH = 55;

  /** The header's fields, or null when it is absent or not a valid {@code traceparent}. */
  public static TraceParent parse(String header) {
    if (!isValid(header)) return null;
    int flags = Character.digit(header.charAt(54), 16);
    return new TraceParent(header.substring(3, 35), header.substring(36, 52), (flags & 1) == 1);
  }

  /**
   * The trace id of a valid header, else a new random one. Allocates only the returned string: it
   * runs on every request when tracing is off.
   */
  public static String traceIdOf(String header) {
    return isValid(header) ? header.substring(3, 35) : newTraceId();
  }

  /** 128 random bits as 32 hex digits. */
  public static String newTraceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long high = r.nextLong();
    long low = r.nextLong();
    if (high == 0 && low == 0) low = 1;
    return HEX.toHexDigits(high) + HEX.toHexDigits(low);
  }

  /** True for a well-formed 32-hex-digit trace id that is not all zeros. */
  public static boolean isTraceId(String s) {
    return s != null && s.length() == 32 && isLowerHex(s, 0, 32) && !isZeros(s, 0, 32);
  }

  private static boolean isValid(String h) {
    if (h == null || h.length() < LENGTH) return false;
    if (h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') return false;
    if (!isLowerHex(h, 0, 2) || h.startsWith("ff")) return false;
    // version 00 is exactly 55 characters; later versions may append fields after a dash
    if (h.startsWith("00") ? h.length() != LENGTH : h.length() > LENGTH && h.charAt(LENGTH) != '-')
      return false;
    return isLowerHex(h, 3, 35)
        && !isZeros(h, 3, 35)
        && isLowerHex(h, 36, 52)
        && !isZeros(h, 36, 52)
        && isLowerHex(h, 53, 55);
  }

  private static boolean isLowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }

  private static boolean isZeros(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') return false;
    }
    return true;
  }
}
