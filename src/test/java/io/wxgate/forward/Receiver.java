package io.wxgate.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wxgate.wechat.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A business webhook on the JDK's HTTP server, port 0: records every request and answers what the
 * test decides. Checks each signature with the shared secret as a real receiver would.
 */
final class Receiver implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received, with what was answered. */
  record Call(
      String mode,
      String eventId,
      String deliveryId,
      String timestamp,
      String signature,
      boolean signatureValid,
      JsonNode event,
      int answeredStatus) {
    boolean ok() {
      return answeredStatus >= 200 && answeredStatus < 300;
    }
  }

  /** What to answer: a status and a body. */
  record Answer(int status, String body) {
    static Answer ok() {
      return new Answer(200, "");
    }
  }

  private final HttpServer server;
  private final Secret secret;
  final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Function<JsonNode, Answer> answers = e -> Answer.ok();
  private volatile CountDownLatch hold;

  Receiver(Secret secret) {
    this.secret = secret;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
  }

  /** Decides every later answer from the event JSON. */
  void answer(Function<JsonNode, Answer> f) {
    answers = f;
  }

  /** Every request waits (before answering) until {@link #release()}. */
  void holdAll() {
    hold = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch h = hold;
    hold = null;
    if (h != null) h.countDown();
  }

  List<Call> successful() {
    return calls.stream().filter(Call::ok).toList();
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body;
    try (InputStream in = x.getRequestBody()) {
      body = in.readAllBytes();
    }
    String ts = x.getRequestHeaders().getFirst("X-Wxgate-Timestamp");
    String sig = x.getRequestHeaders().getFirst("X-Wxgate-Signature");
    JsonNode event = JSON.readTree(body);
    CountDownLatch h = hold;
    if (h != null) {
      try {
        h.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Answer a = answers.apply(event);
    calls.add(
        new Call(
            x.getRequestHeaders().getFirst("X-Wxgate-Delivery"),
            x.getRequestHeaders().getFirst("X-Wxgate-Event-Id"),
            x.getRequestHeaders().getFirst("X-Wxgate-Delivery-Id"),
            ts,
            sig,
            Signatures.verify(secret, ts, body, sig),
            event,
            a.status()));
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    try {
      x.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream o = x.getResponseBody()) {
          o.write(out);
        }
      }
    } catch (IOException e) {
      // the caller gave up waiting (a sync timeout); the call is still recorded
    } finally {
      x.close();
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
