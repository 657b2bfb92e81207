package io.wxgate.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void ids_made_in_one_millisecond_still_sort_in_creation_order() {
    Ids ids = new Ids(InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_123L)));
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 1000; i++) made.add(ids.next());
    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(made).allSatisfy(id -> assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{26}"));
  }

  @Test
  void later_milliseconds_sort_after_earlier_ones() {
    SettableClock clock = new SettableClock(Instant.ofEpochMilli(1_700_000_000_000L));
    Ids ids = new Ids(clock);
    String first = ids.next();
    clock.advance(java.time.Duration.ofMillis(1));
    assertThat(ids.next()).isGreaterThan(first);
  }
}
