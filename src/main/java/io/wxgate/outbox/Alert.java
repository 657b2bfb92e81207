package io.wxgate.outbox;

import java.time.Instant;

/**
 * Something a human should look at. {@code kind} ({@code dead}, {@code quota_exhausted}, {@code
 * failure_rate}) and {@code appId} together decide rate limiting: one alert per pair per interval.
 * Texts never hold secrets, tokens or message contents beyond ids.
 */
public record Alert(String kind, String appId, String title, String text, Instant at) {}
