package io.wxgate.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * One call to WeChat for a message: errcode 0 when it was accepted. {@code counted} is false for
 * attempts that did not use up the retry budget (quota pause, the first token error).
 */
public record Attempt(Instant at, int errcode, String errmsg, Duration latency, boolean counted) {}
