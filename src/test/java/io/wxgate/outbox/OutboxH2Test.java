package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.StoreConfig;
import io.wxgate.testsupport.QueryPlans;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox contract on the embedded default: an H2 file in a fresh directory. */
class OutboxH2Test extends OutboxContract {
  @TempDir Path dataDir;

  @Override
  StoreConfig freshStore() {
    return new StoreConfig(null, null, null, dataDir, 0, null);
  }

  @Test
  void a_claim_reads_each_state_from_the_due_index_in_order_instead_of_sorting_every_due_row() {
    Instant now = Instant.now();
    String plan =
        QueryPlans.explain(db, OutboxStore.CLAIM_CANDIDATES_H2, now, now, 100, now, now, 100, 100);
    // H2 marks a query it answers in index order, stopping at its LIMIT, "index sorted"
    assertThat(plan.split("index sorted", -1)).as(plan).hasSize(3);
  }
}
