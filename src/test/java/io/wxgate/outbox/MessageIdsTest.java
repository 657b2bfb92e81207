package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdsTest {
  @Test
  void ids_are_26_characters_unique_and_sort_by_creation_time() {
    SettableClock clock = new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
    MessageIds ids = new MessageIds(clock);
    Set<String> seen = new HashSet<>();
    String previous = "";
    for (int i = 0; i < 1000; i++) {
      clock.advance(Duration.ofMillis(1));
      String id = ids.next();
      assertThat(MessageIds.looksValid(id)).isTrue();
      assertThat(id).isGreaterThan(previous);
      assertThat(seen.add(id)).isTrue();
      previous = id;
    }
  }
}
