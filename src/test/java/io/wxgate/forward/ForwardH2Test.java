package io.wxgate.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.wxgate.config.StoreConfig;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
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
    String plan =
        db.withConnection(
            "explain the claim",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("EXPLAIN " + DeliveryStore.CLAIM_CANDIDATES_H2)) {
                ps.setObject(1, OffsetDateTime.now());
                ps.setInt(2, 100);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getString(1);
                }
              }
            });
    // H2 marks a query it answers in index order, stopping at its LIMIT, "index sorted"
    assertThat(plan).as(plan).contains("index sorted");
  }
}
