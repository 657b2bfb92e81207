package io.wxgate.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.wxgate.JsonMappers;
import io.wxgate.config.ApiAuthConfig;
import io.wxgate.outbox.Attempt;
import io.wxgate.outbox.BatchItem;
import io.wxgate.outbox.Enqueued;
import io.wxgate.outbox.FieldError;
import io.wxgate.outbox.InvalidMessage;
import io.wxgate.outbox.MessageNotFound;
import io.wxgate.outbox.MessagePage;
import io.wxgate.outbox.MessageQuery;
import io.wxgate.outbox.OutboundMessage;
import io.wxgate.outbox.Outbox;
import io.wxgate.outbox.SendRequest;
import io.wxgate.outbox.State;
import io.wxgate.outbox.Submission;
import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.MiniProgram;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/messages}: send (single and batch), read, list, retry, cancel. Handlers never
 * catch: they throw {@link InvalidMessage} (400), {@link ApiAuth.Unauthorized} (401), {@link
 * ApiAuth.Forbidden} (403), {@link MessageNotFound} (404), {@code IdempotencyConflict} and {@code
 * IllegalTransition} (409), {@link ApiRateLimit.Exceeded} (429) for the gateway's error mapper. A
 * 202 is sent only after the message is committed.
 */
public final class MessageRoutes {
  private static final ObjectMapper JSON = JsonMappers.create();
  private static final String BASE = "/api/v1/messages";

  private final Outbox outbox;

  public MessageRoutes(Outbox outbox) {
    this.outbox = outbox;
  }

  /** The message API, authenticated and rate-limited, as a module for {@link WebServer}. */
  public static Routes routes(Outbox outbox, ApiAuth auth, ApiRateLimit rateLimit) {
    return config -> register(config, outbox, auth, rateLimit);
  }

  /**
   * Installs authentication and the per-client rate limit on every {@code /api/*} route, then the
   * message routes. Call once while configuring the Javalin app.
   */
  public static void register(
      JavalinConfig config, Outbox outbox, ApiAuth auth, ApiRateLimit rateLimit) {
    MessageRoutes routes = new MessageRoutes(outbox);
    config.routes.beforeMatched("/api/*", auth::authenticate);
    config.routes.beforeMatched("/api/*", rateLimit::check);
    config.routes.post(BASE, routes::send);
    config.routes.post(BASE + "/batch", routes::sendBatch);
    config.routes.get(BASE, routes::list);
    config.routes.get(BASE + "/{id}", routes::get);
    config.routes.post(BASE + "/{id}/retry", routes::retry);
    config.routes.post(BASE + "/{id}/cancel", routes::cancel);
  }

  void send(Context ctx) {
    ApiAuth.Client client = ApiAuth.client(ctx);
    client.require(ApiAuthConfig.SCOPE_SEND);
    JsonNode body = parse(ctx.body());
    SendRequest request = requestOf(body, "", new ArrayList<>(), true);
    client.requireApp(request.appId());
    Enqueued e =
        outbox.enqueue(
            new Submission(request, client.id(), ctx.header("Idempotency-Key"), traceId(ctx)));
    if (!e.created()) ctx.header("Idempotent-Replayed", "true");
    ctx.header("Location", BASE + "/" + e.id());
    respond(ctx, 202, Map.of("id", e.id(), "status", e.status().name()));
  }

  void sendBatch(Context ctx) {
    ApiAuth.Client client = ApiAuth.client(ctx);
    client.require(ApiAuthConfig.SCOPE_SEND);
    JsonNode body = parse(ctx.body());
    JsonNode messages = body.isArray() ? body : body.get("messages");
    if (messages == null || !messages.isArray()) {
      throw invalid("messages", "must be an array of messages");
    }
    String batchKey = ctx.header("Idempotency-Key");
    List<Submission> batch = new ArrayList<>(messages.size());
    Map<Integer, List<FieldError>> shapeErrors = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode item : messages) {
      String prefix = "messages[" + i + "].";
      List<FieldError> errors = new ArrayList<>();
      SendRequest r = requestOf(item, prefix, errors, false);
      client.requireApp(r.appId());
      String key = text(item, "idempotencyKey", prefix, errors);
      // one key for the whole request makes every item idempotent by its position
      if (key == null && batchKey != null) key = batchKey + ":" + i;
      if (!errors.isEmpty()) shapeErrors.put(i, errors);
      batch.add(new Submission(r, client.id(), key, traceId(ctx)));
      i++;
    }
    List<BatchItem> results = outbox.enqueueBatch(batch, shapeErrors);
    List<Map<String, Object>> items = new ArrayList<>();
    int accepted = 0;
    for (BatchItem item : results) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("index", item.index());
      if (item.accepted()) {
        accepted++;
        out.put("id", item.id());
        out.put("status", item.status().name());
      } else {
        out.put("errors", errors(item.errors()));
      }
      items.add(out);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("accepted", accepted);
    response.put("rejected", results.size() - accepted);
    response.put("items", items);
    respond(ctx, 202, response);
  }

  void get(Context ctx) {
    ApiAuth.Client client = ApiAuth.client(ctx);
    client.require(ApiAuthConfig.SCOPE_READ);
    OutboundMessage m = visible(client, ctx.pathParam("id"));
    Map<String, Object> out = view(m);
    List<Map<String, Object>> attempts = new ArrayList<>();
    for (Attempt a : outbox.attempts(m.id())) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("at", a.at().toString());
      row.put("errcode", a.errcode());
      row.put("errmsg", a.errmsg());
      row.put("latencyMs", a.latency().toMillis());
      row.put("counted", a.counted());
      attempts.add(row);
    }
    out.put("attempts", attempts);
    respond(ctx, 200, out);
  }

  void list(Context ctx) {
    ApiAuth.Client client = ApiAuth.client(ctx);
    client.require(ApiAuthConfig.SCOPE_READ);
    List<FieldError> errors = new ArrayList<>();
    State status = null;
    String s = ctx.queryParam("status");
    if (s != null) {
      try {
        status = State.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("status", "unknown state"));
      }
    }
    String appId = ctx.queryParam("appId");
    if (appId == null && !client.appIds().isEmpty()) {
      if (client.appIds().size() == 1) appId = client.appIds().iterator().next();
      else errors.add(new FieldError("appId", "is required for this client"));
    }
    client.requireApp(appId);
    Instant from = instant(ctx.queryParam("from"), "from", errors);
    Instant to = instant(ctx.queryParam("to"), "to", errors);
    int limit = 0;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        errors.add(new FieldError("limit", "must be a number"));
      }
      if (limit < 1 || limit > MessageQuery.MAX_LIMIT) {
        errors.add(new FieldError("limit", "must be between 1 and " + MessageQuery.MAX_LIMIT));
      }
    }
    if (!errors.isEmpty()) throw new InvalidMessage(errors);
    MessagePage page =
        outbox.list(
            new MessageQuery(
                status,
                appId,
                ctx.queryParam("toUser"),
                from,
                to,
                ctx.queryParam("cursor"),
                limit));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", page.items().stream().map(MessageRoutes::view).toList());
    out.put("nextCursor", page.nextCursor());
    respond(ctx, 200, out);
  }

  void retry(Context ctx) {
    ApiAuth.Client client = ApiAuth.client(ctx);
    client.require(ApiAuthConfig.SCOPE_ADMIN);
    visible(client, ctx.pathParam("id"));
    respond(ctx, 200, view(outbox.retry(ctx.pathParam("id"))));
  }

  void cancel(Context ctx) {
    ApiAuth.Client client = ApiAuth.client(ctx);
    client.require(ApiAuthConfig.SCOPE_ADMIN);
    visible(client, ctx.pathParam("id"));
    respond(ctx, 200, view(outbox.cancel(ctx.pathParam("id"))));
  }

  /** A message of an AppID the client may not use is reported as missing, not as forbidden. */
  private OutboundMessage visible(ApiAuth.Client client, String id) {
    OutboundMessage m = outbox.get(id);
    if (!client.mayUse(m.appId())) throw new MessageNotFound(id);
    return m;
  }

  // --- request parsing: every shape problem is collected, then merged with the outbox's rules ---

  private static JsonNode parse(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || n.isMissingNode()) throw invalid("body", "is required");
      return n;
    } catch (JsonProcessingException e) {
      throw invalid("body", "is not valid JSON");
    }
  }

  private SendRequest requestOf(
      JsonNode n, String prefix, List<FieldError> errors, boolean throwOnErrors) {
    if (n == null || !n.isObject()) {
      errors.add(
          new FieldError(
              prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
              "must be an object"));
      SendRequest empty = new SendRequest(null, null, null, null, null, null, null, null);
      if (throwOnErrors) throw new InvalidMessage(errors);
      return empty;
    }
    SendRequest.Type type = null;
    String t = text(n, "type", prefix, errors);
    if (t != null) {
      switch (t.toLowerCase(Locale.ROOT)) {
        case "template" -> type = SendRequest.Type.TEMPLATE;
        case "subscribe" -> type = SendRequest.Type.SUBSCRIBE;
        default -> errors.add(new FieldError(prefix + "type", "must be template or subscribe"));
      }
    }
    MiniProgram mp = null;
    JsonNode m = n.get("miniprogram");
    if (m != null && !m.isNull()) {
      if (!m.isObject()) {
        errors.add(new FieldError(prefix + "miniprogram", "must be an object"));
      } else {
        String path = text(m, "pagepath", prefix + "miniprogram.", errors);
        if (path == null) path = text(m, "path", prefix + "miniprogram.", errors);
        mp = new MiniProgram(text(m, "appid", prefix + "miniprogram.", errors), path);
      }
    }
    Map<String, DataValue> data = new LinkedHashMap<>();
    JsonNode d = n.get("data");
    if (d != null && !d.isNull()) {
      if (!d.isObject()) {
        errors.add(new FieldError(prefix + "data", "must be an object of {value, color?}"));
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          String field = prefix + "data." + e.getKey();
          if (v.isTextual() || v.isNumber()) {
            data.put(e.getKey(), new DataValue(v.asText(), null));
          } else if (v.isObject()) {
            JsonNode value = v.get("value");
            if (value != null && (value.isTextual() || value.isNumber())) {
              data.put(
                  e.getKey(), new DataValue(value.asText(), text(v, "color", field + ".", errors)));
            } else {
              errors.add(new FieldError(field + ".value", "is required (a string)"));
            }
          } else {
            errors.add(new FieldError(field, "must be {value, color?}"));
          }
        }
      }
    }
    SendRequest r =
        new SendRequest(
            text(n, "appId", prefix, errors),
            type,
            text(n, "toUser", prefix, errors),
            text(n, "templateId", prefix, errors),
            text(n, "url", prefix, errors),
            mp,
            text(n, "page", prefix, errors),
            data);
    if (throwOnErrors && !errors.isEmpty()) {
      throw new InvalidMessage(merge(errors, outbox.validate(r)));
    }
    return r;
  }

  private static String text(JsonNode n, String field, String prefix, List<FieldError> errors) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) {
      errors.add(new FieldError(prefix + field, "must be a string"));
      return null;
    }
    return v.asText();
  }

  /** Shape errors first; rule errors for fields not already reported. */
  private static List<FieldError> merge(List<FieldError> shape, List<FieldError> rules) {
    if (shape == null || shape.isEmpty()) return rules;
    List<FieldError> out = new ArrayList<>(shape);
    Set<String> seen = new HashSet<>();
    shape.forEach(e -> seen.add(e.field()));
    for (FieldError e : rules) if (seen.add(e.field())) out.add(e);
    return out;
  }

  private static Instant instant(String value, String field, List<FieldError> errors) {
    if (value == null) return null;
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be an ISO-8601 instant, e.g. 2026-03-01T00:00:00Z"));
      return null;
    }
  }

  /**
   * The request's trace id (from {@code traceparent} or generated by {@link RequestObserver}), else
   * the caller's {@code X-Request-Id}; stored with the message.
   */
  private static String traceId(Context ctx) {
    String traced = ctx.attribute(RequestObserver.TRACE_ID);
    if (traced != null) return traced;
    String id = ctx.header("X-Request-Id");
    return id == null || id.length() > 64 ? null : id;
  }

  private static InvalidMessage invalid(String field, String message) {
    return new InvalidMessage(List.of(new FieldError(field, message)));
  }

  // --- responses ---

  static List<Map<String, String>> errors(List<FieldError> errors) {
    return errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList();
  }

  private static Map<String, Object> view(OutboundMessage m) {
    SendRequest r = m.request();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("status", m.status().name());
    out.put("appId", r.appId());
    out.put("type", r.type().name().toLowerCase(Locale.ROOT));
    out.put("toUser", r.toUser());
    out.put("templateId", r.templateId());
    if (r.url() != null) out.put("url", r.url());
    if (r.page() != null) out.put("page", r.page());
    if (r.miniProgram() != null) {
      Map<String, Object> mp = new LinkedHashMap<>();
      mp.put("appid", r.miniProgram().appId());
      mp.put("pagepath", r.miniProgram().pagePath());
      out.put("miniprogram", mp);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    r.data()
        .forEach(
            (k, v) -> {
              Map<String, Object> dv = new LinkedHashMap<>();
              dv.put("value", v.value());
              if (v.color() != null) dv.put("color", v.color());
              data.put(k, dv);
            });
    out.put("data", data);
    out.put("attemptCount", m.attempts());
    out.put("nextAttemptAt", m.status().isFinal() ? null : m.nextAttemptAt().toString());
    out.put("wechatMsgId", m.wechatMsgId());
    out.put("lastError", m.lastError());
    Map<String, Object> receipt = new LinkedHashMap<>();
    receipt.put("status", m.receiptStatus());
    receipt.put("at", m.deliveredAt() == null ? null : m.deliveredAt().toString());
    out.put("receipt", m.receiptStatus() == null ? null : receipt);
    out.put("clientId", m.clientId());
    out.put("traceId", m.traceId());
    out.put("createdAt", m.createdAt().toString());
    out.put("updatedAt", m.updatedAt().toString());
    return out;
  }

  private static void respond(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
