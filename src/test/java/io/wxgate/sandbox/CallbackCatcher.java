package io.wxgate.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A stand-in gateway callback: a real HTTP server that keeps every push and answers as told. */
final class CallbackCatcher implements AutoCloseable {
  record Push(String path, Map<String, String> query, String body) {}

  final List<Push> pushes = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile Function<Push, String> answer = push -> "success";
  private volatile Function<Push, Integer> status = push -> 200;

  CallbackCatcher() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Push push =
              new Push(
                  exchange.getRequestURI().getPath(),
                  parse(exchange.getRequestURI().getRawQuery()),
                  body);
          pushes.add(push);
          byte[] reply = answer.apply(push).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.apply(push), reply.length == 0 ? -1 : reply.length);
          try (var out = exchange.getResponseBody()) {
            out.write(reply);
          }
        });
    server.start();
  }

  /** The callback URL template a sandbox should push to. */
  String urlTemplate() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/wx/{appId}/callback";
  }

  void answer(Function<Push, String> scripted) {
    answer = scripted;
  }

  /** The HTTP status of each answer (200 unless told). */
  void status(Function<Push, Integer> scripted) {
    status = scripted;
  }

  private static Map<String, String> parse(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null) return query;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) server.stop(0);
  }
}
