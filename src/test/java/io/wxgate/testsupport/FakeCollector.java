package io.wxgate.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace collector on a free loopback port: decodes every protobuf {@code
 * ExportTraceServiceRequest} POSTed to {@code /v1/traces} and keeps its spans and request headers.
 * Answers 200, or {@link #refuseWith} a status to exercise the exporter's failure path.
 */
public final class FakeCollector implements AutoCloseable {
  private static final HexFormat HEX = HexFormat.of();

  /** One received span, ids as lowercase hex ({@code parentSpanId} empty for a root). */
  public record ReceivedSpan(
      String serviceName,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      Map<String, String> attributes,
      String status) {
    public String attribute(String key) {
      return attributes.get(key);
    }
  }

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  public FakeCollector() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/v1/traces", this::receive);
    server.start();
  }

  /** The traces URL to configure as {@code tracing.endpoint}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedSpan> spansNamed(String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The headers of every export request received. */
  public List<Map<String, List<String>>> requestHeaders() {
    return List.copyOf(headers);
  }

  /** From now on every export is answered with {@code httpStatus} (and its spans not kept). */
  public void refuseWith(int httpStatus) {
    this.status = httpStatus;
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      headers.add(Map.copyOf(exchange.getRequestHeaders()));
      int answer = status;
      if (answer == 200) {
        if (!"POST".equals(exchange.getRequestMethod())) answer = 405;
        else spans.addAll(decode(ExportTraceServiceRequest.parseFrom(body)));
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(answer, -1);
    }
  }

  private static List<ReceivedSpan> decode(ExportTraceServiceRequest request) {
    List<ReceivedSpan> out = new java.util.ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      String service = attributes(rs.getResource().getAttributesList()).get("service.name");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          out.add(
              new ReceivedSpan(
                  service,
                  HEX.formatHex(s.getTraceId().toByteArray()),
                  HEX.formatHex(s.getSpanId().toByteArray()),
                  HEX.formatHex(s.getParentSpanId().toByteArray()),
                  s.getName(),
                  s.getKind().name(),
                  attributes(s.getAttributesList()),
                  s.getStatus().getCode().name()));
        }
      }
    }
    return out;
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : list) out.put(kv.getKey(), text(kv.getValue()));
    return out;
  }

  private static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      default -> v.toString();
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
