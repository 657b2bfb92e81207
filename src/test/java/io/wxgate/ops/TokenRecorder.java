package io.wxgate.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of the sandbox that remembers every access token WeChat handed out (the
 * sandbox redacts them from its own records) and can answer HTTP 502 instead of forwarding, to play
 * an overloaded WeChat front end.
 */
final class TokenRecorder implements AutoCloseable {
  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

  private final URI target;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private volatile boolean badGateway;
  private final java.util.concurrent.atomic.AtomicInteger badGatewayAnswers =
      new java.util.concurrent.atomic.AtomicInteger();

  TokenRecorder(URI target) {
    this.target = target;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::forward);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  Set<String> tokens() {
    return Set.copyOf(tokens);
  }

  void badGateway(boolean on) {
    badGateway = on;
  }

  /** How many calls got a 502 so far. */
  int badGatewayAnswers() {
    return badGatewayAnswers.get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (badGateway) {
        badGatewayAnswers.incrementAndGet();
        reply(exchange, 502, "<html><body>502 Bad Gateway</body></html>".getBytes());
        return;
      }
      URI uri = exchange.getRequestURI();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(uri.getRawPath() + query(uri)))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null) request.header("Content-Type", type);
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      Matcher m = ACCESS_TOKEN.matcher(new String(response.body(), StandardCharsets.UTF_8));
      while (m.find()) tokens.add(m.group(1));
      response
          .headers()
          .firstValue("Content-Type")
          .ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
      reply(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String query(URI uri) {
    return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
