package io.wxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void blocks_match_their_addresses_only() {
    Cidr net = Cidr.parse("10.20.0.0/14");
    assertThat(net.contains(Cidr.literal("10.23.255.255"))).isTrue();
    assertThat(net.contains(Cidr.literal("10.24.0.0"))).isFalse();
    assertThat(net.contains(Cidr.literal("::ffff:10.20.1.1"))).isTrue();
    assertThat(Cidr.parse("fd00::/8").contains(Cidr.literal("[fd12::1]"))).isTrue();
    assertThat(Cidr.parse("fd00::/8").contains(Cidr.literal("10.0.0.1"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("8.8.8.8"))).isTrue();
    assertThat(Cidr.parse("192.168.1.7").contains(Cidr.literal("192.168.1.8"))).isFalse();
  }

  @Test
  void host_names_and_bad_prefixes_are_refused_without_a_lookup() {
    assertThatThrownBy(() -> Cidr.parse("proxy.internal")).hasMessageContaining("not an IP");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix");
    assertThatThrownBy(() -> Cidr.parse("10.0.0/8")).hasMessageContaining("not an IP");
    assertThat(Cidr.literal("localhost")).isNull();
    assertThat(Cidr.literal("1.2.3")).isNull();
  }

  @Test
  void trusted_proxies_come_from_the_environment_and_bad_ones_are_reported() {
    var ok = new ConfigLoader(Map.of("WXGATE_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")).load();
    assertThat(ok.server().trustedProxies())
        .extracting(Cidr::toString)
        .containsExactly("10.0.0.0/8", "127.0.0.1");
    assertThatThrownBy(() -> new ConfigLoader(Map.of("WXGATE_TRUSTED_PROXIES", "lb.local")).load())
        .hasMessageContaining("server.trustedProxies: 'lb.local'");
  }
}
