package io.wxgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WarmupCommandTest {
  @Test
  void the_training_run_drives_callbacks_and_sends_to_a_final_state_and_exits_zero() {
    int code =
        new CommandLine(new Main()).execute("warmup", "--callbacks", "20", "--messages", "3");
    assertThat(code).isZero();
  }
}
