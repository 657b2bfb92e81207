package io.wxgate.outbox;

import static io.wxgate.store.Sql.instant;
import static io.wxgate.store.Sql.setInstant;
import static io.wxgate.store.Sql.truncate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wxgate.JsonMappers;
import io.wxgate.store.Database;
import io.wxgate.store.Dialect;
import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.MiniProgram;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox tables. Every UPDATE names the state it expects; callers learn from the returned row
 * count (or a {@link LeaseLost}) when the row had moved on. Timestamps come from the caller's
 * clock, never the database's, so tests can drive time.
 */
final class OutboxStore {
  static final int MAX_PAYLOAD = 16_000;
  private static final ObjectMapper JSON =
      JsonMappers.create().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private static final ObjectMapper CANONICAL =
      JsonMappers.create().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private static final String COLUMNS =
      """
      id, app_id, type, to_user, template_id, payload, status, attempts, next_attempt_at,
      wechat_msgid, client_id, idempotency_key, trace_id, last_error, receipt_status,
      created_at, updated_at, delivered_at""";

  private static final String INSERT =
      """
      INSERT INTO outbox_message (id, app_id, type, to_user, template_id, payload, status,
        attempts, next_attempt_at, idempotency_key, request_hash, client_id, trace_id,
        created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?, ?, ?, ?, ?)""";

  // PostgreSQL: many instances claim at once; locked rows are skipped, never waited for.
  private static final String CLAIM_POSTGRESQL =
      """
      WITH due AS (
        SELECT id FROM outbox_message
        WHERE status IN ('QUEUED', 'RETRY_WAIT') AND next_attempt_at <= ?
          AND app_id NOT IN (SELECT app_id FROM outbox_app_pause WHERE paused_until > ?)
        ORDER BY next_attempt_at
        LIMIT ?
        FOR UPDATE SKIP LOCKED)
      UPDATE outbox_message m
      SET status = 'SENDING', lease_owner = ?, lease_until = ?, updated_at = ?
      FROM due
      WHERE m.id = due.id AND m.status IN ('QUEUED', 'RETRY_WAIT')
      RETURNING """
          + " "
          + qualified("m", COLUMNS);

  // H2: one process owns the file. Pick candidates, then take each with a compare-and-set so two
  // dispatchers in this process never both win a row. One state at a time: for "status IN (…)
  // ORDER BY next_attempt_at" H2 read and sorted every due row of the (status, next_attempt_at)
  // index (9 ms a claim with 20,000 queued), for one state it reads the index in order and stops.
  private static final String DUE_H2 =
      """
      (SELECT id, status, next_attempt_at FROM outbox_message
      WHERE status = '%s' AND next_attempt_at <= ?
        AND app_id NOT IN (SELECT app_id FROM outbox_app_pause WHERE paused_until > ?)
      ORDER BY status, next_attempt_at
      LIMIT ?)""";
  static final String CLAIM_CANDIDATES_H2 = // package-private for the plan test
      "SELECT id, status FROM ("
          + DUE_H2.formatted(State.QUEUED)
          + " UNION ALL "
          + DUE_H2.formatted(State.RETRY_WAIT)
          + ") ORDER BY next_attempt_at LIMIT ?";

  private static final String CLAIM_ONE_H2 =
      """
      UPDATE outbox_message
      SET status = 'SENDING', lease_owner = ?, lease_until = ?, updated_at = ?
      WHERE id = ? AND status = ?""";

  private static final String FINISH =
      """
      UPDATE outbox_message
      SET status = ?, attempts = attempts + ?, next_attempt_at = ?, wechat_msgid = ?,
        last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
      WHERE id = ? AND status = 'SENDING' AND lease_owner = ?""";

  private static final String RELEASE =
      """
      UPDATE outbox_message
      SET status = CASE WHEN attempts = 0 THEN 'QUEUED' ELSE 'RETRY_WAIT' END,
        next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
      WHERE id = ? AND status = 'SENDING' AND lease_owner = ?""";

  private static final String RELEASE_ALL =
      """
      UPDATE outbox_message
      SET status = CASE WHEN attempts = 0 THEN 'QUEUED' ELSE 'RETRY_WAIT' END,
        lease_owner = NULL, lease_until = NULL, updated_at = ?
      WHERE status = 'SENDING' AND lease_owner = ?""";

  private static final String REAP =
      """
      UPDATE outbox_message
      SET status = CASE WHEN attempts = 0 THEN 'QUEUED' ELSE 'RETRY_WAIT' END,
        lease_owner = NULL, lease_until = NULL, updated_at = ?
      WHERE status = 'SENDING' AND lease_until < ?""";

  private static final String INSERT_ATTEMPT =
      """
      INSERT INTO outbox_attempt (message_id, attempted_at, errcode, errmsg, latency_ms, counted)
      VALUES (?, ?, ?, ?, ?, ?)""";

  private static final String OPERATOR_MOVE =
      """
      UPDATE outbox_message
      SET status = ?, attempts = ?, next_attempt_at = ?, wechat_msgid = ?, receipt_status = ?,
        delivered_at = ?, updated_at = ?
      WHERE id = ? AND status = ?""";

  private static final String RECEIPT =
      """
      UPDATE outbox_message
      SET status = ?, receipt_status = ?, delivered_at = ?, updated_at = ?
      WHERE wechat_msgid = ? AND status = 'SENT'""";

  private final Database db;

  OutboxStore(Database db) {
    this.db = db;
  }

  Database database() {
    return db;
  }

  /** The columns a new row is made of; {@code payload} and {@code requestHash} are derived. */
  record NewMessage(
      String id,
      SendRequest request,
      String clientId,
      String idempotencyKey,
      String traceId,
      Instant now) {}

  /** An earlier message with the same idempotency key. */
  record Existing(String id, State status, String requestHash) {}

  void insert(Connection c, NewMessage m, String requestHash) throws SQLException {
    insertAll(c, List.of(m), List.of(requestHash));
  }

  /** Inserts the rows in one JDBC batch (PostgreSQL rewrites it into multi-row INSERTs). */
  void insertAll(Connection c, List<NewMessage> rows, List<String> requestHashes)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (int i = 0; i < rows.size(); i++) {
        NewMessage m = rows.get(i);
        SendRequest r = m.request();
        ps.setString(1, m.id());
        ps.setString(2, r.appId());
        ps.setString(3, r.type().name());
        ps.setString(4, r.toUser());
        ps.setString(5, r.templateId());
        ps.setString(6, payloadJson(r));
        setInstant(ps, 7, m.now());
        ps.setString(8, m.idempotencyKey());
        ps.setString(9, requestHashes.get(i));
        ps.setString(10, m.clientId());
        ps.setString(11, m.traceId());
        setInstant(ps, 12, m.now());
        setInstant(ps, 13, m.now());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  Optional<Existing> findByIdempotencyKey(Connection c, String clientId, String key)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, status, request_hash FROM outbox_message"
                + " WHERE client_id = ? AND idempotency_key = ?")) {
      ps.setString(1, clientId);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(
            new Existing(rs.getString(1), State.valueOf(rs.getString(2)), rs.getString(3)));
      }
    }
  }

  Optional<OutboundMessage> get(String id) {
    return db.withConnection("read message", c -> get(c, id));
  }

  Optional<OutboundMessage> get(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM outbox_message WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  List<Attempt> attempts(String id) {
    return db.withConnection(
        "read attempts",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT attempted_at, errcode, errmsg, latency_ms, counted FROM outbox_attempt"
                      + " WHERE message_id = ? ORDER BY id")) {
            ps.setString(1, id);
            List<Attempt> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Attempt(
                        instant(rs, 1),
                        rs.getInt(2),
                        rs.getString(3),
                        Duration.ofMillis(rs.getLong(4)),
                        rs.getBoolean(5)));
              }
            }
            return out;
          }
        });
  }

  MessagePage list(MessageQuery q) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM outbox_message WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.status() != null) {
      sql.append(" AND status = ?");
      args.add(q.status().name());
    }
    if (q.appId() != null) {
      sql.append(" AND app_id = ?");
      args.add(q.appId());
    }
    if (q.toUser() != null) {
      sql.append(" AND to_user = ?");
      args.add(q.toUser());
    }
    if (q.from() != null) {
      sql.append(" AND created_at >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      sql.append(" AND created_at < ?");
      args.add(q.to());
    }
    if (q.cursor() != null) {
      sql.append(" AND id < ?");
      args.add(q.cursor());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(q.limit() + 1);
    return db.withConnection(
        "list messages",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              Object a = args.get(i);
              if (a instanceof Instant t) setInstant(ps, i + 1, t);
              else ps.setObject(i + 1, a);
            }
            List<OutboundMessage> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) items.add(row(rs));
            }
            if (items.size() <= q.limit()) return new MessagePage(items, null);
            items = items.subList(0, q.limit());
            return new MessagePage(items, items.get(items.size() - 1).id());
          }
        });
  }

  /** Takes up to {@code limit} due messages (not of a paused AppID) into SENDING for owner. */
  List<OutboundMessage> claim(String owner, Instant now, Instant leaseUntil, int limit) {
    return db.inIndexOrder(
        "claim messages",
        c ->
            db.dialect() == Dialect.POSTGRESQL
                ? claimPostgresql(c, owner, now, leaseUntil, limit)
                : claimH2(c, owner, now, leaseUntil, limit));
  }

  private static List<OutboundMessage> claimPostgresql(
      Connection c, String owner, Instant now, Instant leaseUntil, int limit) throws SQLException {
    List<OutboundMessage> claimed = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CLAIM_POSTGRESQL)) {
      setInstant(ps, 1, now);
      setInstant(ps, 2, now);
      ps.setInt(3, limit);
      ps.setString(4, owner);
      setInstant(ps, 5, leaseUntil);
      setInstant(ps, 6, now);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) claimed.add(row(rs));
      }
    }
    return claimed;
  }

  private List<OutboundMessage> claimH2(
      Connection c, String owner, Instant now, Instant leaseUntil, int limit) throws SQLException {
    List<String> candidates = new ArrayList<>();
    List<String> states = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CLAIM_CANDIDATES_H2)) {
      for (int branch = 0; branch < 2; branch++) {
        setInstant(ps, 3 * branch + 1, now);
        setInstant(ps, 3 * branch + 2, now);
        ps.setInt(3 * branch + 3, limit);
      }
      ps.setInt(7, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          candidates.add(rs.getString(1));
          states.add(rs.getString(2));
        }
      }
    }
    if (candidates.isEmpty()) return List.of();
    List<String> ids = new ArrayList<>(candidates.size());
    try (PreparedStatement ps = c.prepareStatement(CLAIM_ONE_H2)) {
      for (int i = 0; i < candidates.size(); i++) {
        ps.setString(1, owner);
        setInstant(ps, 2, leaseUntil);
        setInstant(ps, 3, now);
        ps.setString(4, candidates.get(i));
        ps.setString(5, states.get(i));
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      // zero rows: another dispatcher took (or an operator cancelled) it since the SELECT
      for (int i = 0; i < counts.length; i++) if (counts[i] == 1) ids.add(candidates.get(i));
    }
    if (ids.isEmpty()) return List.of();
    List<OutboundMessage> claimed = new ArrayList<>(ids.size());
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM outbox_message WHERE lease_owner = ? AND status = 'SENDING' AND id IN ("
                + placeholders(ids.size())
                + ")")) {
      ps.setString(1, owner);
      for (int i = 0; i < ids.size(); i++) ps.setString(i + 2, ids.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) claimed.add(row(rs));
      }
    }
    return claimed;
  }

  /**
   * The outcome of one send as it is written: the new state and what goes with it; {@code attempt}
   * null records no attempt row.
   */
  record Finish(
      State status,
      boolean counted,
      Instant nextAttemptAt,
      Long wechatMsgId,
      String lastError,
      Attempt attempt) {}

  /** One outcome to record: message {@code id}, held by {@code owner}, moves as {@code finish}. */
  record Outcome(String id, String owner, Finish finish, Instant now) {}

  /**
   * Moves a message this owner holds out of SENDING and records the attempt, in one transaction.
   *
   * @throws LeaseLost when the owner no longer holds the message
   */
  void finish(String id, String owner, Finish f, Instant now) {
    if (!finishAll(List.of(new Outcome(id, owner, f, now)))[0]) throw new LeaseLost(id, owner);
  }

  /**
   * Records many outcomes in one transaction (one commit for all: the dispatcher's group commit).
   * Returns, per outcome, whether its owner still held the message; a message it no longer held is
   * left as it is and gets no attempt row.
   */
  boolean[] finishAll(List<Outcome> outcomes) {
    boolean[] held =
        db.inTransaction(
            "record send outcomes",
            c -> {
              boolean[] ok = new boolean[outcomes.size()];
              try (PreparedStatement ps = c.prepareStatement(FINISH)) {
                for (Outcome o : outcomes) {
                  Finish f = o.finish();
                  ps.setString(1, f.status().name());
                  ps.setInt(2, f.counted() ? 1 : 0);
                  setInstant(ps, 3, f.nextAttemptAt() == null ? o.now() : f.nextAttemptAt());
                  if (f.wechatMsgId() == null) ps.setNull(4, Types.BIGINT);
                  else ps.setLong(4, f.wechatMsgId());
                  ps.setString(5, truncate(f.lastError(), 1000));
                  setInstant(ps, 6, o.now());
                  ps.setString(7, o.id());
                  ps.setString(8, o.owner());
                  ps.addBatch();
                }
                // both drivers report each UPDATE's own row count in a batch
                int[] counts = ps.executeBatch();
                for (int i = 0; i < ok.length; i++) ok[i] = counts[i] == 1;
              }
              try (PreparedStatement ps = c.prepareStatement(INSERT_ATTEMPT)) {
                boolean any = false;
                for (int i = 0; i < ok.length; i++) {
                  Attempt a = outcomes.get(i).finish().attempt();
                  if (!ok[i] || a == null) continue;
                  bindAttempt(ps, outcomes.get(i).id(), a);
                  ps.addBatch();
                  any = true;
                }
                if (any) ps.executeBatch();
              }
              return ok;
            });
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < held.length; i++) {
      Finish f = outcomes.get(i).finish();
      if (held[i] && f.status() == State.SENT && f.wechatMsgId() != null) sent.add(f.wechatMsgId());
    }
    // only after SENT is committed: a receipt racing this send either sees SENT when it re-applies
    // itself, or saved itself early before this look, so none is stranded
    for (long msgId : earlyReceiptsAmong(sent)) {
      db.inTransaction(
          "apply early receipt",
          c -> {
            applyEarlyReceipt(c, msgId, outcomes.get(0).now());
            return null;
          });
    }
    return held;
  }

  /** Records an attempt that did not change the state (the first token error). */
  void recordAttempt(String id, Attempt a) {
    db.withConnection(
        "record attempt",
        c -> {
          insertAttempt(c, id, a);
          return null;
        });
  }

  private static void insertAttempt(Connection c, String id, Attempt a) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_ATTEMPT)) {
      bindAttempt(ps, id, a);
      ps.executeUpdate();
    }
  }

  private static void bindAttempt(PreparedStatement ps, String id, Attempt a) throws SQLException {
    ps.setString(1, id);
    setInstant(ps, 2, a.at());
    ps.setInt(3, a.errcode());
    ps.setString(4, truncate(a.errmsg(), 500));
    ps.setLong(5, a.latency().toMillis());
    ps.setBoolean(6, a.counted());
  }

  /**
   * Gives a held message back unsent (no attempt used), due at {@code dueAt}.
   *
   * @throws LeaseLost when the owner no longer holds the message
   */
  void release(String id, String owner, Instant dueAt, Instant now) {
    int changed =
        db.update(
            "release message",
            RELEASE,
            ps -> {
              setInstant(ps, 1, dueAt);
              setInstant(ps, 2, now);
              ps.setString(3, id);
              ps.setString(4, owner);
            });
    if (changed != 1) throw new LeaseLost(id, owner);
  }

  /** Gives back every message this owner still holds; returns how many. */
  int releaseAll(String owner, Instant now) {
    return db.update(
        "release leases",
        RELEASE_ALL,
        ps -> {
          setInstant(ps, 1, now);
          ps.setString(2, owner);
        });
  }

  /** Returns messages whose lease expired to the queue; returns how many. */
  int reapExpired(Instant now) {
    return db.inIndexOrder(
        "reap expired leases",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(REAP)) {
            setInstant(ps, 1, now);
            setInstant(ps, 2, now);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * An operator move (retry, cancel) from exactly {@code from}; returns false when the row had
   * already moved on. Retry starts afresh: attempts 0, due now, no msgid or receipt.
   */
  boolean operatorMove(String id, State from, State to, Instant now) {
    return db.withConnection(
        "operator action",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(OPERATOR_MOVE)) {
            boolean fresh = to == State.QUEUED;
            OutboundMessage current = get(c, id).orElseThrow(() -> new MessageNotFound(id));
            ps.setString(1, to.name());
            ps.setInt(2, fresh ? 0 : current.attempts());
            setInstant(ps, 3, fresh ? now : current.nextAttemptAt());
            if (fresh || current.wechatMsgId() == null) ps.setNull(4, Types.BIGINT);
            else ps.setLong(4, current.wechatMsgId());
            ps.setString(5, fresh ? null : current.receiptStatus());
            setInstant(ps, 6, fresh ? null : current.deliveredAt());
            setInstant(ps, 7, now);
            ps.setString(8, id);
            ps.setString(9, from.name());
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Applies a delivery receipt to the SENT message with this msgid; returns the rows changed.
   * {@code appId} may be null (then any AppID's message matches).
   */
  int applyReceipt(String appId, long msgId, State to, String raw, Instant now) {
    return db.update(
        "apply receipt",
        appId == null ? RECEIPT : RECEIPT + " AND app_id = ?",
        ps -> {
          ps.setString(1, to.name());
          ps.setString(2, truncate(raw, 100));
          setInstant(ps, 3, now);
          setInstant(ps, 4, now);
          ps.setLong(5, msgId);
          if (appId != null) ps.setString(6, appId);
        });
  }

  /** The message holding this msgid, if any. */
  Optional<OutboundMessage> findByMsgId(String appId, long msgId) {
    return db.withConnection(
        "find by msgid",
        c -> {
          String sql =
              "SELECT "
                  + COLUMNS
                  + " FROM outbox_message WHERE wechat_msgid = ?"
                  + (appId == null ? "" : " AND app_id = ?");
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, msgId);
            if (appId != null) ps.setString(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
          }
        });
  }

  /** Keeps a receipt whose message is not SENT yet; the send's own commit applies it. */
  void saveEarlyReceipt(String appId, long msgId, String raw, Instant now) {
    db.withConnection(
        "save early receipt",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO outbox_early_receipt (wechat_msgid, app_id, status, received_at)"
                      + " VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, msgId);
            ps.setString(2, appId);
            ps.setString(3, truncate(raw, 100));
            setInstant(ps, 4, now);
            ps.executeUpdate();
          } catch (SQLException e) {
            if (!Dialect.isUniqueViolation(e)) throw e;
            // the same receipt twice (WeChat retries callbacks): the first one is kept
          }
          return null;
        });
  }

  /** The msgids among {@code msgIds} that have an early receipt waiting (one query). */
  private List<Long> earlyReceiptsAmong(List<Long> msgIds) {
    if (msgIds.isEmpty()) return List.of();
    return db.withConnection(
        "look for early receipts",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT wechat_msgid FROM outbox_early_receipt WHERE wechat_msgid IN ("
                      + placeholders(msgIds.size())
                      + ")")) {
            for (int i = 0; i < msgIds.size(); i++) ps.setLong(i + 1, msgIds.get(i));
            List<Long> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) found.add(rs.getLong(1));
            }
            return found;
          }
        });
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  /** {@code a, b} as {@code t.a, t.b}. */
  private static String qualified(String table, String columns) {
    return java.util.Arrays.stream(columns.split(","))
        .map(col -> table + "." + col.strip())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private void applyEarlyReceipt(Connection c, long msgId, Instant now) throws SQLException {
    String raw;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT status FROM outbox_early_receipt WHERE wechat_msgid = ?")) {
      ps.setLong(1, msgId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return;
        raw = rs.getString(1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(RECEIPT)) {
      ps.setString(1, Receipts.stateOf(raw).name());
      ps.setString(2, raw);
      setInstant(ps, 3, now);
      setInstant(ps, 4, now);
      ps.setLong(5, msgId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM outbox_early_receipt WHERE wechat_msgid = ?")) {
      ps.setLong(1, msgId);
      ps.executeUpdate();
    }
  }

  void pauseApp(String appId, Instant until, String reason) {
    db.inTransaction(
        "pause app",
        c -> {
          try (PreparedStatement del =
                  c.prepareStatement("DELETE FROM outbox_app_pause WHERE app_id = ?");
              PreparedStatement ins =
                  c.prepareStatement(
                      "INSERT INTO outbox_app_pause (app_id, paused_until, reason)"
                          + " VALUES (?, ?, ?)")) {
            del.setString(1, appId);
            del.executeUpdate();
            ins.setString(1, appId);
            setInstant(ins, 2, until);
            ins.setString(3, truncate(reason, 500));
            ins.executeUpdate();
          }
          return null;
        });
  }

  boolean resumeApp(String appId) {
    return db.update(
            "resume app",
            "DELETE FROM outbox_app_pause WHERE app_id = ?",
            ps -> ps.setString(1, appId))
        > 0;
  }

  /** AppIDs paused at {@code now}, with the end of each pause. */
  Map<String, Instant> activePauses(Instant now) {
    return db.withConnection(
        "read pauses",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT app_id, paused_until FROM outbox_app_pause WHERE paused_until > ?")) {
            setInstant(ps, 1, now);
            Map<String, Instant> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) out.put(rs.getString(1), instant(rs, 2));
            }
            return out;
          }
        });
  }

  Map<State, Long> countByState() {
    return db.withConnection(
        "count by state",
        c -> {
          Map<State, Long> out = new EnumMap<>(State.class);
          for (State s : State.values()) out.put(s, 0L);
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT status, COUNT(*) FROM outbox_message GROUP BY status");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(State.valueOf(rs.getString(1)), rs.getLong(2));
          }
          return out;
        });
  }

  /** Creation time of the oldest message still waiting to be sent, if any. */
  Optional<Instant> oldestWaiting() {
    return db.withConnection(
        "oldest waiting",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT MIN(created_at) FROM outbox_message"
                          + " WHERE status IN ('QUEUED', 'RETRY_WAIT')");
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(instant(rs, 1)) : Optional.empty();
          }
        });
  }

  /**
   * Deletes up to {@code limit} finished messages (and their attempts) last updated before {@code
   * before}, and early receipts older than that; returns how many messages.
   */
  int purgeFinished(Instant before, int limit) {
    return db.inTransaction(
        "purge finished",
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM outbox_message WHERE updated_at < ? AND status IN"
                      + " ('SENT', 'DELIVERED', 'FAILED_USER_BLOCK', 'FAILED_SYSTEM', 'DEAD',"
                      + " 'CANCELLED') ORDER BY updated_at LIMIT ?")) {
            setInstant(ps, 1, before);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) ids.add(rs.getString(1));
            }
          }
          try (PreparedStatement attempts =
                  c.prepareStatement("DELETE FROM outbox_attempt WHERE message_id = ?");
              PreparedStatement messages =
                  c.prepareStatement(
                      "DELETE FROM outbox_message WHERE id = ? AND updated_at < ? AND status IN"
                          + " ('SENT', 'DELIVERED', 'FAILED_USER_BLOCK', 'FAILED_SYSTEM',"
                          + " 'DEAD', 'CANCELLED')")) {
            for (String id : ids) {
              attempts.setString(1, id);
              attempts.addBatch();
              messages.setString(1, id);
              setInstant(messages, 2, before);
              messages.addBatch();
            }
            if (!ids.isEmpty()) {
              attempts.executeBatch();
              messages.executeBatch();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM outbox_early_receipt WHERE received_at < ?")) {
            setInstant(ps, 1, before);
            ps.executeUpdate();
          }
          return ids.size();
        });
  }

  // --- rows and payloads ---

  private record Payload(
      String url, MiniProgram miniProgram, String page, Map<String, DataValue> data) {}

  static String payloadJson(SendRequest r) {
    try {
      return JSON.writeValueAsString(new Payload(r.url(), r.miniProgram(), r.page(), r.data()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise payload", e);
    }
  }

  /** SHA-256 over a canonical form of the request: the same body always hashes the same. */
  static String requestHash(SendRequest r) {
    try {
      byte[] canonical = CANONICAL.writeValueAsBytes(r);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash request", e);
    }
  }

  private static OutboundMessage row(ResultSet rs) throws SQLException {
    Payload p;
    try {
      p = JSON.readValue(rs.getString("payload"), Payload.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("corrupt payload of message " + rs.getString("id"), e);
    }
    SendRequest request =
        new SendRequest(
            rs.getString("app_id"),
            SendRequest.Type.valueOf(rs.getString("type")),
            rs.getString("to_user"),
            rs.getString("template_id"),
            p.url(),
            p.miniProgram(),
            p.page(),
            p.data());
    long msgId = rs.getLong("wechat_msgid");
    Long wechatMsgId = rs.wasNull() ? null : msgId;
    return new OutboundMessage(
        rs.getString("id"),
        request,
        State.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        wechatMsgId,
        rs.getString("client_id"),
        rs.getString("idempotency_key"),
        rs.getString("trace_id"),
        rs.getString("last_error"),
        rs.getString("receipt_status"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "delivered_at"));
  }
}
