package io.wxgate.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.wxgate.config.SandboxConfig.Faults;

/** {@code /sandbox/*}: read and change faults, read and clear the request record. */
final class AdminEndpoints {
  private final FaultInjector faults;
  private final RequestLog requests;

  AdminEndpoints(FaultInjector faults, RequestLog requests) {
    this.faults = faults;
    this.requests = requests;
  }

  void getFaults(Context ctx) throws JsonProcessingException {
    json(ctx, Json.MAPPER.writeValueAsString(faults.current()));
  }

  /** Replaces the faults; fields left out take their defaults. 400 with the problems if invalid. */
  void postFaults(Context ctx) throws JsonProcessingException {
    Faults parsed;
    try {
      parsed = Json.MAPPER.readValue(ctx.body(), Faults.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      ObjectNode error = Json.MAPPER.createObjectNode().put("error", firstLine(cause.getMessage()));
      ctx.status(400);
      json(ctx, error.toString());
      return;
    }
    faults.replace(parsed);
    getFaults(ctx);
  }

  void getRequests(Context ctx) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (RecordedRequest r : requests.find(ctx.queryParam("api"), ctx.queryParam("appId"))) {
      ObjectNode node = list.addObject();
      node.put("seq", r.seq());
      node.put("api", r.api());
      node.put("appId", r.appId());
      node.put("receivedAt", r.receivedAt().toString());
      node.put("query", r.query());
      node.put("body", r.body());
      node.put("errcode", r.errcode());
      node.put("errmsg", r.errmsg());
      if (r.msgId() != null) node.put("msgId", r.msgId());
      node.put("duplicate", r.duplicate());
    }
    json(ctx, list.toString());
  }

  void deleteRequests(Context ctx) {
    requests.clear();
    ctx.status(204);
  }

  void getStats(Context ctx) throws JsonProcessingException {
    json(ctx, Json.MAPPER.writeValueAsString(requests.stats(ctx.queryParam("appId"))));
  }

  private static void json(Context ctx, String body) {
    ctx.contentType("application/json; charset=utf-8").result(body);
  }

  private static String firstLine(String message) {
    if (message == null) return "invalid faults";
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
