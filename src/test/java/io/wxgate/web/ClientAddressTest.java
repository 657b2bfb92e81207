package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  final ClientAddress behindProxies =
      new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.1.7")));

  @Test
  void without_trusted_proxies_the_header_is_ignored() {
    assertThat(new ClientAddress(List.of()).of("10.0.0.1", "203.0.113.9")).isEqualTo("10.0.0.1");
  }

  @Test
  void an_untrusted_peer_cannot_claim_another_address() {
    assertThat(behindProxies.of("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
  }

  @Test
  void the_rightmost_address_that_is_not_a_trusted_proxy_is_the_client() {
    assertThat(behindProxies.of("10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
    // the client prepended a lie; two trusted hops appended after it
    assertThat(behindProxies.of("10.1.2.3", "1.2.3.4, 203.0.113.9, 192.168.1.7"))
        .isEqualTo("203.0.113.9");
    assertThat(behindProxies.of("10.1.2.3", "10.9.9.9, 10.8.8.8")).isEqualTo("10.9.9.9");
    assertThat(behindProxies.of("::ffff:10.1.2.3", "2001:db8::1"))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void a_malformed_hop_stops_the_walk_at_the_last_trusted_address() {
    assertThat(behindProxies.of("10.1.2.3", "evil.example, 10.4.4.4")).isEqualTo("10.4.4.4");
    assertThat(behindProxies.of("10.1.2.3", "unknown")).isEqualTo("10.1.2.3");
    assertThat(behindProxies.of("10.1.2.3", "")).isEqualTo("10.1.2.3");
  }
}
