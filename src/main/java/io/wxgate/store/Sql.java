package io.wxgate.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Column conversions every table uses, the same on H2 and PostgreSQL: instants are stored as {@code
 * TIMESTAMP WITH TIME ZONE} in UTC, long texts are cut to their column's width.
 */
public final class Sql {
  private Sql() {}

  public static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
    if (t == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    else ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  public static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** {@code s} cut to at most {@code max} characters; null stays null. */
  public static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
