package io.wxgate.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.wxgate.WxgateException;
import io.wxgate.callback.CallbackRejected;
import io.wxgate.callback.CallbackUnavailable;
import io.wxgate.config.ConfigException;
import io.wxgate.forward.DeliveryNotFound;
import io.wxgate.forward.DeliveryNotRetryable;
import io.wxgate.forward.InvalidDeliveryQuery;
import io.wxgate.outbox.IdempotencyConflict;
import io.wxgate.outbox.IllegalTransition;
import io.wxgate.outbox.InvalidMessage;
import io.wxgate.outbox.MessageNotFound;
import io.wxgate.store.StoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers: {@code {"error": code, "message": text}} with
 * the right status. Handlers never catch. Unknown exceptions become a bare 500; their details go to
 * the log only, never to the client. Both the Javalin routes and the plain Jetty callback handler
 * answer through {@link #problem}.
 */
final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  /** An error answer: status, machine-readable code, human message, optional field errors. */
  record Problem(int status, String code, String message, List<Map<String, String>> errors) {
    Problem(int status, String code, String message) {
      this(status, code, message, null);
    }

    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", code);
      body.put("message", message == null ? code : message);
      if (errors != null) body.put("errors", errors);
      return body;
    }
  }

  /** Maps any exception a request can end with; logs what the client must not see. */
  static Problem problem(Exception e, String method, String path) {
    return switch (e) {
      case CallbackRejected r -> callbackRejected(r);
      case HttpResponseException h -> httpResponse(h);
      case WxgateException w -> wxgate(w, method, path);
      default -> {
        log.error("unexpected failure on {} {}", method, path, e);
        yield new Problem(500, "internal", "internal error");
      }
    };
  }

  /** Javalin's exception handler for every route it serves. */
  static void handle(Exception e, Context ctx) {
    write(ctx, problem(e, ctx.method().name(), ctx.path()));
  }

  static void write(Context ctx, Problem p) {
    ctx.status(p.status()).json(p.body());
  }

  static void error(Context ctx, int status, String code, String message) {
    write(ctx, new Problem(status, code, message));
  }

  private static Problem callbackRejected(CallbackRejected e) {
    int status =
        switch (e.reason()) {
          case UNKNOWN_APP -> 404;
          case BAD_SIGNATURE, STALE_TIMESTAMP, APPID_MISMATCH -> 401;
          case UNSUPPORTED_MEDIA_TYPE -> 415;
          case BODY_TOO_LARGE -> 413;
          case MISSING_PARAMETER,
              BAD_TIMESTAMP,
              MALFORMED_XML,
              FORBIDDEN_XML,
              UNSUPPORTED_ENCRYPTION,
              BAD_CIPHERTEXT,
              NOT_CONFIGURED_FOR_ENCRYPTION ->
              400;
        };
    return new Problem(status, e.reason().code(), e.getMessage());
  }

  private static Problem httpResponse(HttpResponseException e) {
    String code =
        switch (e.getStatus()) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 413 -> "body_too_large";
          default -> "http_" + e.getStatus();
        };
    return new Problem(e.getStatus(), code, e.getMessage());
  }

  private static Problem wxgate(WxgateException e, String method, String path) {
    return switch (e) {
      case InvalidMessage im ->
          new Problem(400, "invalid_request", im.getMessage(), MessageRoutes.errors(im.errors()));
      case ApiAuth.Unauthorized u -> new Problem(401, "unauthorized", u.getMessage());
      case ApiAuth.Forbidden f -> new Problem(403, "forbidden", f.getMessage());
      case MessageNotFound n -> new Problem(404, "not_found", n.getMessage());
      case IdempotencyConflict c -> new Problem(409, "idempotency_conflict", c.getMessage());
      case IllegalTransition t -> new Problem(409, "illegal_transition", t.getMessage());
      case ApiRateLimit.Exceeded x -> new Problem(429, "rate_limited", x.getMessage());
      case DeliveryNotFound n -> new Problem(404, "not_found", n.getMessage());
      case DeliveryNotRetryable r -> new Problem(409, "not_retryable", r.getMessage());
      case InvalidDeliveryQuery q -> new Problem(400, "invalid_request", q.getMessage());
      case ConfigException c -> new Problem(400, "invalid_request", c.getMessage());
      case CallbackUnavailable u -> {
        // WeChat retries a 5xx; the cause was logged where it happened
        log.warn("callback refused on {} {}: {}", method, path, u.getMessage());
        yield new Problem(503, "unavailable", "cannot take this push now; retry later");
      }
      case StoreException s -> {
        log.error("database failure on {} {} (sqlstate {})", method, path, s.sqlState());
        yield new Problem(503, "unavailable", "the database is unavailable; retry later");
      }
      default -> {
        log.error("unmapped {} on {} {}", e.getClass().getSimpleName(), method, path, e);
        yield new Problem(500, "internal", "internal error");
      }
    };
  }
}
