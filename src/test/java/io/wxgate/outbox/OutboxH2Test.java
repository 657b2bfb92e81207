package io.wxgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.StoreConfig;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
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
    String plan =
        db.withConnection(
            "explain the claim",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("EXPLAIN " + OutboxStore.CLAIM_CANDIDATES_H2)) {
                for (int branch = 0; branch < 2; branch++) {
                  ps.setObject(3 * branch + 1, OffsetDateTime.now());
                  ps.setObject(3 * branch + 2, OffsetDateTime.now());
                  ps.setInt(3 * branch + 3, 100);
                }
                ps.setInt(7, 100);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getString(1);
                }
              }
            });
    // H2 marks a query it answers in index order, stopping at its LIMIT, "index sorted"
    assertThat(plan.split("index sorted", -1)).as(plan).hasSize(3);
  }
}
