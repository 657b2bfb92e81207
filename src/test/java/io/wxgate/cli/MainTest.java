package io.wxgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void only_a_bare_serve_skips_the_command_line_model() {
    assertThat(Main.isPlainServe(new String[] {"serve"})).isTrue();
    assertThat(Main.isPlainServe(new String[] {"serve", "--help"})).isFalse();
    assertThat(Main.isPlainServe(new String[] {"sandbox"})).isFalse();
    assertThat(Main.isPlainServe(new String[] {})).isFalse();
  }
}
