package io.wxgate.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.StoreConfig;
import io.wxgate.testsupport.QueryPlans;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forwarding on the embedded default: an H2 file in a fresh directory. */
class ForwardH2Test extends ForwardContract {
  @TempDir Path dataDir;

  @Override
  StoreConfig freshStore() {
    return new StoreConfig(null, null, null, dataDir, 0, null);
  }

  @Test
  void a_claim_reads_the_due_index_in_order_instead_of_sorting_every_due_delivery() {
    String plan = QueryPlans.explain(db, DeliveryStore.CLAIM_CANDIDATES_H2, Instant.now(), 100);
    // H2 marks a query it answers in index order, stopping at its LIMIT, "index sorted"
    assertThat(plan).as(plan).contains("index sorted");
  }
}
