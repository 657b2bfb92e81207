package io.wxgate.forward;

import static io.wxgate.forward.Inbound.APP_ID;
import static io.wxgate.forward.Inbound.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxgate.callback.CallbackPipeline;
import io.wxgate.callback.CallbackResponse;
import io.wxgate.callback.CallbackUnavailable;
import io.wxgate.callback.ReceiptSink;
import io.wxgate.callback.Router;
import io.wxgate.config.CallbackConfig;
import io.wxgate.config.ForwardConfig;
import io.wxgate.config.ForwardConfig.Kind;
import io.wxgate.config.ForwardConfig.Rule;
import io.wxgate.config.ForwardConfig.Target;
import io.wxgate.config.StoreConfig;
import io.wxgate.state.TcpProxy;
import io.wxgate.store.Database;
import io.wxgate.testsupport.TestKeys;
import io.wxgate.wechat.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forwarding end to end on a real database; run on H2 and on PostgreSQL. */
abstract class ForwardContract {
  static final long NOW = 1_700_000_000L;
  static final Secret SECRET = Secret.of("business-shared-secret");
  static final Duration CAP = Duration.ofSeconds(8);

  abstract StoreConfig freshStore();

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SettableClock clock = new SettableClock(Instant.ofEpochSecond(NOW));
  final String aesKey = TestKeys.aesKey();
  final List<AutoCloseable> closing = new ArrayList<>();
  final MapDedup dedup = new MapDedup();
  Database db;
  Receiver receiver;
  Rule firstRule;

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    receiver = new Receiver(SECRET);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
    receiver.close();
    db.close();
  }

  Target sync(Duration timeout) {
    return new Target("crm-sync", Kind.SYNC, receiver.url(), null, SECRET, timeout, 0, false);
  }

  Target async(int maxAttempts, boolean ordered) {
    return new Target(
        "crm",
        Kind.ASYNC,
        receiver.url(),
        null,
        SECRET,
        Duration.ofSeconds(5),
        maxAttempts,
        ordered);
  }

  Forwarding forwarding(List<Target> targets, List<Rule> rules) {
    return forwarding(targets, rules, Duration.ofSeconds(4));
  }

  Forwarding forwarding(List<Target> targets, List<Rule> rules, Duration callbackDeadline) {
    firstRule = rules.getFirst();
    ForwardConfig config =
        new ForwardConfig(
            targets, rules, 0, 0, null, null, Duration.ofSeconds(1), CAP, Duration.ofSeconds(2), 0);
    Forwarding f =
        new Forwarding(config, db, registry, clock, callbackDeadline, "test-worker", null);
    closing.add(f);
    return f;
  }

  CallbackPipeline pipeline(Forwarding forwarding) {
    CallbackPipeline p =
        new CallbackPipeline(
            CallbackConfig.defaults(),
            List.of(Inbound.account(aesKey)),
            Inbound.XML,
            dedup,
            forwarding.addTo(Router.builder()).build(),
            ReceiptSink.NONE,
            InstantSource.fixed(Instant.ofEpochSecond(NOW)),
            registry);
    closing.add(p);
    return p;
  }

  /** Rounds with the clock past every backoff until nothing is pending; returns the rounds. */
  int deliverAll(Forwarding f) {
    for (int round = 1; round <= 60; round++) {
      clock.advance(CAP.plusSeconds(1));
      f.worker().runOnce();
      Map<DeliveryStatus, Long> counts = f.deliveries().countByStatus();
      if (counts.get(DeliveryStatus.PENDING) == 0 && counts.get(DeliveryStatus.DELIVERING) == 0) {
        return round;
      }
    }
    throw new AssertionError("deliveries still pending: " + f.deliveries().countByStatus());
  }

  double count(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void a_sync_webhook_answer_becomes_the_encrypted_passive_reply() {
    receiver.answer(
        e ->
            new Receiver.Answer(
                200,
                "{\"reply\":{\"type\":\"text\",\"content\":\"hi "
                    + e.path("data").path("content").asText()
                    + "\"}}"));
    Forwarding f =
        forwarding(
            List.of(sync(Duration.ofSeconds(2))),
            List.of(new Rule(APP_ID, "text", null, null, List.of("crm-sync"))));

    CallbackResponse r =
        pipeline(f)
            .handle(
                Inbound.safe(Inbound.textXml(USER, "你好", 42L, NOW), Long.toString(NOW), aesKey));

    String reply = Inbound.decryptReply(r.body(), aesKey);
    assertThat(reply)
        .contains("<MsgType><![CDATA[text]]></MsgType>")
        .contains("<Content><![CDATA[hi 你好]]></Content>")
        .contains("<ToUserName><![CDATA[" + USER + "]]></ToUserName>");
    Receiver.Call call = receiver.calls.getFirst();
    assertThat(call.mode()).isEqualTo("sync");
    assertThat(call.signatureValid()).isTrue();
    assertThat(call.event().path("type").asText()).isEqualTo("text");
    assertThat(call.event().path("openId").asText()).isEqualTo(USER);
    assertThat(call.event().path("msgId").asText()).isEqualTo("42");
    assertThat(call.event().path("raw").path("Content").asText()).isEqualTo("你好");
    assertThat(f.deliveries().list(DeliveryQuery.all()).items()).isEmpty();
    assertThat(count(ForwardMetrics.FORWARDED, "target", "crm-sync", "kind", "sync")).isEqualTo(1);
  }

  @Test
  void a_slow_sync_webhook_gets_success_and_the_event_arrives_through_the_async_path() {
    receiver.holdAll();
    Forwarding f =
        forwarding(
            List.of(sync(Duration.ofMillis(300))),
            List.of(new Rule(null, null, null, null, List.of("crm-sync"))));

    CallbackResponse r =
        pipeline(f)
            .handle(
                Inbound.safe(
                    Inbound.eventXml(USER, "CLICK", "MENU_ORDER", NOW),
                    Long.toString(NOW),
                    aesKey));

    assertThat(r).isEqualTo(CallbackResponse.SUCCESS);
    assertThat(count(ForwardMetrics.SYNC_FALLBACKS, "target", "crm-sync")).isEqualTo(1);
    assertThat(count(ForwardMetrics.FAILED, "target", "crm-sync", "result", "timeout"))
        .isEqualTo(1);
    receiver.release();
    deliverAll(f);

    List<Receiver.Call> async =
        receiver.calls.stream().filter(c -> "async".equals(c.mode())).toList();
    assertThat(async).hasSize(1);
    Receiver.Call call = async.getFirst();
    assertThat(call.signatureValid()).isTrue();
    assertThat(call.event().path("event").asText()).isEqualTo("CLICK");
    assertThat(call.event().path("eventKey").asText()).isEqualTo("MENU_ORDER");
    // the late sync call and the async delivery carry the same event id: receivers de-duplicate
    await().until(() -> receiver.calls.size() == 2);
    assertThat(receiver.calls).extracting(Receiver.Call::eventId).containsOnly(call.eventId());
    Delivery d = f.deliveries().list(DeliveryQuery.all()).items().getFirst();
    assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(d.target()).isEqualTo("crm-sync");
  }

  /** Makes every insert into the delivery table fail until {@link #restoreTable} (SQL error). */
  void breakTable() {
    db.withConnection(
        "break",
        c -> c.createStatement().execute("ALTER TABLE forward_delivery RENAME TO fd_away"));
  }

  void restoreTable() {
    db.withConnection(
        "restore",
        c -> c.createStatement().execute("ALTER TABLE fd_away RENAME TO forward_delivery"));
  }

  long storedRows() {
    return db.withConnection(
        "count",
        c -> {
          try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM forward_delivery")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void an_event_the_database_refuses_fails_the_callback_and_the_retry_is_delivered_once() {
    Forwarding f =
        forwarding(
            List.of(async(0, false)), List.of(new Rule(null, null, null, null, List.of("crm"))));
    CallbackPipeline p = pipeline(f);
    String push = Inbound.eventXml(USER, "CLICK", "MENU_ORDER", NOW);
    breakTable();

    assertThatThrownBy(() -> p.handle(Inbound.safe(push, Long.toString(NOW), aesKey)))
        .isInstanceOf(CallbackUnavailable.class);
    assertThat(dedup.claims()).as("the claim is released for WeChat's retry").isZero();
    assertThat(dedup.answers()).isZero();
    assertThat(count(ForwardMetrics.FAILED, "target", "crm", "result", "store")).isEqualTo(1);

    restoreTable();
    assertThat(p.handle(Inbound.safe(push, Long.toString(NOW + 5), aesKey)))
        .isEqualTo(CallbackResponse.SUCCESS);
    // WeChat's third try: now a duplicate again
    assertThat(p.handle(Inbound.safe(push, Long.toString(NOW + 10), aesKey)))
        .isEqualTo(CallbackResponse.SUCCESS);
    deliverAll(f);

    assertThat(storedRows()).isEqualTo(1);
    assertThat(receiver.successful())
        .singleElement()
        .satisfies(c -> assertThat(c.event().path("eventKey").asText()).isEqualTo("MENU_ORDER"));
  }

  @Test
  void a_sync_miss_whose_fallback_cannot_be_stored_fails_the_callback_and_the_retry_is_answered() {
    receiver.answer(e -> new Receiver.Answer(503, ""));
    Forwarding f =
        forwarding(
            List.of(sync(Duration.ofSeconds(2))),
            List.of(new Rule(APP_ID, "text", null, null, List.of("crm-sync"))));
    CallbackPipeline p = pipeline(f);
    String push = Inbound.textXml(USER, "order 42?", 43L, NOW);
    breakTable();

    assertThatThrownBy(() -> p.handle(Inbound.safe(push, Long.toString(NOW), aesKey)))
        .isInstanceOf(CallbackUnavailable.class);
    assertThat(dedup.claims()).isZero();

    restoreTable();
    receiver.answer(
        e -> new Receiver.Answer(200, "{\"reply\":{\"type\":\"text\",\"content\":\"ok\"}}"));
    CallbackResponse r = p.handle(Inbound.safe(push, Long.toString(NOW + 5), aesKey));
    assertThat(Inbound.decryptReply(r.body(), aesKey))
        .contains("<Content><![CDATA[ok]]></Content>");
    assertThat(storedRows()).isZero();
  }

  @Test
  void a_database_slower_than_the_budget_fails_the_callback_and_rolls_the_late_insert_back()
      throws Exception {
    Forwarding f =
        forwarding(
            List.of(async(0, false)),
            List.of(new Rule(null, null, null, null, List.of("crm"))),
            Duration.ofMillis(400));
    CallbackPipeline p = pipeline(f);
    String push = Inbound.eventXml(USER, "CLICK", "MENU_SLOW", NOW);
    // every pooled connection busy: the insert waits for one (as it does while the database is
    // unreachable) far longer than the 300 ms budget
    CountDownLatch held = new CountDownLatch(10);
    CountDownLatch letGo = new CountDownLatch(1);
    List<CompletableFuture<Void>> holders = new ArrayList<>();
    var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    closing.add(threads);
    for (int i = 0; i < 10; i++) {
      holders.add(
          CompletableFuture.runAsync(
              () ->
                  db.withConnection(
                      "hold",
                      c -> {
                        held.countDown();
                        try {
                          letGo.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      }),
              threads));
    }
    held.await();

    assertThatThrownBy(() -> p.handle(Inbound.safe(push, Long.toString(NOW), aesKey)))
        .isInstanceOf(CallbackUnavailable.class)
        .hasMessageContaining("within 300 ms");
    assertThat(dedup.claims()).isZero();

    letGo.countDown();
    CompletableFuture.allOf(holders.toArray(CompletableFuture[]::new)).join();
    assertThat(p.handle(Inbound.safe(push, Long.toString(NOW + 5), aesKey)))
        .isEqualTo(CallbackResponse.SUCCESS);
    deliverAll(f);
    f.close(); // waits for the abandoned insert, which must roll back rather than commit

    assertThat(storedRows()).isEqualTo(1);
    assertThat(receiver.successful()).hasSize(1);
  }

  @Test
  void an_async_webhook_down_for_a_while_gets_every_event_once_when_it_is_back() {
    receiver.answer(e -> new Receiver.Answer(503, ""));
    Forwarding f =
        forwarding(
            List.of(async(0, true)), List.of(new Rule(null, null, null, null, List.of("crm"))));
    var handler = f.handler(firstRule);
    List<String> users = List.of("userA", "userB", "userC");
    for (int i = 1; i <= 15; i++) {
      handler.handle(APP_ID, Inbound.text(users.get(i % 3), "m" + i, i));
    }
    for (int round = 0; round < 3; round++) {
      clock.advance(CAP.plusSeconds(1));
      f.worker().runOnce();
    }
    assertThat(receiver.successful()).isEmpty();
    assertThat(f.deliveries().countByStatus().get(DeliveryStatus.PENDING)).isEqualTo(15);
    // ordered: only each user's first event was tried; the rest wait behind it
    List<Delivery> tried =
        f.deliveries().list(DeliveryQuery.all()).items().stream()
            .filter(d -> d.attempts() > 0)
            .toList();
    assertThat(tried).hasSize(3);
    assertThat(tried).allSatisfy(d -> assertThat(d.lastError()).isEqualTo("HTTP 503"));
    assertThat(tried)
        .extracting(d -> Receiver.JSON.readTree(d.event()).path("data").path("content").asText())
        .containsExactlyInAnyOrder("m1", "m2", "m3");

    receiver.answer(e -> Receiver.Answer.ok());
    deliverAll(f);

    List<Receiver.Call> ok = receiver.successful();
    assertThat(ok).hasSize(15);
    assertThat(ok).extracting(Receiver.Call::eventId).doesNotHaveDuplicates();
    assertThat(ok).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
    assertThat(receiver.calls).allSatisfy(c -> assertThat(c.mode()).isEqualTo("async"));
    // ordered target: each user's messages arrive in the order they were received
    Map<String, List<String>> perUser = new HashMap<>();
    for (Receiver.Call c : ok) {
      perUser
          .computeIfAbsent(c.event().path("openId").asText(), u -> new ArrayList<>())
          .add(c.event().path("data").path("content").asText());
    }
    for (String u : users) {
      List<String> got = perUser.get(u);
      List<Integer> numbers = got.stream().map(s -> Integer.parseInt(s.substring(1))).toList();
      assertThat(numbers).isSorted().hasSize(5);
    }
    assertThat(count(ForwardMetrics.FORWARDED, "target", "crm")).isEqualTo(15);
    assertThat(count(ForwardMetrics.RETRIED, "target", "crm")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void an_ordered_target_holds_a_users_later_events_while_an_earlier_one_is_pending() {
    receiver.answer(
        e ->
            e.path("data").path("content").asText().equals("first")
                ? new Receiver.Answer(500, "")
                : Receiver.Answer.ok());
    Forwarding f =
        forwarding(
            List.of(async(0, true)), List.of(new Rule(null, null, null, null, List.of("crm"))));
    var handler = f.handler(firstRule);
    handler.handle(APP_ID, Inbound.text("userA", "first", 1));
    handler.handle(APP_ID, Inbound.text("userA", "second", 2));
    handler.handle(APP_ID, Inbound.text("userB", "other", 3));

    for (int round = 0; round < 3; round++) {
      clock.advance(CAP.plusSeconds(1));
      f.worker().runOnce();
    }

    assertThat(receiver.calls)
        .extracting(c -> c.event().path("data").path("content").asText())
        .containsOnly("first", "other");
    receiver.answer(e -> Receiver.Answer.ok());
    deliverAll(f);
    assertThat(receiver.successful())
        .extracting(c -> c.event().path("data").path("content").asText())
        .containsExactlyInAnyOrder("first", "second", "other");
    List<String> userA =
        receiver.successful().stream()
            .filter(c -> c.event().path("openId").asText().equals("userA"))
            .map(c -> c.event().path("data").path("content").asText())
            .toList();
    assertThat(userA).containsExactly("first", "second");
  }

  @Test
  void a_delivery_that_keeps_failing_is_dead_lettered_and_an_operator_retry_delivers_it() {
    receiver.answer(e -> new Receiver.Answer(500, ""));
    Forwarding f =
        forwarding(
            List.of(async(3, false)), List.of(new Rule(null, null, null, null, List.of("crm"))));
    f.handler(firstRule).handle(APP_ID, Inbound.text(USER, "hello", 7));

    deliverAll(f);

    Delivery dead =
        f.deliveries().list(DeliveryQuery.withStatus(DeliveryStatus.DEAD)).items().getFirst();
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).isEqualTo("gave up after 3 attempts; last: HTTP 500");
    assertThat(count(ForwardMetrics.DEAD, "target", "crm", "kind", "webhook")).isEqualTo(1);

    receiver.answer(e -> Receiver.Answer.ok());
    assertThat(f.deliveries().retry(dead.id()).status()).isEqualTo(DeliveryStatus.PENDING);
    deliverAll(f);

    assertThat(f.deliveries().get(dead.id()).status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(receiver.successful()).hasSize(1);
    assertThat(receiver.calls).extracting(Receiver.Call::eventId).containsOnly(dead.eventId());
  }

  @Test
  void a_lease_left_by_a_crashed_worker_expires_and_another_worker_delivers() {
    Forwarding f =
        forwarding(
            List.of(async(0, false)), List.of(new Rule(null, null, null, null, List.of("crm"))));
    f.handler(firstRule).handle(APP_ID, Inbound.text(USER, "hello", 8));
    DeliveryStore store = new DeliveryStore(db);
    assertThat(store.claim("crashed", clock.instant(), clock.instant().plusSeconds(60), 10))
        .hasSize(1);

    f.worker().runOnce();
    assertThat(receiver.calls).isEmpty();

    clock.advance(Duration.ofSeconds(61));
    f.worker().runOnce();
    assertThat(receiver.successful()).hasSize(1);
    assertThat(f.deliveries().countByStatus().get(DeliveryStatus.DELIVERED)).isEqualTo(1);
  }

  @Test
  void delivered_rows_past_the_retention_are_purged_and_dead_ones_kept() {
    receiver.answer(
        e ->
            e.path("data").path("content").asText().equals("bad")
                ? new Receiver.Answer(500, "")
                : Receiver.Answer.ok());
    Forwarding f =
        forwarding(
            List.of(async(1, false)), List.of(new Rule(null, null, null, null, List.of("crm"))));
    f.handler(firstRule).handle(APP_ID, Inbound.text(USER, "good", 30));
    f.handler(firstRule).handle(APP_ID, Inbound.text(USER, "bad", 31));
    deliverAll(f);

    assertThat(f.worker().purgeOnce()).isZero();
    clock.advance(Duration.ofDays(8));
    assertThat(f.worker().purgeOnce()).isEqualTo(1);

    assertThat(f.deliveries().list(DeliveryQuery.all()).items())
        .extracting(Delivery::status)
        .containsExactly(DeliveryStatus.DEAD);
  }

  @Test
  void closing_the_worker_gives_in_flight_deliveries_back_unattempted() throws Exception {
    receiver.holdAll();
    Forwarding f =
        forwarding(
            List.of(async(0, false)), List.of(new Rule(null, null, null, null, List.of("crm"))));
    f.handler(firstRule).handle(APP_ID, Inbound.text(USER, "hello", 9));
    CompletableFuture<Integer> round = CompletableFuture.supplyAsync(() -> f.worker().runOnce());
    await().until(() -> f.deliveries().countByStatus().get(DeliveryStatus.DELIVERING) == 1);

    f.worker().close();

    assertThat(round.get()).isEqualTo(1);
    Delivery d = f.deliveries().list(DeliveryQuery.all()).items().getFirst();
    assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(d.attempts()).isZero();
    receiver.release();
  }

  @Test
  void rabbitmq_events_are_published_with_confirms_under_app_type_and_event_routing_keys() {
    try (Rabbit rabbit = new Rabbit()) {
      Target broker =
          rabbitTarget(URI.create("amqp://guest@127.0.0.1:" + Rabbit.PORT + "/"), rabbit);
      Forwarding f =
          forwarding(List.of(broker), List.of(new Rule(null, null, null, null, List.of("mq"))));
      var handler = f.handler(firstRule);
      handler.handle(APP_ID, Inbound.text(USER, "hello", 11));
      handler.handle(
          APP_ID, Inbound.XML.parse(Inbound.eventXml(USER, "subscribe", "qrscene_42", NOW)));

      f.worker().runOnce();

      assertThat(f.deliveries().countByStatus().get(DeliveryStatus.DELIVERED)).isEqualTo(2);
      List<Rabbit.Message> got = rabbit.drain();
      assertThat(got)
          .extracting(Rabbit.Message::routingKey)
          .containsExactlyInAnyOrder(
              "wx." + APP_ID + ".text.none", "wx." + APP_ID + ".event.subscribe");
      assertThat(got).allSatisfy(m -> assertThat(m.body()).contains("\"openId\":\"" + USER + "\""));
      assertThat(got)
          .extracting(Rabbit.Message::messageId)
          .containsExactlyInAnyOrderElementsOf(
              f.deliveries().list(DeliveryQuery.all()).items().stream()
                  .map(Delivery::eventId)
                  .toList());
      assertThat(count(ForwardMetrics.FORWARDED, "target", "mq", "kind", "rabbitmq")).isEqualTo(2);
    }
  }

  @Test
  void rabbitmq_unreachable_keeps_events_pending_and_they_flow_when_it_returns() {
    try (Rabbit rabbit = new Rabbit();
        TcpProxy proxy = new TcpProxy(URI.create("amqp://127.0.0.1:" + Rabbit.PORT)).start()) {
      proxy.stop();
      Target broker =
          rabbitTarget(URI.create("amqp://guest@127.0.0.1:" + proxy.uri().getPort() + "/"), rabbit);
      Forwarding f =
          forwarding(List.of(broker), List.of(new Rule(null, null, null, null, List.of("mq"))));
      var handler = f.handler(firstRule);
      for (int i = 1; i <= 5; i++) handler.handle(APP_ID, Inbound.text(USER, "m" + i, 20 + i));

      for (int round = 0; round < 2; round++) {
        clock.advance(CAP.plusSeconds(1));
        f.worker().runOnce();
      }
      assertThat(f.deliveries().countByStatus().get(DeliveryStatus.PENDING)).isEqualTo(5);
      assertThat(f.deliveries().list(DeliveryQuery.all()).items())
          .allSatisfy(
              d -> {
                assertThat(d.attempts()).isEqualTo(2);
                assertThat(d.lastError()).startsWith("broker: ");
              });
      assertThat(rabbit.drain()).isEmpty();

      proxy.start();
      deliverAll(f);

      assertThat(f.deliveries().countByStatus().get(DeliveryStatus.DELIVERED)).isEqualTo(5);
      List<Rabbit.Message> got = rabbit.drain();
      assertThat(got).hasSize(5);
      assertThat(got).extracting(Rabbit.Message::messageId).doesNotHaveDuplicates();
    }
  }

  Target rabbitTarget(URI url, Rabbit rabbit) {
    return new Target(
        "mq",
        Kind.RABBITMQ,
        url,
        rabbit.exchange,
        Secret.of("guest"),
        Duration.ofSeconds(5),
        50,
        false);
  }
}
