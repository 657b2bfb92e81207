package io.wxgate.store;

import java.sql.SQLException;

/**
 * The differences between the two supported databases, kept in one place. Callers that need
 * different SQL per database switch on the constant; everything else is shared.
 */
public enum Dialect {
  /** The embedded default: one process owns the database file. */
  H2("h2"),
  /** Many gateway instances share it; claims use {@code FOR UPDATE SKIP LOCKED}. */
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  public static Dialect fromUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) return H2;
    if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
    throw new IllegalArgumentException("unsupported JDBC URL (only H2 and PostgreSQL)");
  }

  /** The classpath folder holding this database's own migrations (next to {@code common}). */
  String migrationFolder() {
    return "db/migration/" + folder;
  }

  /**
   * Whether several processes may claim from the same table at once, so claims must skip rows
   * another transaction has locked rather than wait for them.
   */
  public boolean sharedByInstances() {
    return this == POSTGRESQL;
  }

  /** Both databases report a unique-constraint violation with the standard SQLSTATE. */
  public static boolean isUniqueViolation(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if ("23505".equals(x.getSQLState())) return true;
    }
    return false;
  }
}
