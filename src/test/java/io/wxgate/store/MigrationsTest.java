package io.wxgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.config.StoreConfig;
import io.wxgate.testsupport.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check that lets a restart skip Flyway must agree with Flyway exactly, or step aside. */
class MigrationsTest {
  private static final Path SOURCES = Path.of("src/main/resources/db/migration");

  @TempDir Path dir;

  @Test
  void the_index_lists_every_migration_file_and_nothing_else() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<String> onDisk =
          files
              .filter(p -> p.toString().endsWith(".sql"))
              .map(p -> SOURCES.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList();
      assertThat(Migrations.index()).containsExactlyInAnyOrderElementsOf(onDisk);
    }
  }

  @Test
  void on_h2_what_flyway_recorded_is_what_the_check_expects() {
    assertAgreesWithFlyway(new StoreConfig(null, null, null, dir, 0, null), Dialect.H2);
  }

  @Test
  @Tag("services")
  void on_postgresql_what_flyway_recorded_is_what_the_check_expects() {
    assertAgreesWithFlyway(
        StoreConfig.of(TestServices.freshPostgresSchemaUrl()), Dialect.POSTGRESQL);
  }

  private void assertAgreesWithFlyway(StoreConfig config, Dialect dialect) {
    try (Database db = Database.open(config)) { // a fresh database: Flyway migrates it
      Map<String, String> recorded = new HashMap<>();
      db.withConnection(
          "read history",
          c -> {
            try (ResultSet rs =
                c.createStatement()
                    .executeQuery(
                        "SELECT \"version\", \"script\", \"checksum\" FROM \"flyway_schema_history\""
                            + " WHERE \"type\" = 'SQL' AND \"success\"")) {
              while (rs.next()) {
                recorded.put(rs.getString(1), rs.getString(2) + " " + rs.getInt(3));
              }
            }
            return null;
          });
      Map<String, String> expected = new HashMap<>();
      for (Migrations.Script s : Migrations.expected(dialect)) {
        expected.put(s.version(), s.name() + " " + s.checksum());
      }
      assertThat(expected).isEqualTo(recorded).isNotEmpty();
      assertThat(Migrations.current(db.dataSource(), Migrations.expected(dialect))).isTrue();
    }
  }

  @Test
  void a_database_migrated_by_flyway_scanning_the_classpath_is_current_and_opens() {
    // how every start migrated before the index: installed databases carry this history
    String url = "jdbc:h2:file:" + dir.resolve("scanned") + ";DB_CLOSE_ON_EXIT=FALSE";
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration/common", "classpath:db/migration/h2")
        .outOfOrder(true)
        .load()
        .migrate();
    try (Database db = Database.open(StoreConfig.of(url))) {
      assertThat(Migrations.current(db.dataSource(), Dialect.H2)).isTrue();
      assertThat(Migrations.expected(Dialect.H2))
          .contains(
              new Migrations.Script(
                  "1",
                  "V1__outbox.sql",
                  Migrations.checksum("db/migration/common/V1__outbox.sql")));
    }
  }

  @Test
  void a_fresh_database_is_not_current() {
    try (Database db = Database.open(new StoreConfig(null, null, null, dir, 0, null))) {
      db.withConnection(
          "drop", c -> c.createStatement().execute("DROP TABLE \"flyway_schema_history\""));
      assertThat(Migrations.current(db.dataSource(), Migrations.expected(Dialect.H2))).isFalse();
    }
  }

  @Test
  void a_missing_extra_failed_or_changed_migration_is_not_current() {
    try (Database db = Database.open(new StoreConfig(null, null, null, dir, 0, null))) {
      List<Migrations.Script> all = Migrations.expected(Dialect.H2);
      assertThat(Migrations.current(db.dataSource(), all)).isTrue();
      // this build has a migration the database lacks
      List<Migrations.Script> more =
          Stream.concat(all.stream(), Stream.of(new Migrations.Script("999", "V999__x.sql", 1)))
              .toList();
      assertThat(Migrations.current(db.dataSource(), more)).isFalse();
      // the database has one this build lacks (a newer release ran on it)
      assertThat(Migrations.current(db.dataSource(), all.subList(1, all.size()))).isFalse();
      // a file changed after it was applied
      Migrations.Script first = all.get(0);
      List<Migrations.Script> edited =
          Stream.concat(
                  Stream.of(
                      new Migrations.Script(first.version(), first.name(), first.checksum() + 1)),
                  all.stream().skip(1))
              .toList();
      assertThat(Migrations.current(db.dataSource(), edited)).isFalse();
      // a migration that failed half way
      db.withConnection(
          "fail one",
          c ->
              c.createStatement()
                  .executeUpdate(
                      "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE"
                          + " WHERE \"version\" = '"
                          + first.version()
                          + "'"));
      assertThat(Migrations.current(db.dataSource(), all)).isFalse();
    }
  }

  @Test
  void a_restart_on_a_changed_history_still_goes_through_flyway_and_fails_as_before() {
    StoreConfig config = new StoreConfig(null, null, null, dir, 0, null);
    try (Database db = Database.open(config)) {
      db.withConnection(
          "change a checksum",
          c ->
              c.createStatement()
                  .executeUpdate(
                      "UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1"
                          + " WHERE \"version\" = '1'"));
    }
    assertThatThrownBy(() -> Database.open(config)).hasMessageContaining("checksum mismatch");
  }
}
