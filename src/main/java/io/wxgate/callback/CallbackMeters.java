package io.wxgate.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;

/** The callback pipeline's meters, registered once so the hot path only increments. */
final class CallbackMeters {
  static final String REJECTED = "wxgate.callback.rejected";
  static final String ACCEPTED = "wxgate.callback.accepted";
  static final String DUPLICATES = "wxgate.callback.duplicates";
  static final String HANDLER = "wxgate.callback.handler";
  static final String DEADLINE_MISSES = "wxgate.callback.deadline.misses";
  static final String HANDLER_ERRORS = "wxgate.callback.handler.errors";
  static final String FAILED = "wxgate.callback.failed";

  private final Map<CallbackRejected.Reason, Counter> rejected =
      new EnumMap<>(CallbackRejected.Reason.class);
  final Counter acceptedPlain;
  final Counter acceptedEncrypted;
  final Counter duplicates;
  final Timer handler;
  final Counter deadlineMisses;
  final Counter handlerErrors;
  final Counter failed;

  CallbackMeters(MeterRegistry registry) {
    for (CallbackRejected.Reason r : CallbackRejected.Reason.values()) {
      rejected.put(
          r,
          Counter.builder(REJECTED)
              .description("Callback requests refused before any handler, by reason")
              .tag("reason", r.code())
              .register(registry));
    }
    acceptedPlain = Counter.builder(ACCEPTED).tag("mode", "plaintext").register(registry);
    acceptedEncrypted = Counter.builder(ACCEPTED).tag("mode", "aes").register(registry);
    duplicates =
        Counter.builder(DUPLICATES)
            .description("WeChat retries answered without reaching a handler")
            .register(registry);
    handler =
        Timer.builder(HANDLER)
            .description("Handler latency, including interceptors")
            .publishPercentileHistogram()
            .register(registry);
    deadlineMisses =
        Counter.builder(DEADLINE_MISSES)
            .description("Handlers that did not answer within the callback deadline")
            .register(registry);
    handlerErrors = Counter.builder(HANDLER_ERRORS).register(registry);
    failed =
        Counter.builder(FAILED)
            .description("Accepted pushes answered with an error so that WeChat retries them")
            .register(registry);
  }

  void rejected(CallbackRejected.Reason reason) {
    rejected.get(reason).increment();
  }
}
