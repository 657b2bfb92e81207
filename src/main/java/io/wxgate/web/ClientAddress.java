package io.wxgate.web;

import io.wxgate.config.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * The client's address for the access log: the peer's, unless the peer is a trusted proxy, in which
 * case {@code X-Forwarded-For} is read from the right (each proxy appends the peer it saw) and the
 * first address not itself a trusted proxy is the client. Entries left of that are whatever the
 * client claimed and are ignored; a malformed entry stops the walk at the last trusted hop.
 */
final class ClientAddress {
  private final List<Cidr> trusted;

  ClientAddress(List<Cidr> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  String of(String peer, String forwardedFor) {
    if (trusted.isEmpty() || forwardedFor == null || forwardedFor.isBlank()) return peer;
    if (!isTrusted(Cidr.literal(peer))) return peer;
    String client = peer;
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = Cidr.literal(hops[i]);
      if (hop == null) return client;
      client = hop.getHostAddress();
      if (!isTrusted(hop)) return client;
    }
    return client;
  }

  private boolean isTrusted(InetAddress address) {
    if (address == null) return false;
    for (Cidr c : trusted) if (c.contains(address)) return true;
    return false;
  }
}
