package io.wxgate.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.wxgate.config.OutboxConfig;
import io.wxgate.store.Database;
import io.wxgate.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outbox's front door: accepts messages durably and answers questions about them. Thread-safe.
 * Every method that returns has committed its change; {@link #enqueue} returning means the message
 * will be sent (or end DEAD with a reason) even if this process dies right after.
 */
public final class Outbox {
  public static final int MAX_BATCH = 1000;
  private static final Set<State> RETRYABLE =
      EnumSet.of(State.DEAD, State.FAILED_USER_BLOCK, State.FAILED_SYSTEM);

  private final OutboxStore store;
  private final OutboxConfig config;
  private final Set<String> appIds;
  private final OutboxMetrics metrics;
  private final InstantSource clock;
  private final MessageIds ids;
  private volatile Runnable onAccepted = () -> {};

  /**
   * @param appIds the AppIDs this gateway sends for; a request for another is invalid. Empty: any.
   */
  public Outbox(
      Database db,
      OutboxConfig config,
      Set<String> appIds,
      MeterRegistry registry,
      InstantSource clock) {
    this.store = new OutboxStore(db);
    this.config = config;
    this.appIds = Set.copyOf(appIds);
    this.metrics = new OutboxMetrics(registry);
    this.clock = clock;
    this.ids = new MessageIds(clock);
  }

  /**
   * Validates and stores one message, QUEUED and due now.
   *
   * @throws InvalidMessage listing every bad field
   * @throws IdempotencyConflict when the key was used by this client for a different body
   */
  public Enqueued enqueue(Submission s) {
    List<FieldError> errors = check(s, "");
    if (!errors.isEmpty()) throw new InvalidMessage(errors);
    String hash = OutboxStore.requestHash(s.request());
    Enqueued result =
        retryOnKeyRace(
            () -> store.database().inTransaction("enqueue", c -> insertOrFind(c, s, hash)));
    if (result.created()) {
      metrics.enqueued(s.request().type(), 1);
      onAccepted.run();
    }
    return result;
  }

  /**
   * Up to {@link #MAX_BATCH} messages, all valid ones committed in one transaction. Each item is
   * validated on its own: invalid items and idempotency conflicts are reported per item and not
   * stored; the valid items are stored together (all or none of them if the database fails).
   *
   * @throws InvalidMessage when the batch is empty or too large (nothing is stored)
   */
  public List<BatchItem> enqueueBatch(List<Submission> batch) {
    return enqueueBatch(batch, Map.of());
  }

  /**
   * As {@link #enqueueBatch(List)}, with items the caller already found malformed (e.g. a JSON
   * field of the wrong type), by index: they are reported with those errors plus any rule errors
   * for other fields, and not stored.
   */
  public List<BatchItem> enqueueBatch(
      List<Submission> batch, Map<Integer, List<FieldError>> malformed) {
    if (batch.isEmpty() || batch.size() > MAX_BATCH) {
      throw new InvalidMessage(
          List.of(new FieldError("messages", "must hold 1 to " + MAX_BATCH + " messages")));
    }
    List<List<FieldError>> errors = new ArrayList<>(batch.size());
    List<String> hashes = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      List<FieldError> e = new ArrayList<>(malformed.getOrDefault(i, List.of()));
      Set<String> reported = new java.util.HashSet<>();
      e.forEach(x -> reported.add(x.field()));
      for (FieldError x : check(batch.get(i), "messages[" + i + "].")) {
        if (reported.add(x.field())) e.add(x);
      }
      errors.add(e);
      hashes.add(e.isEmpty() ? OutboxStore.requestHash(batch.get(i).request()) : null);
    }
    List<BatchItem> items =
        retryOnKeyRace(
            () ->
                store
                    .database()
                    .inTransaction(
                        "enqueue batch",
                        c -> {
                          List<BatchItem> out = new ArrayList<>(batch.size());
                          // rows without a key cannot collide: one JDBC batch for all of them
                          List<OutboxStore.NewMessage> plain = new ArrayList<>();
                          List<String> plainHashes = new ArrayList<>();
                          for (int i = 0; i < batch.size(); i++) {
                            if (!errors.get(i).isEmpty()) {
                              out.add(new BatchItem(i, null, null, false, errors.get(i)));
                              continue;
                            }
                            Submission s = batch.get(i);
                            if (s.idempotencyKey() == null) {
                              String id = ids.next();
                              plain.add(
                                  new OutboxStore.NewMessage(
                                      id,
                                      s.request(),
                                      s.clientId(),
                                      null,
                                      s.traceId(),
                                      clock.instant()));
                              plainHashes.add(hashes.get(i));
                              out.add(new BatchItem(i, id, State.QUEUED, true, List.of()));
                              continue;
                            }
                            try {
                              Enqueued e = insertOrFind(c, batch.get(i), hashes.get(i));
                              out.add(new BatchItem(i, e.id(), e.status(), e.created(), List.of()));
                            } catch (IdempotencyConflict conflict) {
                              out.add(
                                  new BatchItem(
                                      i,
                                      null,
                                      null,
                                      false,
                                      List.of(
                                          new FieldError(
                                              "messages[" + i + "].idempotencyKey",
                                              conflict.getMessage()))));
                            }
                          }
                          if (!plain.isEmpty()) store.insertAll(c, plain, plainHashes);
                          return out;
                        }));
    boolean any = false;
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).created()) {
        metrics.enqueued(batch.get(i).request().type(), 1);
        any = true;
      }
    }
    if (any) onAccepted.run();
    return items;
  }

  /**
   * Runs {@code listener} after each commit that accepted new messages (the local dispatcher claims
   * them at once instead of at its next poll). One listener; a later call replaces it.
   */
  public void onAccepted(Runnable listener) {
    this.onAccepted = listener;
  }

  private Enqueued insertOrFind(Connection c, Submission s, String hash) throws SQLException {
    String key = s.idempotencyKey();
    // a repeat of a key earlier in the same batch is found too: the transaction sees its own rows
    if (key != null) {
      Optional<OutboxStore.Existing> existing = store.findByIdempotencyKey(c, s.clientId(), key);
      if (existing.isPresent()) {
        OutboxStore.Existing e = existing.get();
        if (!e.requestHash().equals(hash)) throw new IdempotencyConflict(key, e.id());
        return new Enqueued(e.id(), e.status(), false);
      }
    }
    Instant now = clock.instant();
    String id = ids.next();
    store.insert(
        c, new OutboxStore.NewMessage(id, s.request(), s.clientId(), key, s.traceId(), now), hash);
    return new Enqueued(id, State.QUEUED, true);
  }

  /**
   * Two requests with the same new key can race past the lookup; the loser's insert breaks the
   * unique constraint and the whole transaction is run again, now finding the winner's row.
   */
  private static <T> T retryOnKeyRace(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (StoreException e) {
      if (!"23505".equals(e.sqlState())) throw e;
      return work.get();
    }
  }

  /** Every problem {@link #enqueue} would report for this request, without storing anything. */
  public List<FieldError> validate(SendRequest request) {
    return check(new Submission(request, null, null, null), "");
  }

  private List<FieldError> check(Submission s, String prefix) {
    List<FieldError> errors = new ArrayList<>();
    for (FieldError e : MessageRules.check(s.request())) {
      errors.add(new FieldError(prefix + e.field(), e.message()));
    }
    if (s.request() != null
        && s.request().appId() != null
        && !appIds.isEmpty()
        && !appIds.contains(s.request().appId())) {
      errors.add(new FieldError(prefix + "appId", "is not an account of this gateway"));
    }
    String key = s.idempotencyKey();
    if (key != null && (key.isBlank() || key.length() > Submission.MAX_KEY_LENGTH)) {
      errors.add(
          new FieldError(
              prefix + "idempotencyKey", "must be 1-" + Submission.MAX_KEY_LENGTH + " characters"));
    }
    if (errors.isEmpty()
        && OutboxStore.payloadJson(s.request()).length() > OutboxStore.MAX_PAYLOAD) {
      errors.add(new FieldError(prefix + "data", "the message is too large"));
    }
    return errors;
  }

  /**
   * @throws MessageNotFound when no message has this id
   */
  public OutboundMessage get(String id) {
    return store.get(id).orElseThrow(() -> new MessageNotFound(id));
  }

  /** Every attempt for a message, oldest first (empty for an unknown id). */
  public List<Attempt> attempts(String id) {
    return store.attempts(id);
  }

  public MessagePage list(MessageQuery query) {
    return store.list(query);
  }

  /**
   * Queues a DEAD or FAILED_* message again, with a fresh attempt budget. Note: WeChat drops a
   * repeat of the same {@code client_msg_id} to the same user within 10 minutes.
   *
   * @throws MessageNotFound when no message has this id
   * @throws IllegalTransition from any other state
   */
  public OutboundMessage retry(String id) {
    return operatorMove(id, State.QUEUED);
  }

  /**
   * Cancels a message that has not been sent yet (QUEUED or RETRY_WAIT).
   *
   * @throws MessageNotFound when no message has this id
   * @throws IllegalTransition from any other state (SENDING included: it may already be at WeChat)
   */
  public OutboundMessage cancel(String id) {
    return operatorMove(id, State.CANCELLED);
  }

  private OutboundMessage operatorMove(String id, State to) {
    OutboundMessage m = get(id);
    boolean allowed =
        to == State.QUEUED ? RETRYABLE.contains(m.status()) : m.status().canMoveTo(to);
    if (!allowed) throw new IllegalTransition(id, m.status(), to);
    if (!store.operatorMove(id, m.status(), to, clock.instant())) {
      throw new IllegalTransition(id, get(id).status(), to);
    }
    return get(id);
  }

  /** As {@link #markDelivered(String, long, String)} for a receipt whose AppID is not known. */
  public ReceiptOutcome markDelivered(long msgId, String status) {
    return markDelivered(null, msgId, status);
  }

  /**
   * Applies a TEMPLATESENDJOBFINISH receipt: {@code success} → DELIVERED, {@code failed:user block}
   * → FAILED_USER_BLOCK, any other → FAILED_SYSTEM; the raw status is kept.
   *
   * @param appId the account the receipt came to, or null
   */
  public ReceiptOutcome markDelivered(String appId, long msgId, String status) {
    State to = Receipts.stateOf(status);
    Instant now = clock.instant();
    ReceiptOutcome outcome;
    if (store.applyReceipt(appId, msgId, to, status, now) > 0) {
      outcome = ReceiptOutcome.APPLIED;
    } else if (store.findByMsgId(appId, msgId).isPresent()) {
      // the send may have committed SENT between the update above and the lookup: try once more
      outcome =
          store.applyReceipt(appId, msgId, to, status, now) > 0
              ? ReceiptOutcome.APPLIED
              : ReceiptOutcome.DUPLICATE;
    } else {
      store.saveEarlyReceipt(appId, msgId, status, now);
      // the send may have been recorded between the update above and the save
      outcome =
          store.applyReceipt(appId, msgId, to, status, now) > 0
              ? ReceiptOutcome.APPLIED
              : ReceiptOutcome.EARLY;
    }
    metrics.receipt(outcome);
    return outcome;
  }

  /** AppIDs paused after 45009, with the instant each pause ends. */
  public Map<String, Instant> pausedApps() {
    return store.activePauses(clock.instant());
  }

  /** Ends a 45009 pause early (after an operator reset the quota); false when none was active. */
  public boolean resumeApp(String appId) {
    return store.resumeApp(appId);
  }

  /** Refreshes the depth gauges from the database. */
  public void sampleDepth() {
    metrics.depth(store.countByState(), store.oldestWaiting().orElse(null), clock.instant());
  }

  OutboxStore store() {
    return store;
  }

  OutboxConfig config() {
    return config;
  }

  OutboxMetrics metrics() {
    return metrics;
  }

  InstantSource clock() {
    return clock;
  }
}
