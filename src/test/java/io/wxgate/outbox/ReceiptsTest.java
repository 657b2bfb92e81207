package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptsTest {
  @Test
  void wechat_status_strings_map_to_final_states_whatever_their_spacing() {
    assertThat(Receipts.stateOf("success")).isEqualTo(State.DELIVERED);
    assertThat(Receipts.stateOf("failed:user block")).isEqualTo(State.FAILED_USER_BLOCK);
    assertThat(Receipts.stateOf("failed: user block")).isEqualTo(State.FAILED_USER_BLOCK);
    assertThat(Receipts.stateOf("failed: system failed")).isEqualTo(State.FAILED_SYSTEM);
    assertThat(Receipts.stateOf("failed:freq limit")).isEqualTo(State.FAILED_SYSTEM);
    assertThat(Receipts.stateOf("something new")).isEqualTo(State.FAILED_SYSTEM);
  }
}
