package io.wxgate.outbox;

import static io.wxgate.outbox.FakeSender.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.config.Account;
import io.wxgate.config.AlertConfig;
import io.wxgate.config.OutboxConfig;
import io.wxgate.config.SandboxConfig;
import io.wxgate.config.StoreConfig;
import io.wxgate.sandbox.Sandbox;
import io.wxgate.store.Database;
import io.wxgate.token.AccessTokens;
import io.wxgate.tracing.Tracing;
import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.TokenResult;
import io.wxgate.wechat.api.WechatApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox against a real database. Run by {@link OutboxH2Test} and {@link OutboxPostgresqlTest}:
 * the same tests on both.
 */
abstract class OutboxContract {
  static final String APP = "wx00000000000000a1";
  static final String APP2 = "wx00000000000000a2";
  // 2026-03-01 18:00 in Shanghai: WeChat's quotas reset 6 hours later
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  final SettableClock clock = new SettableClock(T0);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final FakeSender sender = new FakeSender();
  final FakeTokens tokens = new FakeTokens();
  final OutboxConfig config =
      new OutboxConfig(
          10,
          4,
          Duration.ofSeconds(60),
          Duration.ofMillis(50),
          4,
          Duration.ofSeconds(2),
          Duration.ofSeconds(60),
          0,
          null,
          null,
          30,
          Duration.ofSeconds(30),
          Duration.ofHours(6));
  AlertReceiver receiver;
  Alerts alerts;
  StoreConfig storeConfig;
  Database db;
  Outbox outbox;
  final List<Dispatcher> dispatchers = new ArrayList<>();

  /** A store configuration pointing at an empty database of this dialect. */
  abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    receiver = new AlertReceiver();
    alerts =
        new Alerts(
            AlertConfig.of(
                List.of(
                    new AlertConfig.Webhook(
                        receiver.url("/hook"), AlertConfig.Format.GENERIC, null))),
            registry,
            clock);
    storeConfig = freshStore();
    db = Database.open(storeConfig);
    outbox = new Outbox(db, config, Set.of(), registry, clock);
  }

  @AfterEach
  void closeAll() {
    dispatchers.forEach(Dispatcher::close);
    db.close();
    receiver.close();
  }

  Dispatcher dispatcher(String owner) {
    return dispatcher(owner, outbox, sender);
  }

  Dispatcher dispatcher(String owner, Outbox on, Sender with) {
    Dispatcher d =
        new Dispatcher(
            config,
            on,
            with,
            tokens,
            SendThrottle.NONE,
            alerts,
            Tracing.NOOP,
            owner,
            new SplittableRandom(7));
    dispatchers.add(d);
    return d;
  }

  static String user(int n) {
    return String.format("oUser%023d", n);
  }

  static SendRequest template(String appId, String toUser) {
    Map<String, DataValue> data = new LinkedHashMap<>();
    data.put("thing1", new DataValue("巧克力", null));
    data.put("amount2", new DataValue("39.8元", "#173177"));
    return new SendRequest(
        appId,
        SendRequest.Type.TEMPLATE,
        toUser,
        "TPL_order_1",
        "https://example.com/o/1",
        null,
        null,
        data);
  }

  String enqueue(String appId, String toUser) {
    return outbox.enqueue(new Submission(template(appId, toUser), "client-a", null, null)).id();
  }

  State state(String id) {
    return outbox.get(id).status();
  }

  // --- accepting ---

  @Test
  void an_enqueued_message_is_queued_and_due_now() {
    Enqueued e =
        outbox.enqueue(new Submission(template(APP, user(1)), "client-a", null, "trace-1"));

    OutboundMessage m = outbox.get(e.id());
    assertThat(e.created()).isTrue();
    assertThat(m.status()).isEqualTo(State.QUEUED);
    assertThat(m.nextAttemptAt()).isEqualTo(T0);
    assertThat(m.request()).isEqualTo(template(APP, user(1)));
    assertThat(m.traceId()).isEqualTo("trace-1");
    assertThat(m.attempts()).isZero();
  }

  @Test
  void the_same_idempotency_key_and_body_return_the_same_message() {
    Enqueued first =
        outbox.enqueue(new Submission(template(APP, user(1)), "client-a", "k-1", null));
    Enqueued again =
        outbox.enqueue(new Submission(template(APP, user(1)), "client-a", "k-1", null));
    Enqueued otherClient =
        outbox.enqueue(new Submission(template(APP, user(1)), "client-b", "k-1", null));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.created()).isFalse();
    assertThat(otherClient.id()).isNotEqualTo(first.id());
  }

  @Test
  void the_same_idempotency_key_with_a_different_body_is_a_conflict() {
    Enqueued first =
        outbox.enqueue(new Submission(template(APP, user(1)), "client-a", "k-1", null));

    assertThatThrownBy(
            () -> outbox.enqueue(new Submission(template(APP, user(2)), "client-a", "k-1", null)))
        .isInstanceOfSatisfying(
            IdempotencyConflict.class, e -> assertThat(e.existingId()).isEqualTo(first.id()));
  }

  @Test
  void an_invalid_message_is_refused_with_every_bad_field_and_not_stored() {
    SendRequest bad =
        new SendRequest(
            APP,
            SendRequest.Type.TEMPLATE,
            "x",
            null,
            "ftp://no",
            null,
            null,
            Map.of("thing1", new DataValue("this thing value is far longer than twenty", null)));

    assertThatThrownBy(() -> outbox.enqueue(new Submission(bad, "client-a", null, null)))
        .isInstanceOfSatisfying(
            InvalidMessage.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder("toUser", "templateId", "url", "data.thing1.value"));
    assertThat(outbox.list(MessageQuery.all()).items()).isEmpty();
  }

  @Test
  void a_batch_of_1000_is_stored_in_one_transaction_with_a_result_per_item() {
    List<Submission> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      SendRequest r = template(APP, i == 500 ? "bad" : user(i));
      batch.add(new Submission(r, "client-a", i == 7 ? "same-key" : null, null));
    }
    outbox.enqueue(new Submission(template(APP2, user(1)), "client-a", "same-key", null));

    List<BatchItem> items = outbox.enqueueBatch(batch);

    assertThat(items).hasSize(1000);
    assertThat(items.get(500).accepted()).isFalse();
    assertThat(items.get(500).errors())
        .extracting(FieldError::field)
        .containsExactly("messages[500].toUser");
    assertThat(items.get(7).accepted()).isFalse();
    assertThat(items.get(7).errors())
        .extracting(FieldError::field)
        .containsExactly("messages[7].idempotencyKey");
    assertThat(items.stream().filter(BatchItem::accepted)).hasSize(998);
    assertThat(
            outbox.list(new MessageQuery(State.QUEUED, APP, null, null, null, null, 500)).items())
        .hasSize(500);
    assertThat(outbox.store().countByState().get(State.QUEUED)).isEqualTo(999);
  }

  @Test
  void a_batch_larger_than_1000_is_refused_whole() {
    List<Submission> batch =
        IntStream.range(0, 1001)
            .mapToObj(i -> new Submission(template(APP, user(i)), "c", null, null))
            .toList();

    assertThatThrownBy(() -> outbox.enqueueBatch(batch)).isInstanceOf(InvalidMessage.class);
    assertThat(outbox.store().countByState().get(State.QUEUED)).isZero();
  }

  // --- sending and classification ---

  @Test
  void a_queued_message_is_sent_with_its_id_as_client_msg_id_and_wechat_msgid_kept() {
    String id = enqueue(APP, user(1));

    assertThat(dispatcher("a").runOnce()).isEqualTo(1);

    OutboundMessage m = outbox.get(id);
    assertThat(m.status()).isEqualTo(State.SENT);
    assertThat(m.wechatMsgId()).isNotNull();
    assertThat(m.attempts()).isEqualTo(1);
    assertThat(sender.calls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.clientMsgId()).isEqualTo(id);
              assertThat(c.token()).isEqualTo(APP + "-t1");
            });
    assertThat(outbox.attempts(id))
        .singleElement()
        .satisfies(a -> assertThat(a.errcode()).isZero());
    assertThat(
            registry
                .counter(OutboxMetrics.SENDS, "appId", APP, "result", "sent", "errcode_kind", "ok")
                .count())
        .isEqualTo(1);
  }

  @Test
  void a_transient_failure_waits_with_backoff_and_is_then_sent() {
    String id = enqueue(APP, user(1));
    sender.script(user(1), failed(-1, ErrorKind.TRANSIENT));
    Dispatcher d = dispatcher("a");

    d.runOnce();

    OutboundMessage waiting = outbox.get(id);
    assertThat(waiting.status()).isEqualTo(State.RETRY_WAIT);
    assertThat(waiting.attempts()).isEqualTo(1);
    assertThat(waiting.nextAttemptAt()).isBetween(T0, T0.plus(config.retryBase()));
    assertThat(waiting.lastError()).contains("-1");

    clock.set(waiting.nextAttemptAt());
    d.runOnce();

    assertThat(state(id)).isEqualTo(State.SENT);
    assertThat(outbox.attempts(id)).extracting(Attempt::errcode).containsExactly(-1, 0);
  }

  @Test
  void retries_respect_the_backoff_and_give_up_after_max_attempts() {
    String id = enqueue(APP, user(1));
    for (int i = 0; i < 10; i++) sender.script(user(1), failed(-1, ErrorKind.TRANSIENT));
    RetryPolicy policy =
        new RetryPolicy(config.maxAttempts(), config.retryBase(), config.retryCap());
    Dispatcher d = dispatcher("a");

    for (int attempt = 1; attempt < config.maxAttempts(); attempt++) {
      Instant before = clock.instant();
      assertThat(d.runOnce()).isEqualTo(1);
      OutboundMessage m = outbox.get(id);
      assertThat(m.status()).isEqualTo(State.RETRY_WAIT);
      assertThat(m.nextAttemptAt()).isBefore(before.plus(policy.ceiling(attempt)).plusMillis(1));
      if (m.nextAttemptAt().isAfter(before)) {
        assertThat(d.runOnce()).as("not due before its backoff").isZero();
      }
      clock.set(m.nextAttemptAt());
    }
    d.runOnce();

    OutboundMessage dead = outbox.get(id);
    assertThat(dead.status()).isEqualTo(State.DEAD);
    assertThat(dead.attempts()).isEqualTo(config.maxAttempts());
    assertThat(dead.lastError()).startsWith("gave up after 4 attempts");
    assertThat(sender.sendsOf(id)).isEqualTo(config.maxAttempts());
  }

  @Test
  void an_invalid_token_is_invalidated_exactly_and_the_send_retried_at_once() {
    String id = enqueue(APP, user(1));
    sender.script(user(1), failed(40001, ErrorKind.TOKEN_INVALID));

    dispatcher("a").runOnce();

    OutboundMessage m = outbox.get(id);
    assertThat(m.status()).isEqualTo(State.SENT);
    assertThat(m.attempts()).isEqualTo(1);
    assertThat(tokens.invalidated()).containsExactly(APP + "-t1");
    assertThat(sender.calls())
        .extracting(FakeSender.Call::token)
        .containsExactly(APP + "-t1", APP + "-t2");
    assertThat(outbox.attempts(id))
        .extracting(Attempt::errcode, Attempt::counted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(40001, false),
            org.assertj.core.groups.Tuple.tuple(0, true));
  }

  @Test
  void a_second_token_error_in_a_row_waits_for_a_retry_instead_of_looping() {
    String id = enqueue(APP, user(1));
    sender.script(
        user(1), failed(40001, ErrorKind.TOKEN_INVALID), failed(42001, ErrorKind.TOKEN_INVALID));

    dispatcher("a").runOnce();

    assertThat(state(id)).isEqualTo(State.RETRY_WAIT);
    assertThat(outbox.get(id).attempts()).isEqualTo(1);
    assertThat(sender.sendsOf(id)).isEqualTo(2);
  }

  @Test
  void a_token_outage_longer_than_max_attempts_uses_no_attempt_and_the_message_goes_out_after() {
    String id = enqueue(APP, user(1));
    tokens.unavailable = true;
    Dispatcher d = dispatcher("a");
    Duration lastWait = Duration.ZERO;

    for (int round = 1; round <= config.maxAttempts() * 3; round++) {
      Instant before = clock.instant();
      assertThat(d.runOnce()).isEqualTo(1);
      OutboundMessage m = outbox.get(id);
      assertThat(m.status()).isEqualTo(State.RETRY_WAIT);
      assertThat(m.attempts()).as("round %d uses no attempt", round).isZero();
      assertThat(m.lastError()).contains("40164", "access token unavailable");
      lastWait = Duration.between(before, m.nextAttemptAt());
      assertThat(lastWait).isGreaterThanOrEqualTo(config.retryBase().dividedBy(2));
      assertThat(d.runOnce()).as("not due before its wait").isZero();
      clock.set(m.nextAttemptAt());
    }
    assertThat(lastWait)
        .as("waits back off")
        .isGreaterThanOrEqualTo(config.retryCap().dividedBy(2));
    assertThat(sender.calls()).isEmpty();
    assertThat(outbox.attempts(id))
        .as("one row marks the start of the outage")
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.errcode()).isEqualTo(40164);
              assertThat(a.counted()).isFalse();
              assertThat(a.errmsg()).contains("access token unavailable");
            });

    tokens.unavailable = false;
    d.runOnce();

    OutboundMessage sent = outbox.get(id);
    assertThat(sent.status()).isEqualTo(State.SENT);
    assertThat(sent.attempts()).isEqualTo(1);
    assertThat(sender.sendsOf(id)).isEqualTo(1);
    alerts.runOnce();
    assertThat(receiver.received())
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("\"kind\":\"token_unavailable\"", APP));
  }

  @Test
  void a_message_without_a_token_goes_dead_once_older_than_max_wait_for_token() {
    String id = enqueue(APP, user(1));
    tokens.unavailable = true;
    Dispatcher d = dispatcher("a");
    d.runOnce();
    clock.advance(config.maxWaitForToken());

    d.runOnce();

    OutboundMessage dead = outbox.get(id);
    assertThat(dead.status()).isEqualTo(State.DEAD);
    assertThat(dead.attempts()).isZero();
    assertThat(dead.lastError())
        .startsWith("no access token for longer than PT6H")
        .contains("40164");
    assertThat(sender.calls()).isEmpty();
    alerts.runOnce();
    assertThat(receiver.received())
        .anySatisfy(r -> assertThat(r.body()).contains("\"kind\":\"dead\"", id));
  }

  @Test
  void a_token_lost_after_an_invalid_one_waits_without_using_an_attempt() {
    String id = enqueue(APP, user(1));
    sender.script(user(1), failed(40001, ErrorKind.TOKEN_INVALID));
    tokens.unavailableAfterInvalidation = true;

    dispatcher("a").runOnce();

    OutboundMessage m = outbox.get(id);
    assertThat(m.status()).isEqualTo(State.RETRY_WAIT);
    assertThat(m.attempts()).isZero();
    assertThat(m.lastError()).contains("access token unavailable");
    assertThat(outbox.attempts(id)).extracting(Attempt::counted).containsExactly(false, false);
  }

  @Test
  void http_5xx_from_wechat_is_retried_as_transient_and_the_message_goes_out_after() {
    Account account =
        new Account(APP, Secret.of("sandbox-secret"), Secret.of("tok"), null, null, null);
    try (Sandbox sandbox = new Sandbox(SandboxConfig.of(account)).start();
        WechatApi api =
            new WechatApi(sandbox.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(5))) {
      AccessTokens sandboxTokens =
          new AccessTokens() {
            @Override
            public String get(String appId) {
              var issued = (TokenResult.Issued) api.stableToken(appId, account.secret(), false);
              return issued.token().value().reveal();
            }

            @Override
            public void invalidate(String appId, String badToken) {}
          };
      Dispatcher d =
          new Dispatcher(
              config,
              outbox,
              Sender.wechat(api),
              sandboxTokens,
              SendThrottle.NONE,
              alerts,
              Tracing.NOOP,
              "sandboxed",
              new SplittableRandom(7));
      dispatchers.add(d);
      String id = enqueue(APP, user(1));
      sandbox.setFaults(
          new SandboxConfig.Faults(null, 0, 0, 0, null, null, null, 1L, Map.of(502, 1.0)));

      for (int attempt = 1; attempt < config.maxAttempts(); attempt++) {
        d.runOnce();
        OutboundMessage m = outbox.get(id);
        assertThat(m.status()).isEqualTo(State.RETRY_WAIT);
        assertThat(m.attempts()).isEqualTo(attempt);
        assertThat(m.lastError()).contains("HTTP 502");
        clock.set(m.nextAttemptAt());
      }
      sandbox.setFaults(SandboxConfig.Faults.NONE);
      d.runOnce();

      OutboundMessage sent = outbox.get(id);
      assertThat(sent.status()).isEqualTo(State.SENT);
      assertThat(sent.wechatMsgId()).isPositive();
      assertThat(sandbox.requests("template", null))
          .extracting(r -> r.errmsg())
          .containsExactly(
              "HTTP 502 (injected)", "HTTP 502 (injected)", "HTTP 502 (injected)", "ok");
    }
  }

  @Test
  void a_permanent_error_kills_the_message_with_its_reason_and_alerts() {
    String id = enqueue(APP, user(1));
    sender.script(user(1), failed(43004, ErrorKind.PERMANENT));

    dispatcher("a").runOnce();
    alerts.runOnce();

    OutboundMessage m = outbox.get(id);
    assertThat(m.status()).isEqualTo(State.DEAD);
    assertThat(m.lastError()).isEqualTo("errcode 43004: errmsg for 43004");
    assertThat(sender.sendsOf(id)).isEqualTo(1);
    assertThat(receiver.received())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.body()).contains("\"kind\":\"dead\"", id, "43004");
            });
  }

  @Test
  void quota_exhausted_pauses_the_app_until_the_quota_resets_without_burning_attempts() {
    String first = enqueue(APP, user(1));
    sender.script(user(1), failed(45009, ErrorKind.QUOTA_EXHAUSTED));
    Dispatcher d = dispatcher("a");
    Instant reset = Instant.parse("2026-03-01T16:00:00Z");

    d.runOnce();

    OutboundMessage paused = outbox.get(first);
    assertThat(paused.status()).isEqualTo(State.RETRY_WAIT);
    assertThat(paused.attempts()).isZero();
    assertThat(paused.nextAttemptAt()).isEqualTo(reset);
    assertThat(outbox.pausedApps()).containsEntry(APP, reset);

    String sameApp = enqueue(APP, user(2));
    String otherApp = enqueue(APP2, user(3));
    clock.advance(Duration.ofHours(1));
    d.runOnce();
    assertThat(state(sameApp)).isEqualTo(State.QUEUED);
    assertThat(state(otherApp)).isEqualTo(State.SENT);

    clock.set(reset);
    d.runOnce();
    assertThat(state(first)).isEqualTo(State.SENT);
    assertThat(state(sameApp)).isEqualTo(State.SENT);
    assertThat(outbox.get(first).attempts()).isEqualTo(1);

    alerts.runOnce();
    assertThat(receiver.received())
        .anySatisfy(r -> assertThat(r.body()).contains("quota_exhausted", APP));
  }

  @Test
  void an_operator_can_resume_a_paused_app_early() {
    enqueue(APP, user(1));
    sender.script(user(1), failed(45009, ErrorKind.QUOTA_EXHAUSTED));
    Dispatcher d = dispatcher("a");
    d.runOnce();
    String next = enqueue(APP, user(2));

    assertThat(outbox.resumeApp(APP)).isTrue();
    d.runOnce();

    assertThat(state(next)).isEqualTo(State.SENT);
  }

  // --- receipts ---

  @Test
  void receipts_move_sent_messages_to_their_final_state_and_keep_the_raw_status() {
    List<String> ids = IntStream.range(0, 4).mapToObj(i -> enqueue(APP, user(i))).toList();
    dispatcher("a").runOnce();
    List<Long> msgIds = ids.stream().map(id -> outbox.get(id).wechatMsgId()).toList();

    assertThat(outbox.markDelivered(APP, msgIds.get(0), "success"))
        .isEqualTo(ReceiptOutcome.APPLIED);
    outbox.markDelivered(APP, msgIds.get(1), "failed:user block");
    outbox.markDelivered(APP, msgIds.get(2), "failed: system failed");
    outbox.markDelivered(msgIds.get(3), "failed:freq limit");

    assertThat(ids)
        .extracting(this::state)
        .containsExactly(
            State.DELIVERED, State.FAILED_USER_BLOCK, State.FAILED_SYSTEM, State.FAILED_SYSTEM);
    assertThat(outbox.get(ids.get(3)).receiptStatus()).isEqualTo("failed:freq limit");
    assertThat(outbox.get(ids.get(0)).deliveredAt()).isEqualTo(T0);
    assertThat(outbox.markDelivered(APP, msgIds.get(0), "success"))
        .isEqualTo(ReceiptOutcome.DUPLICATE);
  }

  @Test
  void subscription_results_move_notices_sent_with_a_msgid_to_their_final_state() {
    List<String> ids =
        IntStream.range(0, 2)
            .mapToObj(
                i ->
                    outbox
                        .enqueue(
                            new Submission(
                                new SendRequest(
                                    APP,
                                    SendRequest.Type.SUBSCRIBE,
                                    user(i),
                                    "TPL_notice",
                                    null,
                                    null,
                                    "https://example.com/p",
                                    Map.of("thing1", new DataValue("到货", null))),
                                "client-a",
                                null,
                                null))
                        .id())
            .toList();
    dispatcher("a").runOnce();
    List<Long> msgIds = ids.stream().map(id -> outbox.get(id).wechatMsgId()).toList();

    // as the callback pipeline hands on subscribe_msg_sent_event items
    assertThat(outbox.markDelivered(APP, msgIds.get(0), "success"))
        .isEqualTo(ReceiptOutcome.APPLIED);
    assertThat(outbox.markDelivered(APP, msgIds.get(1), "failed:20001 system failed"))
        .isEqualTo(ReceiptOutcome.APPLIED);

    assertThat(ids).extracting(this::state).containsExactly(State.DELIVERED, State.FAILED_SYSTEM);
    assertThat(outbox.get(ids.get(1)).receiptStatus()).isEqualTo("failed:20001 system failed");
  }

  @Test
  void a_receipt_that_overtakes_the_send_record_is_applied_when_the_send_is_recorded() {
    String id = enqueue(APP, user(1));
    long nextMsgId = 1001; // FakeSender's first msgid

    assertThat(outbox.markDelivered(APP, nextMsgId, "success")).isEqualTo(ReceiptOutcome.EARLY);
    dispatcher("a").runOnce();

    assertThat(outbox.get(id).wechatMsgId()).isEqualTo(nextMsgId);
    assertThat(state(id)).isEqualTo(State.DELIVERED);
  }

  // --- operator actions and queries ---

  @Test
  void cancel_and_retry_follow_the_state_machine() {
    String queued = enqueue(APP, user(1));
    assertThat(outbox.cancel(queued).status()).isEqualTo(State.CANCELLED);
    assertThatThrownBy(() -> outbox.cancel(queued)).isInstanceOf(IllegalTransition.class);
    assertThatThrownBy(() -> outbox.retry(queued)).isInstanceOf(IllegalTransition.class);
    assertThatThrownBy(() -> outbox.retry("01ARZ3NDEKTSV4RRFFQ69G5FAV"))
        .isInstanceOf(MessageNotFound.class);

    String dead = enqueue(APP, user(2));
    sender.script(user(2), failed(47003, ErrorKind.PERMANENT));
    Dispatcher d = dispatcher("a");
    d.runOnce();
    assertThat(state(dead)).isEqualTo(State.DEAD);
    assertThatThrownBy(() -> outbox.cancel(dead)).isInstanceOf(IllegalTransition.class);

    OutboundMessage again = outbox.retry(dead);
    assertThat(again.status()).isEqualTo(State.QUEUED);
    assertThat(again.attempts()).isZero();
    d.runOnce();
    assertThat(state(dead)).isEqualTo(State.SENT);
    assertThat(state(queued)).isEqualTo(State.CANCELLED);
    assertThatThrownBy(() -> outbox.retry(dead)).isInstanceOf(IllegalTransition.class);
  }

  @Test
  void list_filters_and_pages_newest_first_with_a_cursor() {
    List<String> app1 = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      app1.add(enqueue(APP, user(i)));
      clock.advance(Duration.ofSeconds(1));
    }
    enqueue(APP2, user(9));

    MessagePage p1 = outbox.list(new MessageQuery(null, APP, null, null, null, null, 2));
    MessagePage p2 = outbox.list(new MessageQuery(null, APP, null, null, null, p1.nextCursor(), 2));
    MessagePage p3 = outbox.list(new MessageQuery(null, APP, null, null, null, p2.nextCursor(), 2));

    assertThat(p1.items())
        .extracting(OutboundMessage::id)
        .containsExactly(app1.get(4), app1.get(3));
    assertThat(p2.items())
        .extracting(OutboundMessage::id)
        .containsExactly(app1.get(2), app1.get(1));
    assertThat(p3.items()).extracting(OutboundMessage::id).containsExactly(app1.get(0));
    assertThat(p3.nextCursor()).isNull();
    assertThat(outbox.list(new MessageQuery(null, null, user(9), null, null, null, 10)).items())
        .hasSize(1);
    assertThat(
            outbox
                .list(
                    new MessageQuery(
                        null, null, null, T0.plusSeconds(1), T0.plusSeconds(3), null, 10))
                .items())
        .extracting(OutboundMessage::id)
        .containsExactly(app1.get(2), app1.get(1));
    outbox.cancel(app1.get(0));
    assertThat(
            outbox
                .list(new MessageQuery(State.CANCELLED, null, null, null, null, null, 10))
                .items())
        .extracting(OutboundMessage::id)
        .containsExactly(app1.get(0));
  }

  @Test
  void retention_purges_only_finished_messages_older_than_the_window() {
    String sent = enqueue(APP, user(1));
    String dead = enqueue(APP, user(2));
    sender.script(user(2), failed(40003, ErrorKind.PERMANENT));
    dispatcher("a").runOnce();
    String oldCancelled = enqueue(APP, user(3));
    outbox.cancel(oldCancelled);
    String oldQueued = enqueue(APP, user(4));
    clock.advance(Duration.ofDays(31));
    String recentCancelled = enqueue(APP2, user(5));
    outbox.cancel(recentCancelled);

    int purged = new Retention(outbox, config).runOnce();

    assertThat(purged).isEqualTo(3);
    for (String gone : List.of(sent, dead, oldCancelled)) {
      assertThatThrownBy(() -> outbox.get(gone)).isInstanceOf(MessageNotFound.class);
      assertThat(outbox.attempts(gone)).isEmpty();
    }
    assertThat(state(oldQueued)).isEqualTo(State.QUEUED);
    assertThat(state(recentCancelled)).isEqualTo(State.CANCELLED);
  }

  // --- leases, concurrency, crashes, shutdown ---

  @Test
  void a_claim_takes_the_earliest_due_of_queued_and_waiting_messages_and_nothing_not_yet_due() {
    OutboxStore store = outbox.store();
    Instant t0 = clock.instant();
    List<String> retries = IntStream.range(0, 3).mapToObj(i -> enqueue(APP, user(i))).toList();
    assertThat(store.claim("a", t0, t0.plus(Duration.ofMinutes(1)), 10)).hasSize(3);
    for (int i = 0; i < 3; i++) { // back in 10, 30 and 50 s
      Instant due = t0.plusSeconds(10 + 20L * i);
      store.finish(
          retries.get(i),
          "a",
          new OutboxStore.Finish(State.RETRY_WAIT, true, due, null, "x", null),
          t0);
    }
    clock.advance(Duration.ofSeconds(20));
    String queued20a = enqueue(APP, user(10));
    String queued20b = enqueue(APP, user(11));
    clock.advance(Duration.ofSeconds(20));
    String queued40 = enqueue(APP, user(12));
    Instant now = clock.instant();

    List<String> first =
        store.claim("b", now, now.plus(Duration.ofMinutes(1)), 3).stream()
            .map(OutboundMessage::id)
            .toList();
    assertThat(first).containsExactlyInAnyOrder(retries.get(0), queued20a, queued20b);
    List<String> rest =
        store.claim("b", now, now.plus(Duration.ofMinutes(1)), 10).stream()
            .map(OutboundMessage::id)
            .toList();
    assertThat(rest).containsExactlyInAnyOrder(retries.get(1), queued40);
    assertThat(state(retries.get(2))).isEqualTo(State.RETRY_WAIT);
  }

  @Test
  void outcomes_committed_together_each_land_and_a_lost_lease_fails_only_its_own()
      throws Exception {
    List<String> ids = IntStream.range(0, 40).mapToObj(i -> enqueue(APP, user(i))).toList();
    OutboxStore store = outbox.store();
    Instant now = clock.instant();
    assertThat(store.claim("a", now, now.plus(Duration.ofMinutes(1)), 100)).hasSize(40);
    String lost = ids.get(7);
    store.release(lost, "a", now, now); // another party took it back: "a" no longer holds it
    List<String> leaseLost = java.util.Collections.synchronizedList(new ArrayList<>());
    try (OutcomeWriter writer = new OutcomeWriter(store);
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        long msgId = 9_000 + i;
        threads.submit(
            () -> {
              try {
                writer.finish(
                    id,
                    "a",
                    new OutboxStore.Finish(
                        State.SENT,
                        true,
                        null,
                        msgId,
                        null,
                        new Attempt(now, 0, "ok", Duration.ofMillis(3), true)),
                    now);
              } catch (LeaseLost e) {
                leaseLost.add(id);
              }
            });
      }
    }
    assertThat(leaseLost).containsExactly(lost);
    assertThat(state(lost)).isEqualTo(State.QUEUED);
    assertThat(store.attempts(lost)).isEmpty();
    for (String id : ids) {
      if (id.equals(lost)) continue;
      assertThat(state(id)).isEqualTo(State.SENT);
      assertThat(store.attempts(id)).hasSize(1);
    }
  }

  @Test
  void two_dispatchers_running_at_once_claim_each_message_once() throws Exception {
    List<String> ids = IntStream.range(0, 200).mapToObj(i -> enqueue(APP, user(i))).toList();
    Dispatcher a = dispatcher("a");
    Dispatcher b = dispatcher("b");
    CountDownLatch go = new CountDownLatch(1);
    Runnable drain =
        () -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          while (true) {
            if ((Thread.currentThread().getName().equals("a") ? a : b).runOnce() == 0) return;
          }
        };
    Thread ta = Thread.ofPlatform().name("a").start(drain);
    Thread tb = Thread.ofPlatform().name("b").start(drain);
    go.countDown();
    ta.join(TimeUnit.MINUTES.toMillis(2));
    tb.join(TimeUnit.MINUTES.toMillis(2));

    assertThat(ids).allSatisfy(id -> assertThat(sender.sendsOf(id)).as(id).isEqualTo(1));
    assertThat(outbox.store().countByState().get(State.SENT)).isEqualTo(200);
  }

  @Test
  void an_expired_lease_is_taken_over_and_the_old_holder_cannot_record_an_outcome() {
    String id = enqueue(APP, user(1));
    assertThat(outbox.store().claim("crashed", T0, T0.plus(config.lease()), 10)).hasSize(1);
    Dispatcher b = dispatcher("b");

    assertThat(b.runOnce()).as("lease still valid").isZero();
    clock.advance(config.lease().plusSeconds(1));
    assertThat(b.runOnce()).isEqualTo(1);

    assertThat(state(id)).isEqualTo(State.SENT);
    Attempt late = new Attempt(clock.instant(), 0, "ok", Duration.ZERO, true);
    assertThatThrownBy(
            () ->
                outbox
                    .store()
                    .finish(
                        id,
                        "crashed",
                        new OutboxStore.Finish(State.SENT, true, null, 1L, null, late),
                        clock.instant()))
        .isInstanceOf(LeaseLost.class);
  }

  @Test
  void after_a_crash_a_restarted_instance_sends_every_accepted_message_exactly_once() {
    List<String> ids = IntStream.range(0, 30).mapToObj(i -> enqueue(APP, user(i))).toList();
    Dispatcher before = dispatcher("before-crash");
    assertThat(before.runOnce()).isEqualTo(10);
    // the instance claims a second batch and dies before sending it: no release, pool just gone
    assertThat(
            outbox
                .store()
                .claim("before-crash", clock.instant(), clock.instant().plus(config.lease()), 10))
        .hasSize(10);
    dispatchers.remove(before);
    db.close();

    db = Database.open(storeConfig);
    outbox = new Outbox(db, config, Set.of(), new SimpleMeterRegistry(), clock);
    Dispatcher after = dispatcher("after-restart");
    while (after.runOnce() > 0) {}
    assertThat(outbox.store().countByState().get(State.SENDING)).isEqualTo(10);
    clock.advance(config.lease().plusSeconds(1));
    while (after.runOnce() > 0) {}

    assertThat(ids)
        .allSatisfy(
            id -> {
              assertThat(state(id)).isEqualTo(State.SENT);
              assertThat(sender.sendsOf(id)).as(id).isEqualTo(1);
            });
  }

  @Test
  void close_lets_the_in_flight_send_finish_releases_other_leases_and_stops_claiming()
      throws Exception {
    String slow = enqueue(APP, user(1));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Sender blocking =
        (token, m) -> {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return sender.send(token, m);
        };
    Dispatcher d = dispatcher("a", outbox, blocking);
    Thread round = Thread.ofVirtual().start(d::runOnce);
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    String held = enqueue(APP, user(2));
    assertThat(outbox.store().claim("a", clock.instant(), clock.instant().plus(config.lease()), 10))
        .hasSize(1);

    Thread closer = Thread.ofVirtual().start(d::close);
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(60));
    round.join(TimeUnit.SECONDS.toMillis(60));

    assertThat(state(slow)).isEqualTo(State.SENT);
    assertThat(state(held)).isEqualTo(State.QUEUED);
    assertThat(d.runOnce()).isZero();
    assertThat(state(held)).isEqualTo(State.QUEUED);
  }

  @Test
  void the_background_loop_sends_what_is_enqueued_until_closed() {
    Dispatcher d = dispatcher("loop");
    d.start();
    String id = enqueue(APP, user(1));

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> state(id) == State.SENT);
    d.close();
    String late = enqueue(APP, user(2));
    assertThat(d.runOnce()).isZero();
    assertThat(state(late)).isEqualTo(State.QUEUED);
  }

  @Test
  void the_background_loop_keeps_every_worker_busy_beyond_one_batch_and_sends_each_message_once()
      throws InterruptedException {
    // batches of 2 for 8 workers: filling them takes several claims while the first sends still
    // hang, which a loop that waited for a whole batch (or round) to finish could never do
    OutboxConfig narrow =
        new OutboxConfig(
            2,
            8,
            config.lease(),
            config.pollInterval(),
            config.maxAttempts(),
            config.retryBase(),
            config.retryCap(),
            config.perAppRate(),
            config.quotaResetZone(),
            config.quotaPauseMax(),
            config.retentionDays(),
            config.shutdownTimeout(),
            config.maxWaitForToken());
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger sending = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Sender hanging =
        (token, m) -> {
          most.accumulateAndGet(sending.incrementAndGet(), Math::max);
          try {
            gate.await();
            return sender.send(token, m);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          } finally {
            sending.decrementAndGet();
          }
        };
    List<String> ids = IntStream.range(0, 30).mapToObj(i -> enqueue(APP, user(i))).toList();
    Dispatcher d =
        new Dispatcher(
            narrow,
            outbox,
            hanging,
            tokens,
            SendThrottle.NONE,
            alerts,
            Tracing.NOOP,
            "busy",
            new SplittableRandom(7));
    dispatchers.add(d);
    d.start();

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sending.get() == 8);
    gate.countDown();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ids.stream().allMatch(id -> state(id) == State.SENT));

    assertThat(most.get()).isEqualTo(8);
    assertThat(ids).allSatisfy(id -> assertThat(sender.sendsOf(id)).isEqualTo(1));
  }

  @Test
  void depth_gauges_count_messages_by_state() {
    enqueue(APP, user(1));
    enqueue(APP, user(2));
    clock.advance(Duration.ofSeconds(42));

    outbox.sampleDepth();

    assertThat(registry.get(OutboxMetrics.DEPTH).tag("state", "QUEUED").gauge().value())
        .isEqualTo(2);
    assertThat(registry.get(OutboxMetrics.OLDEST_WAITING_AGE).gauge().value()).isEqualTo(42);
  }
}
