package io.wxgate.testsupport;

import io.wxgate.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The plan a database chooses for a statement, for tests that pin a plan's shape. */
public final class QueryPlans {
  private QueryPlans() {}

  /** {@code EXPLAIN} of {@code sql} with its parameters bound (an Instant as a timestamp). */
  public static String explain(Database db, String sql, Object... params) {
    return db.withConnection(
        "explain",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
              Object p = params[i];
              ps.setObject(
                  i + 1, p instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : p);
            }
            try (ResultSet rs = ps.executeQuery()) {
              StringBuilder plan = new StringBuilder();
              while (rs.next()) plan.append(rs.getString(1)).append('\n');
              return plan.toString();
            }
          }
        });
  }
}
