package io.wxgate.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migrations of this build, from one list ({@value #INDEX}), for Flyway and for the check that
 * lets a start skip it. Flyway reads the files the list names instead of scanning the classpath for
 * them; and a database whose schema history already holds exactly these migrations (each applied
 * successfully, with the script name and checksum Flyway recorded, and nothing else) is current, so
 * a restart does not run Flyway at all: its set-up, scan and validation were ~85 ms of a ~490 ms
 * restart on two cores (docs/BENCHMARKS.md). Anything else, a fresh database included, goes to
 * Flyway, which migrates or reports the mismatch as always.
 */
final class Migrations {
  static final String INDEX = "db/migration/index.txt";
  private static final String ROOT = "db/migration/";

  private Migrations() {}

  /** One migration as Flyway records it. */
  record Script(String version, String name, int checksum) {}

  /** The migrations of {@code dialect}: {@code common} plus its own folder, as Flyway sees them. */
  static ResourceProvider resources(Dialect dialect) {
    List<LoadableResource> all = new ArrayList<>();
    for (String path : paths(dialect)) all.add(new Indexed(ROOT + path));
    return new ResourceProvider() {
      @Override
      public LoadableResource getResource(String name) {
        for (LoadableResource r : all) {
          if (r.getRelativePath().equals(name)) return r;
        }
        return null;
      }

      @Override
      public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return all.stream()
            .filter(r -> r.getFilename().startsWith(prefix))
            .filter(r -> Arrays.stream(suffixes).anyMatch(r.getFilename()::endsWith))
            .toList();
      }
    };
  }

  /** The migrations of {@code dialect} with the versions and checksums Flyway records. */
  static List<Script> expected(Dialect dialect) {
    List<Script> out = new ArrayList<>();
    for (String path : paths(dialect)) {
      String name = path.substring(path.indexOf('/') + 1);
      // V1_2__x.sql is version 1.2 to Flyway
      String version = name.substring(1, name.indexOf("__")).replace('_', '.');
      out.add(new Script(version, name, checksum(ROOT + path)));
    }
    return out;
  }

  /** Whether the schema history holds exactly the migrations of {@code dialect}. */
  static boolean current(DataSource db, Dialect dialect) {
    Map<String, Script> applied = applied(db);
    // a first start finds no history: the files are not even read then
    return applied != null && applied.equals(byVersion(expected(dialect)));
  }

  /** Whether the schema history holds exactly {@code expected}, each applied successfully. */
  static boolean current(DataSource db, List<Script> expected) {
    Map<String, Script> applied = applied(db);
    return applied != null && applied.equals(byVersion(expected));
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

  private static List<String> paths(Dialect dialect) {
    String own = dialect.migrationFolder().substring(ROOT.length()) + "/";
    return index().stream().filter(p -> p.startsWith("common/") || p.startsWith(own)).toList();
  }

  /** The successful migrations by version; null when there is no history or anything else in it. */
  private static Map<String, Script> applied(DataSource db) {
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
        if (!"SQL".equals(type) || !rs.getBoolean(5)) return null;
        int checksum = rs.getInt(3);
        if (rs.wasNull()) return null;
        applied.put(rs.getString(1), new Script(rs.getString(1), rs.getString(2), checksum));
      }
    } catch (SQLException noHistoryYet) {
      return null;
    }
    return applied.isEmpty() ? null : applied;
  }

  private static Map<String, Script> byVersion(List<Script> scripts) {
    Map<String, Script> out = new HashMap<>();
    for (Script s : scripts) out.put(s.version(), s);
    return out;
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

  /** A file the index names, by its name alone as Flyway's classpath scan gave it. */
  private static final class Indexed extends LoadableResource {
    private final String path;

    Indexed(String path) {
      this.path = path;
    }

    @Override
    public Reader read() {
      try {
        return reader(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String getAbsolutePath() {
      return path;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return path;
    }

    @Override
    public String getFilename() {
      return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String getRelativePath() {
      return getFilename();
    }
  }
}
