package io.wxgate.forward;

import static io.wxgate.store.Sql.instant;
import static io.wxgate.store.Sql.setInstant;
import static io.wxgate.store.Sql.truncate;

import io.wxgate.store.Database;
import io.wxgate.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The {@code forward_delivery} table, in the same database and with the same claim/lease pattern as
 * the outbox: every UPDATE names the state (and lease owner) it expects, a zero-row update is never
 * ignored, timestamps come from the caller's clock.
 */
final class DeliveryStore {
  private static final String COLUMNS =
      """
      id, event_id, app_id, open_id, target, kind, status, attempts, next_attempt_at, last_error,
      created_at, updated_at, delivered_at, payload""";

  private static final String INSERT =
      """
      INSERT INTO forward_delivery (id, event_id, app_id, open_id, target, kind, ordered, payload,
        status, attempts, next_attempt_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)""";

  // An ordered delivery waits while an earlier one for the same user and target is not finished;
  // a DEAD one does not hold the user's later events back forever.
  private static final String DUE =
      """
      d.status = 'PENDING' AND d.next_attempt_at <= ?
        AND (d.ordered = FALSE OR NOT EXISTS (
          SELECT 1 FROM forward_delivery e
          WHERE e.target = d.target AND e.app_id = d.app_id AND e.open_id = d.open_id
            AND e.seq < d.seq AND e.status IN ('PENDING', 'DELIVERING')))""";

  // PostgreSQL: many instances claim at once; locked rows are skipped, never waited for.
  private static final String CLAIM_POSTGRESQL =
      "WITH due AS (SELECT d.id FROM forward_delivery d WHERE "
          + DUE
          + """

            ORDER BY d.next_attempt_at, d.seq
            LIMIT ?
            FOR UPDATE SKIP LOCKED)
          UPDATE forward_delivery m
          SET status = 'DELIVERING', lease_owner = ?, lease_until = ?, updated_at = ?
          FROM due
          WHERE m.id = due.id AND m.status = 'PENDING'
          RETURNING m.id""";

  // H2: one process owns the file. Pick candidates, then take each with a compare-and-set so two
  // workers in this process never both win a row.
  static final String CLAIM_CANDIDATES_H2 = // package-private for the plan test
      "SELECT d.id FROM forward_delivery d WHERE "
          + DUE
          // the index's column order, status first, so H2 reads the index in order and stops
          + " ORDER BY d.status, d.next_attempt_at, d.seq LIMIT ?";

  private static final String CLAIM_ONE_H2 =
      """
      UPDATE forward_delivery
      SET status = 'DELIVERING', lease_owner = ?, lease_until = ?, updated_at = ?
      WHERE id = ? AND status = 'PENDING'""";

  private static final String FINISH =
      """
      UPDATE forward_delivery
      SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?,
        delivered_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
      WHERE id = ? AND status = 'DELIVERING' AND lease_owner = ?""";

  private static final String RELEASE_ALL =
      """
      UPDATE forward_delivery
      SET status = 'PENDING', lease_owner = NULL, lease_until = NULL, updated_at = ?
      WHERE status = 'DELIVERING' AND lease_owner = ?""";

  private static final String REAP =
      """
      UPDATE forward_delivery
      SET status = 'PENDING', lease_owner = NULL, lease_until = NULL, updated_at = ?
      WHERE status = 'DELIVERING' AND lease_until < ?""";

  private static final String RETRY_DEAD =
      """
      UPDATE forward_delivery
      SET status = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ?
      WHERE id = ? AND status = 'DEAD'""";

  private final Database db;

  DeliveryStore(Database db) {
    this.db = db;
  }

  /** A row to insert; {@code payload} is the event JSON. */
  record NewDelivery(
      String id,
      String eventId,
      String appId,
      String openId,
      String target,
      String kind,
      boolean ordered,
      String payload) {}

  /** Inserts every delivery of one event in one transaction: all are stored or none. */
  void insert(List<NewDelivery> deliveries, Instant now) {
    insert(deliveries, now, () -> true);
  }

  /**
   * As {@link #insert(List, Instant)}, but asks {@code mayCommit} right before the commit and rolls
   * back when it says no, so a caller that stopped waiting knows the rows will never appear.
   *
   * @throws Abandoned when {@code mayCommit} refused (nothing was stored)
   */
  void insert(List<NewDelivery> deliveries, Instant now, BooleanSupplier mayCommit) {
    if (deliveries.isEmpty()) return;
    db.inTransaction(
        "store deliveries",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (NewDelivery d : deliveries) {
              ps.setString(1, d.id());
              ps.setString(2, d.eventId());
              ps.setString(3, d.appId());
              ps.setString(4, truncate(d.openId(), 128));
              ps.setString(5, d.target());
              ps.setString(6, d.kind());
              ps.setBoolean(7, d.ordered());
              ps.setString(8, d.payload());
              setInstant(ps, 9, now);
              setInstant(ps, 10, now);
              setInstant(ps, 11, now);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          if (!mayCommit.getAsBoolean()) throw new Abandoned();
          return null;
        });
  }

  /** An insert rolled back because its caller had stopped waiting for it. */
  static final class Abandoned extends io.wxgate.WxgateException {
    Abandoned() {
      super("insert abandoned by its caller; rolled back");
    }
  }

  Optional<Delivery> get(String id) {
    return db.withConnection("read delivery", c -> get(c, id));
  }

  private Optional<Delivery> get(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM forward_delivery WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  DeliveryPage list(DeliveryQuery q) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM forward_delivery WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (q.status() != null) {
      sql.append(" AND status = ?");
      args.add(q.status().name());
    }
    if (q.target() != null) {
      sql.append(" AND target = ?");
      args.add(q.target());
    }
    if (q.appId() != null) {
      sql.append(" AND app_id = ?");
      args.add(q.appId());
    }
    if (q.cursor() != null) {
      sql.append(" AND id < ?");
      args.add(q.cursor());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    return db.withConnection(
        "list deliveries",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
            ps.setInt(args.size() + 1, q.limit() + 1);
            List<Delivery> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) items.add(row(rs));
            }
            if (items.size() <= q.limit()) return new DeliveryPage(items, null);
            items = items.subList(0, q.limit());
            return new DeliveryPage(items, items.get(items.size() - 1).id());
          }
        });
  }

  /** Takes up to {@code limit} due deliveries into DELIVERING for {@code owner}. */
  List<Delivery> claim(String owner, Instant now, Instant leaseUntil, int limit) {
    return db.inIndexOrder(
        "claim deliveries",
        c -> {
          List<String> ids =
              db.dialect() == Dialect.POSTGRESQL
                  ? claimPostgresql(c, owner, now, leaseUntil, limit)
                  : claimH2(c, owner, now, leaseUntil, limit);
          List<Delivery> claimed = new ArrayList<>(ids.size());
          for (String id : ids) get(c, id).ifPresent(claimed::add);
          return claimed;
        });
  }

  private static List<String> claimPostgresql(
      Connection c, String owner, Instant now, Instant leaseUntil, int limit) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CLAIM_POSTGRESQL)) {
      setInstant(ps, 1, now);
      ps.setInt(2, limit);
      ps.setString(3, owner);
      setInstant(ps, 4, leaseUntil);
      setInstant(ps, 5, now);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static List<String> claimH2(
      Connection c, String owner, Instant now, Instant leaseUntil, int limit) throws SQLException {
    List<String> candidates = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CLAIM_CANDIDATES_H2)) {
      setInstant(ps, 1, now);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) candidates.add(rs.getString(1));
      }
    }
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CLAIM_ONE_H2)) {
      for (String id : candidates) {
        ps.setString(1, owner);
        setInstant(ps, 2, leaseUntil);
        setInstant(ps, 3, now);
        ps.setString(4, id);
        if (ps.executeUpdate() == 1) ids.add(id);
      }
    }
    return ids;
  }

  /** The held delivery arrived. @throws LeaseLost when {@code owner} no longer holds it */
  void markDelivered(String id, String owner, Instant now) {
    finish(id, owner, DeliveryStatus.DELIVERED, now, null, now, now);
  }

  /** The attempt failed; the delivery waits until {@code nextAttemptAt}. @throws LeaseLost */
  void markRetry(String id, String owner, Instant nextAttemptAt, String error, Instant now) {
    finish(id, owner, DeliveryStatus.PENDING, nextAttemptAt, error, null, now);
  }

  /** The delivery gave up with {@code reason}. @throws LeaseLost */
  void markDead(String id, String owner, String reason, Instant now) {
    finish(id, owner, DeliveryStatus.DEAD, now, reason, null, now);
  }

  private void finish(
      String id,
      String owner,
      DeliveryStatus to,
      Instant next,
      String error,
      Instant deliveredAt,
      Instant now) {
    int changed =
        db.update(
            "finish delivery",
            FINISH,
            ps -> {
              ps.setString(1, to.name());
              setInstant(ps, 2, next);
              ps.setString(3, truncate(error, 1000));
              setInstant(ps, 4, deliveredAt);
              setInstant(ps, 5, now);
              ps.setString(6, id);
              ps.setString(7, owner);
            });
    if (changed != 1) throw new LeaseLost(id, owner);
  }

  /** Gives back every delivery this owner still holds, unattempted; returns how many. */
  int releaseAll(String owner, Instant now) {
    return db.update(
        "release delivery leases",
        RELEASE_ALL,
        ps -> {
          setInstant(ps, 1, now);
          ps.setString(2, owner);
        });
  }

  /** Returns deliveries whose lease ran out (their holder died) to PENDING; returns how many. */
  int reapExpired(Instant now) {
    return db.update(
        "reap delivery leases",
        REAP,
        ps -> {
          setInstant(ps, 1, now);
          setInstant(ps, 2, now);
        });
  }

  /** DEAD → PENDING with fresh attempts, due now; false when it was not DEAD. */
  boolean retryDead(String id, Instant now) {
    return db.withConnection(
        "retry delivery",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(RETRY_DEAD)) {
            setInstant(ps, 1, now);
            setInstant(ps, 2, now);
            ps.setString(3, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Deletes up to {@code limit} DELIVERED rows delivered before {@code before}; returns how many.
   */
  int purgeDelivered(Instant before, int limit) {
    return db.withConnection(
        "purge deliveries",
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM forward_delivery WHERE status = 'DELIVERED' AND updated_at < ?"
                      + " ORDER BY updated_at LIMIT ?")) {
            setInstant(ps, 1, before);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) ids.add(rs.getString(1));
            }
          }
          int deleted = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM forward_delivery WHERE id = ? AND status = 'DELIVERED'")) {
            for (String id : ids) {
              ps.setString(1, id);
              deleted += ps.executeUpdate();
            }
          }
          return deleted;
        });
  }

  Map<DeliveryStatus, Long> countByStatus() {
    return db.withConnection(
        "count deliveries",
        c -> {
          Map<DeliveryStatus, Long> out = new LinkedHashMap<>();
          for (DeliveryStatus s : DeliveryStatus.values()) out.put(s, 0L);
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT status, COUNT(*) FROM forward_delivery GROUP BY status");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(DeliveryStatus.valueOf(rs.getString(1)), rs.getLong(2));
          }
          return out;
        });
  }

  private static Delivery row(ResultSet rs) throws SQLException {
    return new Delivery(
        rs.getString("id"),
        rs.getString("event_id"),
        rs.getString("app_id"),
        rs.getString("open_id"),
        rs.getString("target"),
        rs.getString("kind"),
        DeliveryStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "delivered_at"),
        rs.getString("payload"));
  }

  /** The delivery moved on without this owner (its lease expired and another took it). */
  static final class LeaseLost extends io.wxgate.WxgateException {
    LeaseLost(String id, String owner) {
      super("delivery " + id + " is no longer held by " + owner);
    }
  }
}
