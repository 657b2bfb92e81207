package io.wxgate.sandbox;

import io.javalin.http.Context;
import io.wxgate.wechat.ErrCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * Runs one WeChat API call: injected latency or hang, an injected HTTP error, the endpoint's logic,
 * record, answer.
 */
final class ApiCalls {
  private final FaultInjector faults;
  private final RequestLog requests;
  private final InstantSource clock;

  ApiCalls(FaultInjector faults, RequestLog requests, InstantSource clock) {
    this.faults = faults;
    this.requests = requests;
    this.clock = clock;
  }

  void handle(Context ctx, String api, Function<Context, Outcome> logic) {
    Instant receivedAt = clock.instant();
    boolean hung = faults.delayOrHang(api);
    int httpError = hung ? 0 : faults.injectedHttpStatus(api);
    if (httpError != 0) {
      // what a proxy or load balancer in front of WeChat answers: no JSON, no errcode, no AppID
      requests.add(
          api,
          null,
          receivedAt,
          ctx.queryString(),
          ctx.body(),
          ErrCode.SYSTEM_BUSY,
          "HTTP " + httpError + " (injected)",
          null,
          false);
      String title = httpError + " " + reason(httpError);
      ctx.status(httpError)
          .contentType("text/html")
          .result(
              "<html>\r\n<head><title>"
                  + title
                  + "</title></head>\r\n<body>\r\n<center><h1>"
                  + title
                  + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
      return;
    }
    Outcome outcome = hung ? Outcome.error(null, ErrCode.SYSTEM_BUSY) : logic.apply(ctx);
    requests.add(
        api,
        outcome.appId(),
        receivedAt,
        ctx.queryString(),
        ctx.body(),
        outcome.errcode(),
        outcome.errmsg(),
        outcome.msgId(),
        outcome.duplicate());
    // WeChat answers errors with HTTP 200 and this exact content type.
    ctx.status(200)
        .contentType("application/json; encoding=utf-8")
        .result(outcome.json().toString());
  }

  private static String reason(int status) {
    return switch (status) {
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Temporarily Unavailable";
      case 504 -> "Gateway Time-out";
      default -> "Error";
    };
  }
}
