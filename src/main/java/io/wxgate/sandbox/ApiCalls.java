package io.wxgate.sandbox;

import io.javalin.http.Context;
import io.wxgate.wechat.ErrCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Function;

/** Runs one WeChat API call: injected latency or hang, the endpoint's logic, record, answer. */
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
    Outcome outcome =
        faults.delayOrHang(api) ? Outcome.error(null, ErrCode.SYSTEM_BUSY) : logic.apply(ctx);
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
}
