package io.wxgate.outbox;

import static io.wxgate.outbox.State.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateTest {
  private static final Map<State, Set<State>> ALLOWED =
      Map.of(
          QUEUED, EnumSet.of(SENDING, CANCELLED),
          RETRY_WAIT, EnumSet.of(SENDING, CANCELLED),
          SENDING, EnumSet.of(SENT, RETRY_WAIT, DEAD, QUEUED),
          SENT, EnumSet.of(DELIVERED, FAILED_USER_BLOCK, FAILED_SYSTEM),
          DEAD, EnumSet.of(QUEUED),
          FAILED_USER_BLOCK, EnumSet.of(QUEUED),
          FAILED_SYSTEM, EnumSet.of(QUEUED),
          DELIVERED, EnumSet.noneOf(State.class),
          CANCELLED, EnumSet.noneOf(State.class));

  @Test
  void only_the_listed_moves_are_allowed() {
    for (State from : State.values()) {
      for (State to : State.values()) {
        assertThat(from.canMoveTo(to))
            .as(from + " -> " + to)
            .isEqualTo(ALLOWED.get(from).contains(to));
      }
    }
  }

  @Test
  void a_sent_message_can_never_go_back_to_sending() {
    assertThat(SENT.canMoveTo(SENDING)).isFalse();
    assertThat(SENT.canMoveTo(QUEUED)).isFalse();
    assertThat(SENT.canMoveTo(RETRY_WAIT)).isFalse();
  }

  @Test
  void only_waiting_states_are_claimable_and_not_final() {
    assertThat(CLAIMABLE).containsExactlyInAnyOrder(QUEUED, RETRY_WAIT);
    assertThat(EnumSet.allOf(State.class).stream().filter(s -> !s.isFinal()))
        .containsExactlyInAnyOrder(QUEUED, SENDING, RETRY_WAIT);
  }
}
