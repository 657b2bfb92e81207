package io.wxgate.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.wxgate.WxgateException;
import io.wxgate.callback.CallbackRejected;
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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers: {@code {"error": code, "message": text}} with
 * the right status. Handlers never catch. Unknown exceptions become a bare 500; their details go to
 * the log only, never to the client.
 */
final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  void callbackRejected(CallbackRejected e, Context ctx) {
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
    error(ctx, status, e.reason().code(), e.getMessage());
  }

  void httpResponse(HttpResponseException e, Context ctx) {
    String code =
        switch (e.getStatus()) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 413 -> "body_too_large";
          default -> "http_" + e.getStatus();
        };
    error(ctx, e.getStatus(), code, e.getMessage());
  }

  void wxgate(WxgateException e, Context ctx) {
    switch (e) {
      case InvalidMessage im -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_request");
        body.put("message", im.getMessage());
        body.put("errors", MessageRoutes.errors(im.errors()));
        ctx.status(400).json(body);
      }
      case ApiAuth.Unauthorized u -> error(ctx, 401, "unauthorized", u.getMessage());
      case ApiAuth.Forbidden f -> error(ctx, 403, "forbidden", f.getMessage());
      case MessageNotFound n -> error(ctx, 404, "not_found", n.getMessage());
      case IdempotencyConflict c -> error(ctx, 409, "idempotency_conflict", c.getMessage());
      case IllegalTransition t -> error(ctx, 409, "illegal_transition", t.getMessage());
      case ApiRateLimit.Exceeded x -> error(ctx, 429, "rate_limited", x.getMessage());
      case DeliveryNotFound n -> error(ctx, 404, "not_found", n.getMessage());
      case DeliveryNotRetryable r -> error(ctx, 409, "not_retryable", r.getMessage());
      case InvalidDeliveryQuery q -> error(ctx, 400, "invalid_request", q.getMessage());
      case ConfigException c -> error(ctx, 400, "invalid_request", c.getMessage());
      case StoreException s -> {
        log.error(
            "database failure on {} {} (sqlstate {})", ctx.method(), ctx.path(), s.sqlState());
        error(ctx, 503, "unavailable", "the database is unavailable; retry later");
      }
      default -> {
        log.error(
            "unmapped {} on {} {}", e.getClass().getSimpleName(), ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal", "internal error");
      }
    }
  }

  void unexpected(Exception e, Context ctx) {
    log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
    error(ctx, 500, "internal", "internal error");
  }

  static void error(Context ctx, int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message == null ? code : message);
    ctx.status(status).json(body);
  }
}
