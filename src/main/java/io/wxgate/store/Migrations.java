package io.wxgate.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Whether a database already holds every migration of this build, checked without Flyway: on a
 * restart Flyway's set-up, classpath scan and validation were ~85 ms of a ~490 ms start on two
 * cores (docs/BENCHMARKS.md). Only an exact match counts as current (each migration of the dialect
 * applied successfully, with the script name and checksum Flyway recorded, and nothing else);
 * anything else, a fresh database included, is left to Flyway, which migrates or reports the
 * mismatch as before.
 */
final class Migrations {
  static final String INDEX = "db/migration/index.txt";
  private static final String ROOT = "db/migration/";

  private Migrations() {}

  /** One migration as Flyway records it. */
  record Script(String version, String name, int checksum) {}

  /** The migrations Flyway applies for {@code dialect}: {@code common} plus its own folder. */
  static List<Script> expected(Dialect dialect) {
    List<Script> out = new ArrayList<>();
    for (String path : index()) {
      String folder = path.substring(0, path.indexOf('/'));
      if (!folder.equals("common") && !(ROOT + folder).equals(dialect.migrationFolder())) continue;
      String name = path.substring(path.indexOf('/') + 1);
      // V1_2__x.sql is version 1.2 to Flyway
      String version = name.substring(1, name.indexOf("__")).replace('_', '.');
      out.add(new Script(version, name, checksum(ROOT + path)));
    }
    return out;
  }

  /** Every path the index lists, relative to {@code db/migration}. */
  static List<String> index() {
    List<String> paths = new ArrayList<>();
    try (BufferedReader r = reader(INDEX)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) paths.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return paths;
  }

  /**
   * True only when the schema history holds exactly {@code expected}, each applied successfully.
   */
  static boolean current(DataSource db, List<Script> expected) {
    Map<String, Script> applied = new HashMap<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"version\", \"script\", \"checksum\", \"type\", \"success\""
                    + " FROM \"flyway_schema_history\"")) {
      while (rs.next()) {
        String type = rs.getString(4);
        // markers Flyway writes when it creates the schema or the history table: no migration
        if ("SCHEMA".equals(type) || "TABLE".equals(type)) continue;
        if (!"SQL".equals(type) || !rs.getBoolean(5)) return false;
        int checksum = rs.getInt(3);
        if (rs.wasNull()) return false;
        applied.put(rs.getString(1), new Script(rs.getString(1), rs.getString(2), checksum));
      }
    } catch (SQLException noHistoryYet) {
      return false;
    }
    Map<String, Script> wanted = new HashMap<>();
    for (Script e : expected) wanted.put(e.version(), e);
    return applied.equals(wanted);
  }

  /** Flyway's checksum: CRC32 of each line's UTF-8 bytes, without line breaks or a BOM. */
  static int checksum(String resource) {
    CRC32 crc = new CRC32();
    try (BufferedReader r = reader(resource)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("\uFEFF")) line = line.substring(1);
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (int) crc.getValue();
  }

  private static BufferedReader reader(String resource) throws IOException {
    InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) throw new IOException("missing resource " + resource);
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
