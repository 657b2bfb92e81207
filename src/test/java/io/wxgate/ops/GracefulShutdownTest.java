package io.wxgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.config.SandboxConfig;
import io.wxgate.sandbox.CallbackClient;
import io.wxgate.sandbox.RecordedRequest;
import io.wxgate.testsupport.GatewayProcess;
import io.wxgate.testsupport.TestServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 6, "SIGTERM during a burst loses nothing and exits within the configured timeout": a
 * gateway process gets SIGTERM while it sends a 200-message batch, accepts more single messages and
 * answers callbacks. It must exit within drain + shutdown timeout; a second process on the same
 * database then finishes every accepted message, none reaches WeChat twice, and every callback
 * answered 200 carried a proper (signed, decryptable) reply.
 */
class GracefulShutdownTest {
  static final int BATCH = 200;
  static final int DRAIN_SECONDS = 5;
  static final int SHUTDOWN_SECONDS = 5;
  static final Duration MARGIN = Duration.ofSeconds(15);
  static final Pattern CLIENT_MSG_ID = Pattern.compile("\"client_msg_id\"\\s*:\\s*\"([^\"]+)\"");

  /** What one background callback got. */
  record Answer(long msgId, int status, CallbackClient.Response response, String failure) {}

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void sigterm_during_a_burst_loses_nothing_and_exits_in_time(String db) throws Exception {
    // a lease far longer than the test: only a released lease lets the second process finish
    String yaml =
        """
        server:
          drainTimeoutSeconds: %d
        outbox:
          pollIntervalMillis: 20
          retryBaseMillis: 50
          retryCapSeconds: 1
          leaseSeconds: 300
          perAppRate: 60
          workers: 4
          batchSize: 20
          shutdownTimeoutSeconds: %d
        api:
          perClientRate: 10000
        callback:
          autoReplies:
            - keyword: ping
              match: prefix
              reply: pong
        """
            .formatted(DRAIN_SECONDS, SHUTDOWN_SECONDS);
    String dbUrl = db.equals("postgresql") ? TestServices.freshPostgresSchemaUrl() : null;
    try (OpsStack stack = new OpsStack(dbUrl, yaml, List.of())) {
      stack.sandbox.setFaults(
          new SandboxConfig.Faults(null, 20, 60, 0, null, null, null, 5L)); // slow WeChat
      List<String> accepted = new ArrayList<>();
      Queue<String> acceptedLater = new ConcurrentLinkedQueue<>();
      Queue<Answer> answers = new ConcurrentLinkedQueue<>();
      String log;
      try (GatewayProcess first = GatewayProcess.start(stack.env)) {
        StringBuilder batch = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < BATCH; i++) {
          if (i > 0) batch.append(',');
          batch.append(
              stack.template(
                  stack.account.appId(), OpsStack.openId(1000 + i), "tmpl_burst", "n" + i));
        }
        HttpResponse<String> r = stack.post("/api/v1/messages/batch", batch + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        for (JsonNode item : OpsStack.json(r.body()).path("items")) {
          accepted.add(item.path("id").asText());
        }
        assertThat(accepted).hasSize(BATCH).doesNotContain("");

        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> traffic = new ArrayList<>();
        traffic.add(Thread.ofPlatform().start(() -> sendSingles(stack, stop, acceptedLater)));
        AtomicLong msgIds = new AtomicLong(5000);
        for (int t = 0; t < 3; t++) {
          traffic.add(Thread.ofPlatform().start(() -> pushCallbacks(stack, stop, msgIds, answers)));
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> templateSends(stack).size() >= BATCH / 5 && answers.size() >= 5);

        int exit =
            first.terminate(Duration.ofSeconds(DRAIN_SECONDS + SHUTDOWN_SECONDS).plus(MARGIN));
        stop.set(true);
        for (Thread t : traffic) t.join(Duration.ofSeconds(30));
        assertThat(exit).as(first.output()).isIn(0, 143);
        log = first.output();
      }
      int sentBeforeTerm = templateSends(stack).size();
      assertThat(sentBeforeTerm).as("SIGTERM landed mid-burst").isLessThan(BATCH);

      // every callback answered 200 was answered as WeChat expects
      List<Answer> ok = answers.stream().filter(a -> a.status() == 200).toList();
      assertThat(ok).isNotEmpty();
      assertThat(ok)
          .allSatisfy(
              a -> {
                assertThat(a.response().problem()).as("msg %d", a.msgId()).isNull();
                assertThat(a.response().reply()).as("msg %d", a.msgId()).contains("pong");
              });

      // the shutdown is visible in the log, step by step, up to its very last line
      assertThat(log)
          .contains("shutdown signal received")
          .containsPattern("dispatcher \\S+ closed; \\d+ leases released")
          .contains("database closed")
          .contains("shutdown complete");

      stack.sandbox.setFaults(SandboxConfig.Faults.NONE);
      List<String> all = new ArrayList<>(accepted);
      all.addAll(acceptedLater);
      try (GatewayProcess second = GatewayProcess.start(stack.env)) {
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(all)
                        .allSatisfy(id -> assertThat(stack.status(id)).isIn("SENT", "DELIVERED")));
        second.terminate(Duration.ofSeconds(DRAIN_SECONDS + SHUTDOWN_SECONDS).plus(MARGIN));
      }
      // every accepted message reached WeChat exactly once; a graceful stop even avoids the
      // resend that client_msg_id would have absorbed
      List<RecordedRequest> sends = stack.sandbox.requests("template", stack.account.appId());
      assertThat(sends).noneMatch(RecordedRequest::duplicate);
      List<RecordedRequest> delivered = sends.stream().filter(s -> s.errcode() == 0).toList();
      Set<String> clientIds = new HashSet<>();
      for (RecordedRequest s : delivered) {
        Matcher m = CLIENT_MSG_ID.matcher(s.body());
        assertThat(m.find()).isTrue();
        clientIds.add(m.group(1));
      }
      assertThat(delivered).as("no message reached WeChat twice").hasSize(clientIds.size());
      assertThat(clientIds).containsAll(all);
      // A message committed while its 202 was cut off by the closing listener is delivered but
      // unknown to the client (it would retry with its idempotency key). WebServer does not wait
      // for in-flight requests yet (no Jetty GracefulHandler), so this is reported, not failed.
      Set<String> unanswered = new HashSet<>(clientIds);
      all.forEach(unanswered::remove);
      // Known gap (see the closing note): even with Jetty's GracefulHandler a request in flight at
      // SIGTERM can lose its 202 after the commit. Nothing is lost (the message is delivered and a
      // client retry with its Idempotency-Key gets the same id), so this is reported, not failed.
      if (!unanswered.isEmpty()) {
        System.out.println(
            "GracefulShutdownTest: "
                + unanswered.size()
                + " message(s) committed whose 202 never reached the client");
      }
    }
  }

  /** Posts single messages until told to stop or the gateway stops answering. */
  private static void sendSingles(OpsStack stack, AtomicBoolean stop, Queue<String> accepted) {
    int i = 0;
    while (!stop.get()) {
      try {
        HttpResponse<String> r =
            stack.post(
                "/api/v1/messages",
                stack.template(stack.account.appId(), OpsStack.openId(5000 + i), "tmpl_late", "x"));
        if (r.statusCode() == 202) accepted.add(OpsStack.json(r.body()).path("id").asText());
      } catch (RuntimeException e) {
        return; // connection refused: the listener is closed
      }
      i++;
    }
  }

  /** Pushes text messages as WeChat would until told to stop or the gateway stops answering. */
  private static void pushCallbacks(
      OpsStack stack, AtomicBoolean stop, AtomicLong msgIds, Queue<Answer> answers) {
    while (!stop.get()) {
      long id = msgIds.incrementAndGet();
      try {
        CallbackClient.Response r = stack.pushText(stack.account, "ping " + id, id);
        answers.add(new Answer(id, r.status(), r, null));
      } catch (RuntimeException e) {
        answers.add(new Answer(id, -1, null, e.toString()));
        return;
      }
    }
  }

  private static List<RecordedRequest> templateSends(OpsStack stack) {
    return stack.sandbox.requests("template", stack.account.appId()).stream()
        .filter(r -> r.errcode() == 0)
        .toList();
  }
}
