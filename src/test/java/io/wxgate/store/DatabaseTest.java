package io.wxgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.config.StoreConfig;
import io.wxgate.testsupport.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
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
  void unsupported_urls_and_passwords_in_urls_are_handled() {
    assertThatThrownBy(() -> StoreConfig.of("jdbc:mysql://x/y?password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
    assertThat(StoreConfig.of("jdbc:postgresql://h/db?user=u&password=hunter2").toString())
        .doesNotContain("hunter2");
  }
}
