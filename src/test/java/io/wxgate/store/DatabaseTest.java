package io.wxgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.config.StoreConfig;
import io.wxgate.testsupport.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path dir;

  private static List<String> tables(Database db) {
    return db.withConnection(
        "list tables",
        c -> {
          List<String> out = new ArrayList<>();
          try (ResultSet rs = c.getMetaData().getTables(null, null, "OUTBOX%", null)) {
            while (rs.next()) out.add(rs.getString("TABLE_NAME").toLowerCase());
          }
          try (ResultSet rs = c.getMetaData().getTables(null, null, "outbox%", null)) {
            while (rs.next()) out.add(rs.getString("TABLE_NAME").toLowerCase());
          }
          return out;
        });
  }

  /** The first two columns of every row {@code sql} returns, as a map. */
  private static Map<String, String> pairs(Database db, String sql) {
    return db.withConnection(
        "read pairs",
        c -> {
          Map<String, String> out = new HashMap<>();
          try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) out.put(rs.getString(1), rs.getString(2));
          }
          return out;
        });
  }

  @Test
  void the_default_is_an_h2_file_under_the_data_dir_migrated_on_open() {
    Path data = dir.resolve("data");
    try (Database db = Database.open(new StoreConfig(null, null, null, data, 0, null))) {
      assertThat(db.dialect()).isEqualTo(Dialect.H2);
      assertThat(tables(db))
          .contains("outbox_message", "outbox_attempt", "outbox_app_pause", "outbox_early_receipt");
    }
    assertThat(Files.exists(data.resolve("wxgate.mv.db"))).isTrue();
  }

  @Test
  void reopening_the_same_database_keeps_its_rows() {
    StoreConfig config = new StoreConfig(null, null, null, dir, 0, null);
    try (Database db = Database.open(config)) {
      db.withConnection(
          "insert",
          c ->
              c.createStatement()
                  .executeUpdate(
                      "INSERT INTO outbox_app_pause (app_id, paused_until) VALUES ('wx1', CURRENT_TIMESTAMP)"));
    }
    try (Database db = Database.open(config)) {
      int n =
          db.withConnection(
              "count",
              c -> {
                try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox_app_pause")) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
      assertThat(n).isEqualTo(1);
    }
  }

  @Test
  @Tag("services")
  void postgresql_is_migrated_with_its_own_dialect() {
    try (Database db = Database.open(StoreConfig.of(TestServices.freshPostgresSchemaUrl()))) {
      assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
      assertThat(tables(db)).contains("outbox_message", "outbox_attempt");
    }
  }

  @Test
  @Tag("services")
  void on_postgresql_the_indexes_that_serve_some_messages_hold_only_those() {
    try (Database db = Database.open(StoreConfig.of(TestServices.freshPostgresSchemaUrl()))) {
      Map<String, String> defs =
          pairs(
              db,
              "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                  + " AND tablename = 'outbox_message'");
      // the reaper finds SENDING rows through (status, id): a lease index cost every claim a write
      assertThat(defs).doesNotContainKey("outbox_message_lease");
      assertThat(defs.get("outbox_message_msgid")).contains("WHERE", "IS NOT NULL");
      assertThat(defs.get("outbox_message_finished")).contains("WHERE", "DELIVERED");
      assertThat(defs.get("outbox_message_idempotency")).contains("UNIQUE", "IS NOT NULL");
      assertThat(defs).doesNotContainKey("outbox_message_updated");

      // the partial unique index still refuses a second row with the same key, and only then
      String insert =
          "INSERT INTO outbox_message (id, app_id, type, to_user, template_id, payload, status,"
              + " next_attempt_at, request_hash, client_id, idempotency_key, created_at,"
              + " updated_at) VALUES (?, 'wx1', 'TEMPLATE', 'o1', 't1', '{}', 'QUEUED',"
              + " now(), 'h', 'client-a', ?, now(), now())";
      db.withConnection(
          "two messages without a key",
          c -> {
            for (String id : List.of("m1", "m2")) {
              try (var ps = c.prepareStatement(insert)) {
                ps.setString(1, id);
                ps.setString(2, null);
                ps.executeUpdate();
              }
            }
            try (var ps = c.prepareStatement(insert)) {
              ps.setString(1, "m3");
              ps.setString(2, "k-1");
              ps.executeUpdate();
            }
            return null;
          });
      assertThatThrownBy(
              () ->
                  db.withConnection(
                      "the same key again",
                      c -> {
                        try (var ps = c.prepareStatement(insert)) {
                          ps.setString(1, "m4");
                          ps.setString(2, "k-1");
                          return ps.executeUpdate();
                        }
                      }))
          .isInstanceOfSatisfying(
              StoreException.class, e -> assertThat(e.sqlState()).isEqualTo("23505"));
    }
  }

  @Test
  @Tag("services")
  void on_postgresql_identifiers_compare_byte_by_byte_whatever_the_database_collation() {
    try (Database db = Database.open(StoreConfig.of(TestServices.freshPostgresSchemaUrl()))) {
      Map<String, String> collations =
          pairs(
              db,
              "SELECT table_name || '.' || column_name, collation_name FROM"
                  + " information_schema.columns WHERE table_schema = current_schema()"
                  + " AND collation_name IS NOT NULL");
      assertThat(collations)
          .containsEntry("outbox_message.id", "C")
          .containsEntry("outbox_message.status", "C")
          .containsEntry("outbox_message.to_user", "C")
          .containsEntry("outbox_attempt.message_id", "C")
          .containsEntry("forward_delivery.id", "C")
          .containsEntry("forward_delivery.open_id", "C");
    }
  }

  @Test
  @Tag("services")
  void on_postgresql_index_order_work_plans_no_bitmap_scan_and_only_for_itself() {
    try (Database db = Database.open(StoreConfig.of(TestServices.freshPostgresSchemaUrl()))) {
      Database.Work<String> bitmapScans =
          c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SHOW enable_bitmapscan")) {
              rs.next();
              return rs.getString(1);
            }
          };
      assertThat(db.inIndexOrder("claim", bitmapScans)).isEqualTo("off");
      // the pool hands this thread the connection it just returned: the setting ended with its
      // transaction (SET LOCAL), so other statements on that session plan as before
      assertThat(db.withConnection("list", bitmapScans)).isEqualTo("on");
    }
  }

  @Test
  void on_h2_index_order_work_runs_on_a_connection_in_auto_commit() {
    try (Database db =
        Database.open(new StoreConfig(null, null, null, dir.resolve("h2"), 0, null))) {
      boolean autoCommit = db.inIndexOrder("claim", c -> c.getAutoCommit());
      assertThat(autoCommit).isTrue();
    }
  }

  @Test
  void a_failed_transaction_is_rolled_back() {
    try (Database db = Database.open(new StoreConfig(null, null, null, dir, 0, null))) {
      assertThatThrownBy(
              () ->
                  db.inTransaction(
                      "insert then fail",
                      c -> {
                        c.createStatement()
                            .executeUpdate(
                                "INSERT INTO outbox_app_pause (app_id, paused_until) VALUES ('wx1', CURRENT_TIMESTAMP)");
                        throw new IllegalStateException("boom");
                      }))
          .hasMessage("boom");
      int n =
          db.withConnection(
              "count",
              c -> {
                try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox_app_pause")) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
      assertThat(n).isZero();
    }
  }

  @Test
  void opened_in_background_it_answers_once_open() {
    Path data = dir.resolve("bg");
    try (Database db =
        Database.openInBackground(new StoreConfig(null, null, null, data, 0, null), null)) {
      assertThat(db.dialect()).isEqualTo(Dialect.H2); // known from the URL, without waiting
      assertThat(tables(db)).contains("outbox_message"); // waits, then finds the migrated schema
      assertThat(db.probe()).isEqualTo("UP");
    }
  }

  @Test
  void opened_in_background_a_failure_surfaces_on_every_use_and_close_is_quiet() {
    StoreConfig unreachable =
        new StoreConfig(
            "jdbc:postgresql://127.0.0.1:1/test?connectTimeout=1", "postgres", null, dir, 0, null);
    Database db = Database.openInBackground(unreachable, null);
    assertThatThrownBy(db::awaitOpen) // as thrown on the opening thread, unwrapped
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot open database");
    assertThatThrownBy(() -> db.withConnection("use", c -> 1))
        .isInstanceOf(IllegalStateException.class);
    assertThat(db.probe()).isEqualTo("DOWN: failed to open");
    db.close();
  }

  @Test
  void unsupported_urls_and_passwords_in_urls_are_handled() {
    assertThatThrownBy(() -> StoreConfig.of("jdbc:mysql://x/y?password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
    assertThat(StoreConfig.of("jdbc:postgresql://h/db?user=u&password=hunter2").toString())
        .doesNotContain("hunter2");
  }
}
