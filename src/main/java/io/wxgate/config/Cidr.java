package io.wxgate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address block such as {@code 10.0.0.0/8}, {@code 192.168.1.7} or {@code fd00::/8}: literal
 * addresses only, never a host name (parsing one must not look anything up).
 */
public record Cidr(String text, byte[] network, int prefix) {
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  public static Cidr parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    InetAddress address = literal(slash < 0 ? s : s.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException(
          "server.trustedProxies: '" + text + "' is not an IP address or CIDR block");
    }
    byte[] bytes = address.getAddress();
    int max = bytes.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException(
          "server.trustedProxies: '" + text + "' has a prefix length outside 0.." + max);
    }
    return new Cidr(s, bytes, prefix);
  }

  /** The address of an IP literal (IPv6 may be bracketed), or null for anything else. */
  public static InetAddress literal(String s) {
    if (s == null) return null;
    String a = s.strip();
    if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
    if (a.isEmpty() || !LITERAL.matcher(a).matches()) return null;
    if (a.indexOf(':') < 0 && !isDotted(a)) return null;
    try {
      return InetAddress.getByName(a); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isDotted(String s) {
    return s.chars().filter(c -> c == '.').count() == 3;
  }

  /** Whether the address (IPv4-mapped IPv6 counts as IPv4) lies in this block. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length == 16 && network.length == 4 && isMappedV4(a)) {
      a = java.util.Arrays.copyOfRange(a, 12, 16);
    }
    if (a.length != network.length) return false;
    int full = prefix / 8;
    for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
    int rest = prefix % 8;
    if (rest == 0) return true;
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }

  private static boolean isMappedV4(byte[] a) {
    for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
    return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
  }

  @Override
  public String toString() {
    return text;
  }
}
