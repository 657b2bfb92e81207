package io.wxgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestLogTest {
  private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");

  @Test
  void keeps_the_latest_calls_but_counts_every_one() {
    RequestLog log = new RequestLog(3);
    for (int i = 1; i <= 5; i++)
      log.add("template", "wx1", T, null, "{\"n\":" + i + "}", 0, "ok", (long) i, false);
    log.add("token", "wx2", T, null, null, 0, "ok", null, false);

    assertThat(log.find(null, null)).extracting(RecordedRequest::seq).containsExactly(4L, 5L, 6L);
    assertThat(log.find("template", "wx1"))
        .extracting(RecordedRequest::msgId)
        .containsExactly(4L, 5L);
    assertThat(log.stats(null))
        .containsEntry("template", 5L)
        .containsEntry("token", 1L)
        .containsEntry("bizsend", 0L);
    assertThat(log.stats("wx1")).containsEntry("template", 5L).containsEntry("token", 0L);
  }

  @Test
  void credentials_are_redacted_when_read() {
    RequestLog log = new RequestLog();
    log.add(
        "token",
        "wx1",
        T,
        "grant_type=client_credential&appid=wx1&secret=s3cr3t",
        null,
        0,
        "ok",
        null,
        false);
    log.add(
        "stable_token",
        "wx1",
        T,
        null,
        "{\"appid\":\"wx1\",\"secret\" : \"s3cr3t\"}",
        0,
        "ok",
        null,
        false);
    log.add("template", "wx1", T, "access_token=tok3n", "{}", 0, "ok", 1L, false);

    assertThat(log.find(null, null))
        .extracting(r -> r.query() + " " + r.body())
        .containsExactly(
            "grant_type=client_credential&appid=wx1&secret=*** ",
            " {\"appid\":\"wx1\",\"secret\":\"***\"}",
            "access_token=*** {}")
        .noneMatch(s -> s.contains("s3cr3t") || s.contains("tok3n"));
  }

  @Test
  void calls_that_named_no_app_are_counted_too_and_clear_forgets_everything() {
    RequestLog log = new RequestLog();
    log.add("template", null, T, null, null, 40001, "invalid credential", null, false);

    assertThat(log.stats(null)).containsEntry("template", 1L);
    assertThat(log.stats("wx1")).containsEntry("template", 0L);
    log.clear();
    assertThat(log.find(null, null)).isEmpty();
    assertThat(log.stats(null)).containsEntry("template", 0L);
  }
}
