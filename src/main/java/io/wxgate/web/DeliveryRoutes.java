package io.wxgate.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.wxgate.JsonMappers;
import io.wxgate.forward.Deliveries;
import io.wxgate.forward.Delivery;
import io.wxgate.forward.DeliveryPage;
import io.wxgate.forward.DeliveryQuery;
import io.wxgate.forward.DeliveryStatus;
import io.wxgate.forward.InvalidDeliveryQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/deliveries} (filters {@code status}, {@code target}, {@code appId}; cursor
 * pagination with {@code cursor} and {@code limit}) and {@code POST /api/v1/deliveries/{id}/retry}
 * (DEAD → PENDING). Authentication is applied in front of {@code /api/*} by whoever registers these
 * routes. Handlers throw; {@code ErrorMapper} maps this capability's exceptions (404, 409, 400).
 */
public final class DeliveryRoutes {
  public static final String LIST = "/api/v1/deliveries";
  public static final String RETRY = "/api/v1/deliveries/{id}/retry";
  private static final ObjectMapper JSON = JsonMappers.create();

  private final Deliveries deliveries;

  /** The deliveries API as a module for {@link WebServer}; auth comes from the message API. */
  public static Routes routes(Deliveries deliveries) {
    return new DeliveryRoutes(deliveries)::register;
  }

  public DeliveryRoutes(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  /** Registers both routes; pass as one of {@code WebServer}'s extra routes. */
  public void register(JavalinConfig config) {
    config.routes.get(LIST, this::list);
    config.routes.post(RETRY, this::retry);
  }

  void list(Context ctx) {
    String status = ctx.queryParam("status");
    String limit = ctx.queryParam("limit");
    int n;
    try {
      n = limit == null ? 0 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw new InvalidDeliveryQuery("limit must be a number");
    }
    if (limit != null && n == 0) throw new InvalidDeliveryQuery("limit must be >= 1");
    DeliveryQuery query =
        new DeliveryQuery(
            status == null ? null : DeliveryStatus.parse(status),
            ctx.queryParam("target"),
            ctx.queryParam("appId"),
            ctx.queryParam("cursor"),
            n);
    DeliveryPage page = deliveries.list(query);
    List<Map<String, Object>> items = new ArrayList<>(page.items().size());
    for (Delivery d : page.items()) items.add(body(d));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    out.put("nextCursor", page.nextCursor());
    ctx.json(out);
  }

  void retry(Context ctx) {
    ctx.json(body(deliveries.retry(ctx.pathParam("id"))));
  }

  /** Times as ISO-8601 text and the event inline, whatever modules the app's mapper has. */
  static Map<String, Object> body(Delivery d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("eventId", d.eventId());
    m.put("appId", d.appId());
    m.put("openId", d.openId());
    m.put("target", d.target());
    m.put("kind", d.kind());
    m.put("status", d.status().name());
    m.put("attempts", d.attempts());
    m.put("nextAttemptAt", text(d.nextAttemptAt()));
    m.put("lastError", d.lastError());
    m.put("createdAt", text(d.createdAt()));
    m.put("updatedAt", text(d.updatedAt()));
    m.put("deliveredAt", text(d.deliveredAt()));
    m.put("event", event(d.event()));
    return m;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static JsonNode event(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }
}
